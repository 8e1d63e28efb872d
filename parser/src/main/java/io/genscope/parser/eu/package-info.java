/**
 * Internal to genscope: the EU (shader) disassembler, driven by the EU spec
 * ({@link io.genscope.eu.EuSpec}), printing what Mesa 22.3.6's disassembler prints. Not a
 * supported API; code that embeds genscope uses {@code io.genscope.api}.
 */
package io.genscope.parser.eu;
