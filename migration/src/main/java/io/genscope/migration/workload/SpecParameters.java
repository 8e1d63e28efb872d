package io.genscope.migration.workload;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The {@code KIND[:key=value,...]} text of a workload option, split into its parameters. */
public final class SpecParameters {
    private SpecParameters() {
    }

    /**
     * The parameters of {@code text}, keys in lower case, in the order given.
     *
     * @param kind the word it must start with ({@code synthetic}, {@code xe-vf})
     * @throws IllegalArgumentException when the text is of another kind or a part is not key=value
     */
    public static Map<String, String> parse(String text, String kind) {
        String t = text.trim();
        String prefix = kind + ":";
        if (!t.equals(kind) && !t.startsWith(prefix)) {
            throw new IllegalArgumentException("unknown workload '" + text + "' (" + kind + "[:key=value,...])");
        }
        Map<String, String> kv = new LinkedHashMap<>();
        if (t.length() > prefix.length()) {
            for (String part : t.substring(prefix.length()).split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(kind + " workload: '" + part + "' is not key=value");
                }
                kv.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
            }
        }
        return kv;
    }
}
