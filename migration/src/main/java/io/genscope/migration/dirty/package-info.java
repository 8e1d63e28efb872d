/**
 * Internal to genscope: software dirty pages: page hashes, tag store, parallel re-hash. Not a supported API; its types may change in any release. Code that
 * embeds genscope uses the package {@code io.genscope.api} (artifact {@code io.genscope:genscope-api},
 * see docs/library.md).
 */
package io.genscope.migration.dirty;
