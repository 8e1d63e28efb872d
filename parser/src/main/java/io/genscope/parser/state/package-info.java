/**
 * Internal to genscope: state a command stream carries from one command to the next
 * ({@link io.genscope.parser.state.StateBases}). Not a supported API; its types may change in any
 * release. Code that embeds genscope uses the package {@code io.genscope.api} (artifact
 * {@code io.genscope:genscope-api}, see docs/library.md).
 */
package io.genscope.parser.state;
