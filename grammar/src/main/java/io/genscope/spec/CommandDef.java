package io.genscope.spec;

import java.util.List;
import java.util.Set;

/**
 * A command: where it runs, how it is recognised and how long it is.
 *
 * <p>Length rule: with a field named {@code DWord Length}, its value plus {@code bias}; otherwise
 * {@code fixedDwords}; otherwise the generic rule of {@link LengthRules#fallback(int)}.
 *
 * @param name PRM/genxml name
 * @param engines engines that accept it
 * @param fixedDwords nominal length in dwords, or 0 when not stated
 * @param bias added to the DWord Length field
 * @param members fields and groups in printing order
 * @param headerMask dword-0 bits that identify the command
 * @param headerValue their values
 * @param lengthField the DWord Length field, or null
 * @param order definition order within the spec (earlier wins a header tie)
 */
public record CommandDef(String name, Set<Engine> engines, int fixedDwords, int bias, List<Member> members,
        int headerMask, int headerValue, FieldDef lengthField, int order) implements Layout {

    public CommandDef {
        engines = Set.copyOf(engines);
        members = List.copyOf(members);
    }

    /** Whether dword 0 carries this command's header. */
    public boolean matches(int dw0) {
        return (dw0 & headerMask) == headerValue;
    }

    /** The command's length in dwords as its first dword states it (at least 1). */
    public int length(int dw0) {
        if (lengthField != null) {
            int width = lengthField.end() - lengthField.start() + 1;
            int value = (dw0 >>> lengthField.start()) & (width >= 32 ? -1 : (1 << width) - 1);
            return Math.max(1, value + bias);
        }
        if (fixedDwords > 0) {
            return fixedDwords;
        }
        return Math.max(1, LengthRules.fallback(dw0));
    }

}
