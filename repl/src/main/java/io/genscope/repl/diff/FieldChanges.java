package io.genscope.repl.diff;

import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.decode.FieldValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fields that differ between two commands of the same name, one line each. */
public final class FieldChanges {
    private FieldChanges() {
    }

    /**
     * Lines {@code Field: old -> new}, {@code -Field: old} (only in the first), {@code +Field: new}
     * (only in the second); when no decoded field differs (unknown commands, bits no field covers),
     * the differing dwords instead.
     */
    public static List<String> between(Decoder decoderA, Command a, Decoder decoderB, Command b) {
        Map<String, String> fa = texts(decoderA, a);
        Map<String, String> fb = texts(decoderB, b);
        List<String> out = new ArrayList<>();
        for (var e : fa.entrySet()) {
            String other = fb.get(e.getKey());
            if (other == null) {
                out.add("-" + e.getKey() + ": " + e.getValue());
            } else if (!other.equals(e.getValue())) {
                out.add(e.getKey() + ": " + e.getValue() + " -> " + other);
            }
        }
        for (var e : fb.entrySet()) {
            if (!fa.containsKey(e.getKey())) {
                out.add("+" + e.getKey() + ": " + e.getValue());
            }
        }
        if (out.isEmpty()) {
            int[] da = a.dwords();
            int[] db = b.dwords();
            for (int i = 0; i < Math.max(da.length, db.length); i++) {
                String va = i < da.length ? String.format("0x%08x", da[i]) : "-";
                String vb = i < db.length ? String.format("0x%08x", db[i]) : "-";
                if (!va.equals(vb)) {
                    out.add("dword " + i + ": " + va + " -> " + vb);
                }
            }
        }
        return out;
    }

    private static Map<String, String> texts(Decoder d, Command c) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldValue v : d.fields(c)) {
            out.merge(v.name(), v.text(), (x, y) -> x + ", " + y);
        }
        return out;
    }
}
