/**
 * The EU (shader) instruction-set spec language: {@code *.euspec} files, one per generation
 * family, written by tools/eu/transcribe.py, and their loader ({@link io.genscope.eu.EuSpecLoader}).
 * Internal to genscope; code that embeds genscope uses {@code io.genscope.api}.
 */
package io.genscope.eu;
