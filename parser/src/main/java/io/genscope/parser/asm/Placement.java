package io.genscope.parser.asm;

/**
 * Where one command or {@code .dword} statement of the listing landed.
 *
 * @param line 1-based line of the statement
 * @param column 1-based column
 * @param name the command's name, or {@code .dword}
 * @param section index into {@link Program#sections()}
 * @param offset dword index within that section
 * @param length dwords it produced
 * @param address GPU address of its first dword
 */
public record Placement(int line, int column, String name, int section, int offset, int length, long address) {
}
