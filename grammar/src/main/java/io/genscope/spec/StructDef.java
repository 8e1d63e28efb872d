package io.genscope.spec;

import java.util.List;

/** A fixed-size state structure (RENDER_SURFACE_STATE, VERTEX_BUFFER_STATE, ...). */
public record StructDef(String name, int dwords, List<Member> members) implements Layout {
    public StructDef {
        members = List.copyOf(members);
    }
}
