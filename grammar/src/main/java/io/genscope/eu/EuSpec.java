package io.genscope.eu;

import java.util.Map;
import java.util.Optional;

/**
 * The EU instruction-set facts of one generation family, inheritance already applied.
 *
 * @param name    family name ({@code gen7}, {@code gen75}, {@code gen8} ... {@code gen12}, {@code gen125}, {@code gen20}, {@code gen30})
 * @param fields  fields of the native 128-bit form by name
 * @param compact fields of the 64-bit compacted form by name
 * @param scatter where each compaction table's entry bits land in the native form
 * @param desc    fields of the 32-bit send message descriptor by name
 * @param opcodes opcodes by hardware number
 * @param tables  compaction tables by name
 * @param names   value-to-text tables by name
 */
public record EuSpec(String name, Map<String, BitField> fields, Map<String, BitField> compact,
                     Map<String, BitField> scatter, Map<String, BitField> desc,
                     Map<Integer, EuOpcode> opcodes, Map<String, long[]> tables,
                     Map<String, Map<Integer, String>> names) {

    public EuSpec {
        fields = Map.copyOf(fields);
        compact = Map.copyOf(compact);
        scatter = Map.copyOf(scatter);
        desc = Map.copyOf(desc);
        opcodes = Map.copyOf(opcodes);
        tables = Map.copyOf(tables);
        names = Map.copyOf(names);
    }

    /** A native field, or an exception naming it if this generation lacks it. */
    public BitField field(String name) {
        BitField f = fields.get(name);
        if (f == null) throw new EuSpecException(this.name + ": no native field " + name);
        return f;
    }

    /** A compact-form field, or an exception naming it. */
    public BitField compactField(String name) {
        BitField f = compact.get(name);
        if (f == null) throw new EuSpecException(this.name + ": no compact field " + name);
        return f;
    }

    /** A compaction table, or an exception naming it. */
    public long[] table(String name) {
        long[] t = tables.get(name);
        if (t == null) throw new EuSpecException(this.name + ": no table " + name);
        return t;
    }

    /** Text for {@code value} in names table {@code table}, if any. */
    public Optional<String> name(String table, long value) {
        Map<Integer, String> m = names.get(table);
        if (m == null || value < 0 || value > Integer.MAX_VALUE) return Optional.empty();
        return Optional.ofNullable(m.get((int) value));
    }

    /** The names table itself (empty if absent). */
    public Map<Integer, String> names(String table) { return names.getOrDefault(table, Map.of()); }
}
