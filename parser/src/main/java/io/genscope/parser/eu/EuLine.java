package io.genscope.parser.eu;

/**
 * One disassembled EU instruction.
 *
 * @param offset     byte offset of the instruction in the decoded stream
 * @param compacted  whether it was stored in the 64-bit compacted form
 * @param opcode     the mnemonic, or {@code null} for an unknown opcode
 * @param text       the text Mesa's disassembler prints for it (may span two lines for sends)
 * @param words      the native 128-bit form (uncompacted), little-endian words
 */
public record EuLine(int offset, boolean compacted, String opcode, String text, long[] words) {}
