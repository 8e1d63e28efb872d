package io.genscope.spec;

import java.util.List;

/** Something with named bit fields: a command, a struct or a register. */
public sealed interface Layout permits CommandDef, StructDef, RegisterDef {
    String name();

    /** Members in printing order (by start bit). */
    List<Member> members();

    /**
     * Whether a top-level field is part of the layout's header: it overlaps dword-0 bits that
     * fields with a fixed value in bits 16..31 take (the rule that identifies commands; structs and
     * registers follow it too, and printers hide such fields).
     */
    default boolean isHeaderField(FieldDef f) {
        if (f.start() >= 32 || f.end() >= 32) {
            return false;
        }
        long bits = ((1L << (f.end() - f.start() + 1)) - 1) << f.start();
        return (headerMask() & bits) != 0;
    }

    /** Dword-0 bits covered by the header fields (see {@link #isHeaderField}). */
    default int headerMask() {
        int mask = 0;
        for (Member m : members()) {
            if (m instanceof FieldDef f) {
                if (f.end() > 31) {
                    break;
                }
                if (f.defaultValue() != null && (f.start() >= 16 || f.headerMatch())) {
                    mask |= (int) (((f.width() >= 32 ? 0xffffffffL : (1L << f.width()) - 1)) << f.start());
                }
            }
        }
        return mask;
    }

    /** The top-level field with this name, or null. */
    default FieldDef field(String fieldName) {
        for (Member m : members()) {
            if (m instanceof FieldDef f && f.name().equals(fieldName)) {
                return f;
            }
        }
        return null;
    }
}
