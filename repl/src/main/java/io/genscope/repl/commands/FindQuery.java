package io.genscope.repl.commands;

import io.genscope.parser.decode.AddressRef;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.decode.FieldValue;
import io.genscope.parser.decode.FieldValues;
import io.genscope.repl.Completions;
import io.genscope.repl.Numbers;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.model.Entry;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Spec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code find} looks for: every term must hold.
 *
 * <ul>
 *   <li>{@code NAME} — the command's name ({@code *} matches any run of characters; any case);
 *   <li>{@code FIELD=VALUE}, {@code FIELD!=VALUE} — a field's value: a number compares the raw
 *       value, {@code true}/{@code false} booleans, other text the printed value or its enum name;
 *   <li>{@code START..END}, {@code START+LENGTH}, {@code ADDRESS} — an address field of the command
 *       points into {@code [START, END)} (or at ADDRESS), optionally only in {@code ggtt} or {@code ppgtt}.
 * </ul>
 */
final class FindQuery {
    /** One condition on a command; {@code detail} receives what matched, for printing. */
    sealed interface Term permits NameTerm, FieldTerm, RangeTerm {
    }

    record NameTerm(String text, Pattern pattern) implements Term {
    }

    record FieldTerm(String field, boolean negated, String value) implements Term {
    }

    record RangeTerm(long start, long end) implements Term {
    }

    private final List<Term> terms;
    private final AddressSpace space;
    private final Spec spec;
    private final Decoder decoder;
    private final Map<CommandDef, Set<String>> fieldsOf = new HashMap<>();

    private FindQuery(List<Term> terms, AddressSpace space, Spec spec) {
        this.terms = terms;
        this.space = space;
        this.spec = spec;
        this.decoder = new Decoder(spec);
    }

