package io.genscope.parser.eu;

import io.genscope.eu.BitField;
import io.genscope.eu.EuSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * A listing as JSON: one object per instruction with its offset, form, mnemonic, text, the
 * native-form bytes and every native field the spec defines for the generation (by name).
 */
public final class EuJson {
    private EuJson() {}

    public static String of(EuSpec spec, EuListing listing) {
        StringBuilder sb = new StringBuilder("{\"gen\":").append(str(spec.name())).append(",\"instructions\":[");
        Map<String, BitField> fields = new TreeMap<>(spec.fields());
        boolean first = true;
        for (EuLine l : listing.lines()) {
            if (!first) sb.append(',');
            first = false;
            sb.append("\n{\"offset\":").append(l.offset())
                    .append(",\"compacted\":").append(l.compacted())
                    .append(",\"opcode\":").append(l.opcode() == null ? "null" : str(l.opcode()))
                    .append(",\"text\":").append(str(l.text().strip()))
                    .append(",\"native\":\"").append(String.format("%016x%016x", l.words()[1], l.words()[0])).append('"')
                    .append(",\"fields\":{");
            boolean f1 = true;
            for (var e : fields.entrySet()) {
                if (!f1) sb.append(',');
                f1 = false;
                sb.append(str(e.getKey())).append(':').append(Long.toUnsignedString(e.getValue().get(l.words())));
            }
            sb.append("}}");
        }
        sb.append("],\"problems\":[");
        first = true;
        for (EuProblem p : listing.problems()) {
            if (!first) sb.append(',');
            first = false;
            sb.append("{\"offset\":").append(p.offset()).append(",\"message\":").append(str(p.message())).append('}');
        }
        return sb.append("]}\n").toString();
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
