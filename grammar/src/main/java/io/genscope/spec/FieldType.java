package io.genscope.spec;

/** The type of a field: how its bits are read and printed. */
public sealed interface FieldType permits FieldType.Primitive, FieldType.Fixed, FieldType.EnumRef, FieldType.StructRef {

    /** Types without parameters. */
    enum Primitive implements FieldType {
        UINT, INT, BOOL, FLOAT,
        /** A graphics address; the start bit's position in its dword is the alignment shift. */
        ADDRESS,
        /** An offset from a base address, shifted like an address. */
        OFFSET,
        MBZ, MBO
    }

    /** Fixed point: {@code u4.8} is unsigned with 4 integer and 8 fraction bits, {@code s1.6} signed. */
    record Fixed(boolean signed, int integerBits, int fractionBits) implements FieldType {
        @Override
        public String toString() {
            return (signed ? "s" : "u") + integerBits + "." + fractionBits;
        }
    }

    /** A value from a named enumeration. */
    record EnumRef(EnumDef def) implements FieldType {
    }

    /** A nested structure, looked up by name in the same spec. */
    record StructRef(String name) implements FieldType {
    }

    /** Whether values of this type are graphics addresses or offsets (shifted by start % 32). */
    default boolean isAddressLike() {
        return this == Primitive.ADDRESS || this == Primitive.OFFSET;
    }
}
