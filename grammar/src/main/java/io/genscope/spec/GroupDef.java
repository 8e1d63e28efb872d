package io.genscope.spec;

import java.util.List;

/**
 * A repeated group of members: {@code count} elements of {@code stride} bits starting at bit
 * {@code start}; count 0 repeats to the end of the command.
 */
public record GroupDef(int count, int start, int stride, List<Member> members) implements Member {
    public GroupDef {
        members = List.copyOf(members);
    }

    /** Whether the group repeats until the command ends. */
    public boolean variable() {
        return count == 0;
    }
}
