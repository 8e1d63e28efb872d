package io.genscope.rewriter;

import io.genscope.spec.FieldDef;

/**
 * An address field the rewriter may translate: where it sits in its command, register or
 * structure, and what the spec says of it.
 *
 * @param layout the command, register or structure holding it ({@code PIPE_CONTROL})
 * @param pattern its printed name; {@code {}} stands for the element index of a repeated group
 *     that runs to the end of the command ({@code Vertex Buffer State[{}].Buffer Starting Address})
 * @param def the field's definition
 * @param startBit first bit of the (first element's) field within the layout
 * @param endBit last bit
 */
public record AddressField(String layout, String pattern, FieldDef def, int startBit, int endBit) {

    /** The field's name for element {@code element} of its repeated group (ignored when there is none). */
    public String name(int element) {
        return pattern.replace("{}", Integer.toString(Math.max(0, element)));
    }

    /** Whether the field repeats until the end of its command. */
    public boolean repeated() {
        return pattern.contains("{}");
    }

    /** Position of the field's lowest bit within its dword: the alignment shift of the address. */
    public int shift() {
        return startBit & 31;
    }

    /** Address bits the field can hold: shift + width ({@code 48} for bits 47:2, {@code 32} for 31:12). */
    public int topBit() {
        return shift() + endBit - startBit + 1;
    }
}
