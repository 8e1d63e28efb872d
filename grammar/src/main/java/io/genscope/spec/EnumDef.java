package io.genscope.spec;

import java.util.Map;

/**
 * A named set of values shared by several fields.
 *
 * @param name the enumeration's name
 * @param values value to name, in definition order
 */
public record EnumDef(String name, Map<Long, String> values) {
    public EnumDef {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
}
