package io.genscope.spec;

import java.util.List;

/** Something with named bit fields: a command, a struct or a register. */
public sealed interface Layout permits CommandDef, StructDef, RegisterDef {
    String name();

    /** Members in printing order (by start bit). */
    List<Member> members();

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
