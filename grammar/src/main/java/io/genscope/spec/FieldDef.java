package io.genscope.spec;

import java.util.Map;

/**
 * A bit field. Bits are absolute over the enclosing layout (bit 32 is dword 1 bit 0) or, inside a
 * group, relative to the group element.
 *
 * @param name the PRM/genxml name
 * @param start first bit
 * @param end last bit (inclusive)
 * @param type how to read it
 * @param defaultValue the fixed value (headers), or null
 * @param headerMatch whether the field takes part in identifying the command
 * @param values inline enumeration (value to name), possibly empty
 * @param space for address fields, which address space they name
 * @param conditions when the field is meaningful (all must hold); empty for always
 * @param line the spec line that defined it (for messages)
 */
public record FieldDef(String name, int start, int end, FieldType type, Long defaultValue, boolean headerMatch,
        Map<Long, String> values, SpaceRule space, java.util.List<ValidWhen> conditions, int line) implements Member {

    public FieldDef {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        conditions = java.util.List.copyOf(conditions);
    }

    /** Width in bits. */
    public int width() {
        return end - start + 1;
    }

    /** Whether this field holds a graphics address (not an offset from a base). */
    public boolean isAddress() {
        return type == FieldType.Primitive.ADDRESS;
    }
}
