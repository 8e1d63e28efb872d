package io.genscope.parser.print;

import io.genscope.parser.decode.FieldValues;
import io.genscope.spec.FieldDef;
import io.genscope.spec.FieldType;
import io.genscope.spec.Layout;
import io.genscope.spec.StructDef;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a command or struct in the order the printer shows them, as the indirect-state
 * decoders look them up: by printed name ({@code Read Length[2]} inside groups), with the raw value
 * (addresses and offsets as byte values) and the printed text ({@code 3 (SIMD8)}). Values are read
 * through the layout's {@link PrintPlan}; the text is made only when asked for.
 */
final class IndirectFields {
    /** One field occurrence. */
    static final class Entry {
        private final PrintPlan.Field step;
        /** The group element indices of the field ({@code [1][0]}), or null outside groups. */
        private final int[] indices;
        private final int startBit;
        private final long raw;
        private final Entry previous;
        private final java.util.Map<Long, String> formats;
        private String name;
        private String text;

        Entry(PrintPlan.Field step, int[] indices, int startBit, long raw, Entry previous,
                java.util.Map<Long, String> formats) {
            this.step = step;
            this.indices = indices;
            this.name = indices == null ? step.def.name() : null;
            this.startBit = startBit;
            this.raw = raw;
            this.previous = previous;
            this.formats = formats;
        }

        FieldDef field() {
            return step.def;
        }

        /** The printed name ({@code Entry[2]} inside groups). */
        String name() {
            String n = name;
            if (n == null) {
                StringBuilder sb = new StringBuilder(step.def.name().length() + 4 * indices.length).append(step.def.name());
                for (int i : indices) {
                    sb.append('[').append(i).append(']');
                }
                n = sb.toString();
                name = n;
            }
            return n;
        }

        int startBit() {
            return startBit;
        }

        long raw() {
            return raw;
        }

        /** The value as printed (an mbo field repeats the previous field's text). */
        String text() {
            String t = text;
            if (t == null) {
                String last = step.kind == PrintPlan.MBO ? (previous == null ? "" : previous.text()) : "";
                t = FieldValues.text(step.def, raw, last);
                if (step.surfaceFormat && indices == null && (step.names == null || step.names.get(raw) == null)) {
                    String format = formats.get(raw);
                    if (format != null) {
                        t = t + " (" + format + ")";
                    }
                }
                text = t;
            }
            return t;
        }

        /**
         * What C's {@code strtol} makes of the printed value ({@link #parseLeading}), without
         * printing it where the value's kind tells: an address in hex, a number in decimal.
         */
        long number(int radix) {
            int kind = step.kind;
            boolean plain = radix == 16 ? kind == PrintPlan.ADDRESS
                    : radix == 10 && (kind == PrintPlan.UINT || kind == PrintPlan.INT || kind == PrintPlan.ENUM);
            if (plain && (raw >= 0 || kind != PrintPlan.UINT && kind != PrintPlan.ADDRESS)) {
                return raw;
            }
            return parseLeading(text(), radix);
        }

        /** Whether the printed value is {@code true} (a boolean's, or a repeated one). */
        boolean printsTrue() {
            return step.kind == PrintPlan.BOOL && !step.surfaceFormat ? raw != 0 : text().equals("true");
        }

        /** The struct this field embeds, or null. */
        String structName() {
            return step.structName;
        }

        /** Dword index (within the walked data) where the field starts. */
        int dword() {
            return startBit / 32;
        }

        /** Whether the printed name is {@code fieldName} (compared without making the name). */
        boolean is(String fieldName) {
            String base = step.def.name();
            if (indices == null) {
                return base.equals(fieldName);
            }
            if (!fieldName.startsWith(base)) {
                return false;
            }
            int at = base.length();
            for (int index : indices) {
                if (at >= fieldName.length() || fieldName.charAt(at) != '[') {
                    return false;
                }
                int close = fieldName.indexOf(']', at);
                String digits = Integer.toString(index);
                if (close - at - 1 != digits.length() || !fieldName.regionMatches(at + 1, digits, 0, digits.length())) {
                    return false;
                }
                at = close + 1;
            }
            return at == fieldName.length();
        }
    }

    private IndirectFields() {
    }

    /**
     * The fields of {@code layout} over {@code p[off..end)}, starting at bit 0 of {@code p[off]},
     * through the plans of {@code text}'s spec.
     */
    static List<Entry> of(TextOut text, Layout layout, int[] p, int off, int end) {
        PrintPlan plan = text.plan(layout);
        List<Entry> out = new ArrayList<>(plan.steps.length + 16);
        new RawWalk(p, off, Math.min(end, p.length), out, text.surfaceFormatNames()).steps(plan.steps, 0, 0);
        return out;
    }

