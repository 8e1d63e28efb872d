/**
 * Internal to genscope: logical ring context images read through the spec's layout
 * ({@link io.genscope.parser.context.ContextImage}). Not a supported API; its types may change in
 * any release. Code that embeds genscope uses the package {@code io.genscope.api} (artifact
 * {@code io.genscope:genscope-api}, see docs/library.md).
 */
package io.genscope.parser.context;