    /** Parses the words after {@code find}; fails with a message for what it cannot read. */
    static FindQuery parse(List<String> words, Spec spec) {
        List<Term> terms = new ArrayList<>();
        AddressSpace space = null;
        for (String t : joinOperators(words)) {
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.equals("ggtt") || lower.equals("ppgtt")) {
                space = lower.equals("ggtt") ? AddressSpace.GGTT : AddressSpace.PPGTT;
                continue;
            }
            int ne = t.indexOf("!=");
            int eq = t.indexOf('=');
            if (ne > 0 || eq > 0) {
                boolean negated = ne > 0 && ne < eq;
                String field = t.substring(0, negated ? ne : eq).strip();
                String value = t.substring((negated ? ne : eq) + (negated ? 2 : 1)).strip();
                if (value.isEmpty()) {
                    throw new ShellError("no value after '" + field + (negated ? "!=" : "=") + "'");
                }
                checkField(spec, field);
                terms.add(new FieldTerm(field, negated, value));
            } else if (looksLikeRange(t)) {
                terms.add(range(t));
            } else {
                terms.add(name(spec, t));
            }
        }
        if (terms.isEmpty()) {
            throw new ShellError("find what? e.g. find PIPE_CONTROL, find \"Post Sync Operation\"=1, find 0x1000..0x2000");
        }
        if (space != null && terms.stream().noneMatch(x -> x instanceof RangeTerm)) {
            throw new ShellError(space.name().toLowerCase(Locale.ROOT) + " applies to an address range: find ppgtt 0x1000..0x2000");
        }
        return new FindQuery(terms, space, spec);
    }

    /** {@code a = 1}, {@code a =1}, {@code a= 1} and {@code a=1} all become {@code a=1}. */
    static List<String> joinOperators(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (!out.isEmpty()) {
                String last = out.get(out.size() - 1);
                if (w.startsWith("=") || w.startsWith("!=") || last.endsWith("=")) {
                    out.set(out.size() - 1, last + w);
                    continue;
                }
            }
            out.add(w);
        }
        return out;
    }

    /** {@code 0x1000}, {@code 0x1000..0x2000}, {@code 4096+4k}: not a name like {@code 3DSTATE_*}. */
    static boolean looksLikeRange(String t) {
        int dots = t.indexOf("..");
        int plus = t.indexOf('+');
        String first = dots > 0 ? t.substring(0, dots) : plus > 0 ? t.substring(0, plus) : t;
        return Numbers.isNumber(first);
    }

    private static RangeTerm range(String t) {
        int dots = t.indexOf("..");
        int plus = t.indexOf('+');
        long start;
        long end;
        if (dots > 0) {
            start = Numbers.parse(t.substring(0, dots), "a start address");
            end = Numbers.parse(t.substring(dots + 2), "an end address");
        } else if (plus > 0) {
            start = Numbers.parse(t.substring(0, plus), "a start address");
            end = start + Numbers.size(t.substring(plus + 1));
        } else {
            start = Numbers.parse(t, "an address");
            end = start + 1;
        }
        start &= ShellContext.ADDRESS_MASK;
        end = Math.min(end, ShellContext.ADDRESS_MASK + 1);
        if (end <= start) {
            throw new ShellError(String.format("empty address range 0x%x..0x%x", start, end));
        }
        return new RangeTerm(start, end);
    }

    private static NameTerm name(Spec spec, String t) {
        StringBuilder re = new StringBuilder();
        String[] parts = t.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            re.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
        }
        Pattern p = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
        if (!t.contains("*") && spec.command(t) == null && !t.equalsIgnoreCase("unknown")
                && spec.commands().stream().noneMatch(c -> c.name().equalsIgnoreCase(t))) {
            throw new ShellError(spec.name() + " has no command named " + t + " (use * for patterns: find 3DSTATE_*)");
        }
        return new NameTerm(t, p);
    }

    private static void checkField(Spec spec, String field) {
        for (CommandDef c : spec.commands()) {
            for (String n : Completions.fieldNames(c.members())) {
                if (n.equalsIgnoreCase(field)) {
                    return;
                }
            }
        }
        throw new ShellError("no " + spec.name() + " command has a field named '" + field + "'");
    }

    /** Lines explaining the match (empty when the command does not match). */
    List<String> match(Entry e) {
        List<String> details = new ArrayList<>();
        for (Term t : terms) {
            if (t instanceof NameTerm n) {
                if (!n.pattern().matcher(e.name()).matches()) {
                    return null;
                }
            } else if (t instanceof FieldTerm f) {
                if (!fieldMatches(e, f, details)) {
                    return null;
                }
            } else if (t instanceof RangeTerm r) {
                if (!rangeMatches(e, r, details)) {
                    return null;
                }
            }
        }
        return details;
    }

    private boolean fieldMatches(Entry e, FieldTerm f, List<String> details) {
        CommandDef def = e.command().def();
        if (def == null) {
            return false;
        }
        Set<String> names = fieldsOf.computeIfAbsent(def, d -> {
            Set<String> s = new HashSet<>();
            for (String n : Completions.fieldNames(d.members())) {
                s.add(n.toLowerCase(Locale.ROOT));
            }
            return s;
        });
        if (!names.contains(f.field().toLowerCase(Locale.ROOT))) {
            return false;
        }
        boolean any = false;
        List<String> seen = new ArrayList<>();
        for (FieldValue v : decoder.fields(e.command())) {
            if (!baseName(v.name()).equalsIgnoreCase(f.field())) {
                continue;
            }
            seen.add("    " + v.name() + ": " + v.text());
            if (valueEquals(v, f.value())) {
                any = true;
                if (!f.negated()) {
                    details.add("    " + v.name() + ": " + v.text());
                }
            }
        }
        if (seen.isEmpty()) {
            return false;
        }
        if (f.negated()) {
            if (any) {
                return false;
            }
            details.addAll(seen);
            return true;
        }
        return any;
    }

    /** A field's name without group indexes ({@code Entry[2]} is {@code Entry}). */
    static String baseName(String name) {
        int b = name.indexOf('[');
        return b < 0 ? name : name.substring(0, b);
    }

    static boolean valueEquals(FieldValue v, String wanted) {
        String w = wanted.strip();
        if (Numbers.isNumber(w)) {
            return v.value() == Numbers.parse(w, "a value");
        }
        if (w.startsWith("-") && Numbers.isNumber(w.substring(1))) {
            return v.text().equals(w) || v.text().startsWith(w + " ");
        }
        if (w.equalsIgnoreCase("true") || w.equalsIgnoreCase("false")) {
            return (v.value() != 0) == w.equalsIgnoreCase("true");
        }
        String text = v.text();
        if (text.equalsIgnoreCase(w)) {
            return true;
        }
        int open = text.indexOf(" (");
        if (open > 0 && text.endsWith(")")) {
            return text.substring(open + 2, text.length() - 1).equalsIgnoreCase(w);
        }
        Map<Long, String> named = FieldValues.namedValues(v.def());
        String n = named.get(v.value());
        return n != null && n.equalsIgnoreCase(w);
    }

    private boolean rangeMatches(Entry e, RangeTerm r, List<String> details) {
        boolean any = false;
        for (AddressRef a : decoder.addresses(e.command())) {
            long address = a.address() & ShellContext.ADDRESS_MASK;
            if (address >= r.start() && address < r.end() && (space == null || a.space() == space)) {
                details.add(String.format("    %s: 0x%x (%s)", a.field(), address, a.space()));
                any = true;
            }
        }
        return any;
    }

    Spec spec() {
        return spec;
    }
}