    /**
     * As {@link #of(TextOut, Layout, int[], int, int)}, with entries for the fields {@code only}
     * chooses alone (in the same order, as far as the walk goes).
     */
    static List<Entry> of(TextOut text, Layout layout, int[] p, int off, int end, FieldSelection only) {
        PrintPlan plan = text.plan(layout);
        FieldSelection.Compiled chosen = plan.selection(only);
        if (chosen.all()) {
            return of(text, layout, p, off, end);
        }
        int last = Math.min(end, p.length);
        java.util.Map<Long, String> formats = text.surfaceFormatNames();
        if (chosen.flat() == null) {
            List<Entry> out = new ArrayList<>();
            RawWalk walk = new RawWalk(p, off, last, out, formats);
            walk.chosen = chosen.chosen();
            walk.steps(plan.steps, 0, 0);
            return out;
        }
        List<Entry> out = new ArrayList<>(chosen.flat().length);
        for (int id : chosen.flat()) {
            if (off + plan.reach[id] >= last) {
                break;
            }
            PrintPlan.Field f = plan.fields[id];
            out.add(new Entry(f, null, f.start, f.value(p, off + f.start / 32, last, f.start, f.end), null, formats));
        }
        return out;
    }

    /** The plan's fields over the dwords, with the walk's rules (see {@link TextOut}), values only. */
    private static final class RawWalk {
        private final int[] p;
        private final int off;
        private final int end;
        private final List<Entry> out;
        private final java.util.Map<Long, String> formats;
        private int[] idx = new int[4];
        private Entry previous;
        /** The fields to make entries for, by id; null: all. */
        private boolean[] chosen;

        RawWalk(int[] p, int off, int end, List<Entry> out, java.util.Map<Long, String> formats) {
            this.p = p;
            this.off = off;
            this.end = end;
            this.out = out;
            this.formats = formats;
        }

        boolean steps(PrintPlan.Step[] steps, int base, int level) {
            for (PrintPlan.Step s : steps) {
                if (s instanceof PrintPlan.Field f) {
                    if (!field(f, base, level)) {
                        return false;
                    }
                    continue;
                }
                PrintPlan.Group g = (PrintPlan.Group) s;
                for (int i = 0;; i++) {
                    int element = base + g.start() + i * g.stride();
                    if (level >= idx.length) {
                        idx = java.util.Arrays.copyOf(idx, level + 8);
                    }
                    idx[level] = i;
                    if (!steps(g.steps(), element, level + 1)) {
                        return false;
                    }
                    boolean more;
                    if (g.variable()) {
                        int len = off < end ? io.genscope.spec.LengthRules.fallback(p[off]) : -1;
                        more = (long) element + g.stride() < (long) len * 32;
                    } else {
                        more = i + 1 < g.count();
                    }
                    if (!more) {
                        break;
                    }
                }
            }
            return true;
        }

        private boolean field(PrintPlan.Field f, int base, int level) {
            int startBit = base + f.start;
            int endBit = base + f.end;
            int dword = off + startBit / 32;
            if (dword >= end || dword < off) {
                return false;
            }
            if (chosen != null && !chosen[f.id]) {
                return true;
            }
            long qw = f.value(p, dword, end, startBit, endBit);
            Entry e = new Entry(f, level == 0 ? null : java.util.Arrays.copyOf(idx, level), startBit, qw, previous, formats);
            out.add(e);
            previous = e;
            return true;
        }
    }

    /**
     * The fields of the struct embedded at {@code outer} (a field of a layout walked over
     * {@code p[0..]}), read from its first dword for the struct's full length.
     */
    static List<Entry> nested(TextOut text, StructDef struct, Entry outer, int[] p) {
        int at = outer.dword();
        return of(text, struct, p, at, Math.min(p.length, at + struct.dwords()));
    }

    /** The raw value of the first field with this name, or {@code fallback}. */
    static long raw(List<Entry> fields, String name, long fallback) {
        for (Entry e : fields) {
            if (e.is(name)) {
                return e.raw();
            }
        }
        return fallback;
    }

    /** {@link Entry#number} of the first field with this name, or 0 when there is none. */
    static long number(List<Entry> fields, String name, int radix) {
        for (Entry e : fields) {
            if (e.is(name)) {
                return e.number(radix);
            }
        }
        return 0;
    }

    /** The printed text of the first field with this name, or null. */
    static String text(List<Entry> fields, String name) {
        for (Entry e : fields) {
            if (e.is(name)) {
                return e.text();
            }
        }
        return null;
    }

    /**
     * What C's {@code strtol(text, NULL, radix)} makes of a printed value: optional blanks and sign,
     * a {@code 0x} prefix for radix 16, then digits up to the first other character (0 when there
     * are none); values beyond the range of a 64-bit long saturate.
     */
    static long parseLeading(String text, int radix) {
        if (text == null) {
            return 0;
        }
        int n = text.length();
        int i = 0;
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (radix == 16 && i + 2 < n && text.charAt(i) == '0' && (text.charAt(i + 1) | 0x20) == 'x'
                && Character.digit(text.charAt(i + 2), 16) >= 0) {
            i += 2;
        }
        long v = 0;
        boolean overflow = false;
        for (int d; i < n && (d = Character.digit(text.charAt(i), radix)) >= 0; i++) {
            if (v > (Long.MAX_VALUE - d) / radix) {
                overflow = true;
            } else {
                v = v * radix + d;
            }
        }
        if (overflow) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? -v : v;
    }
}
