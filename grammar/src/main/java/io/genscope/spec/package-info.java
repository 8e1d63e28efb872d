/**
 * Internal to genscope: the GenSpec language, the built-in gen8/9/11/12 specs and their loader. Not a supported API; its types may change in any release. Code that
 * embeds genscope uses the package {@code io.genscope.api} (artifact {@code io.genscope:genscope-api},
 * see docs/library.md).
 */
package io.genscope.spec;
