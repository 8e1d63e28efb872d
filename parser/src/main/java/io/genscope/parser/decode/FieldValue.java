package io.genscope.parser.decode;

import io.genscope.spec.FieldDef;

/**
 * One decoded field of a command.
 *
 * @param name printed name ({@code Element[1]} inside repeated groups)
 * @param def the field's definition
 * @param startBit absolute start bit within the command
 * @param endBit absolute end bit
 * @param value the raw value (addresses shifted to byte addresses)
 * @param text the value as printed
 * @param header whether the field is part of the command's header
 */
public record FieldValue(String name, FieldDef def, int startBit, int endBit, long value, String text, boolean header) {
    /** The dword the field ends in (where aubinator prints it). */
    public int dword() {
        return endBit / 32;
    }
}
