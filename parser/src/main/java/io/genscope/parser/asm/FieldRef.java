package io.genscope.parser.asm;

import io.genscope.spec.FieldDef;

/**
 * A field resolved to absolute bits of one command: group offsets and enclosing structs applied.
 *
 * <pre>
 * "Register Offset"[1] in MI_LOAD_REGISTER_IMM (gen9): group at bit 96, stride 64, field bits 2..22
 *   start = 96 + 1*64 + 2 = 162, end = 96 + 64 + 22 = 182, groupEnd = 96 + 2*64 = 224 (7 dwords)
 * </pre>
 *
 * A command given this field is at least {@code groupEnd} bits long (a whole group element), and
 * reaches at least the highest set bit of the value: {@code "Immediate Data"=5} in a
 * MI_STORE_DATA_IMM (bits 96..159) needs dword 3 only, {@code =0x100000000} needs dword 4.
 *
 * @param path the path as written back: {@code "Element"[0]."Valid"}
 * @param def the field's definition
 * @param start first bit within the command
 * @param end last bit within the command (inclusive)
 * @param groupEnd the end bit (exclusive) of the outermost group element holding the field, or 0
 */
record FieldRef(String path, FieldDef def, int start, int end, int groupEnd) {
    /** Width in bits. */
    int width() {
        return end - start + 1;
    }

    /** Bits a command needs to hold this field with this raw value (see above). */
    long reach(long raw) {
        int significant = Math.min(width(), Math.max(1, 64 - Long.numberOfLeadingZeros(raw)));
        return Math.max(groupEnd, (long) start + significant);
    }

    /** For addresses and offsets: the value's low bits the field does not hold (start bit within its dword). */
    int shift() {
        return def.type().isAddressLike() ? start % 32 : 0;
    }
}
