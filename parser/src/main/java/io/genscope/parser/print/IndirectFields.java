package io.genscope.parser.print;

import io.genscope.parser.decode.FieldValues;
import io.genscope.spec.FieldDef;
import io.genscope.spec.FieldType;
import io.genscope.spec.Layout;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a command or struct in the order the printer shows them, as the indirect-state
 * decoders look them up: by printed name ({@code Read Length[2]} inside groups), with the raw value
 * (addresses and offsets as byte values) and the printed text ({@code 3 (SIMD8)}).
 */
final class IndirectFields {
    /** One field occurrence. */
    record Entry(FieldDef field, String name, int startBit, long raw, String text) {
        /** The struct this field embeds, or null. */
        String structName() {
            return field.type() instanceof FieldType.StructRef ref ? ref.name() : null;
        }

        /** Dword index (within the walked data) where the field starts. */
        int dword() {
            return startBit / 32;
        }

        boolean is(String fieldName) {
            return name.equals(fieldName);
        }
    }

    private IndirectFields() {
    }

    /** The fields of {@code layout} over {@code p[off..end)}, starting at bit 0 of {@code p[off]}. */
    static List<Entry> of(Spec spec, Layout layout, int[] p, int off, int end) {
        List<Entry> out = new ArrayList<>();
        FieldValues.walk(spec, layout, p, off, end, 0,
                (f, name, startBit, endBit, raw, text) -> out.add(new Entry(f, name, startBit, raw, text)));
        return out;
    }

    /**
     * The fields of the struct embedded at {@code outer} (a field of a layout walked over
     * {@code p[0..]}), read from its first dword for the struct's full length.
     */
    static List<Entry> nested(Spec spec, StructDef struct, Entry outer, int[] p) {
        int at = outer.dword();
        return of(spec, struct, p, at, Math.min(p.length, at + struct.dwords()));
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
