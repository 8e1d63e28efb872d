package io.genscope.spec;

import java.util.List;

/** An MMIO register layout, used to decode LRI/SRM/LRM targets. */
public record RegisterDef(String name, int offset, int dwords, List<Member> members) implements Layout {
    public RegisterDef {
        members = List.copyOf(members);
    }
}
