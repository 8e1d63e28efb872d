package io.genscope.parser.decode;

import io.genscope.spec.FieldDef;
import io.genscope.spec.FieldType;
import io.genscope.spec.Layout;
import io.genscope.spec.LengthRules;
import io.genscope.spec.Member;
import io.genscope.spec.GroupDef;
import java.util.Map;

/**
 * Walks the fields of a layout over dwords, in printing order, the way GPU engineers are used to
 * reading them from Mesa's aubinator: members by start bit, repeated groups element by element
 * (names suffixed {@code [i]}), and the walk ends at the first field that starts past the end of
 * the data.
 *
 * <p>Field extraction: a field narrower than 33 bits is read from the dword holding its start bit;
 * a wider one from that dword and the next (64 bits at most). Addresses and offsets are shifted
 * left by their start bit's position in its dword, so they print as byte addresses.
 */
public final class FieldValues {

    /** Receives each field in order. */
    public interface Visitor {
        /**
         * @param field the definition
         * @param name the printed name ({@code Entry[2]} inside groups)
         * @param startBit absolute start bit within the walked data (group offsets applied)
         * @param endBit absolute end bit
         * @param raw the extracted value (addresses already shifted)
         * @param text the value as printed
         */
        void field(FieldDef field, String name, int startBit, int endBit, long raw, String text);
    }

    private FieldValues() {
    }

    /**
     * Visits the fields of {@code layout} over {@code p[off..end)}, with the layout's bit 0 at bit
     * {@code pBit} of {@code p[off]} (non-zero for structs embedded mid-dword).
     */
    public static void walk(Layout layout, int[] p, int off, int end, int pBit, Visitor v) {
        walk(null, layout, p, off, end, pBit, v);
    }

    /**
     * As {@link #walk(Layout, int[], int, int, int, Visitor)}, naming surface formats from the
     * spec's {@code SURFACE_FORMAT} enum when the spec is given.
     */
    public static void walk(io.genscope.spec.Spec spec, Layout layout, int[] p, int off, int end, int pBit, Visitor v) {
        io.genscope.spec.EnumDef formats = spec == null ? null : spec.enumeration("SURFACE_FORMAT");
        new Walk(p, off, Math.min(end, p.length), pBit, v, formats == null ? Map.of() : formats.values())
                .members(layout.members(), 0, new int[8], 0);
    }

    /** The value of one top-level field of a command or struct at {@code p[off]}, or 0 past the end. */
    public static long raw(FieldDef f, int[] p, int off, int end) {
        int dword = off + f.start() / 32;
        if (dword >= Math.min(end, p.length)) {
            return 0;
        }
        return extract(f, p, dword, Math.min(end, p.length), f.start(), f.end());
    }

    private static long extract(FieldDef f, int[] p, int dword, int end, int fieldStart, int fieldEnd) {
        long qw;
        if (fieldEnd - fieldStart > 32) {
            qw = (dword + 1 < end ? (long) p[dword + 1] << 32 : 0) | (p[dword] & 0xffffffffL);
        } else {
            qw = p[dword] & 0xffffffffL;
        }
        qw = bits(qw, fieldStart, fieldEnd);
        if (f.type().isAddressLike()) {
            qw <<= fieldStart % 32;
        }
        return qw;
    }

    /** Bits start..end of a value read from the dword holding {@code start} (C shift semantics). */
    static long bits(long value, int start, int end) {
        int s;
        int e;
        if (end - start > 32) {
            int len = end - start;
            s = start % 32;
            e = s + len;
        } else {
            s = start % 32;
            e = end % 32;
        }
        long mask = (-1L >>> (63 - e + s)) << s;
        return (value & mask) >>> s;
    }

    /** Formats a value of a field's type as aubinator prints it ({@code last} is the previous text, kept for mbo). */
    public static String text(FieldDef f, long qw, String last) {
        FieldType t = f.type();
        String enumName = null;
        String s;
        if (t instanceof FieldType.Primitive prim) {
            switch (prim) {
                case INT -> {
                    s = Long.toString(qw);
                    enumName = f.values().isEmpty() ? null : f.values().get(qw);
                }
                case UINT, MBZ -> {
                    s = Long.toUnsignedString(qw);
                    enumName = f.values().isEmpty() ? null : f.values().get(qw);
                }
                case BOOL -> s = qw != 0 ? "true" : "false";
                case FLOAT -> s = CFormat.fixed6(Float.intBitsToFloat((int) qw));
                case ADDRESS, OFFSET -> s = CFormat.hex8(qw);
                case MBO -> s = last;
                default -> s = "";
            }
        } else if (t instanceof FieldType.Fixed fx) {
            float value;
            if (fx.signed()) {
                int width = fx.integerBits() + fx.fractionBits() + 1;
                int shift = 64 - width;
                long ext = (qw << shift) >> shift;
                value = (float) ext / (float) (1 << fx.fractionBits());
            } else {
                value = (float) qw / (float) (1 << fx.fractionBits());
            }
            s = CFormat.fixed6(value);
        } else if (t instanceof FieldType.EnumRef e) {
            s = Long.toString(qw);
            enumName = e.def().values().get(qw);
        } else {
            s = "<struct " + ((FieldType.StructRef) t).name() + ">";
        }
        return enumName == null ? s : s + " (" + enumName + ")";
    }

    private static final class Walk {
        private final int[] p;
        private final int off;
        private final int end;
        private final int pBit;
        private final Visitor v;
        private final Map<Long, String> formats;
        private String last = "";

        Walk(int[] p, int off, int end, int pBit, Visitor v, Map<Long, String> formats) {
            this.formats = formats;
            this.p = p;
            this.off = off;
            this.end = end;
            this.pBit = pBit;
            this.v = v;
        }

        /** Returns false when the walk must stop (a field past the end). */
        boolean members(java.util.List<Member> members, int base, int[] idx, int level) {
            for (Member m : members) {
                if (m instanceof FieldDef f) {
                    if (!field(f, base, idx, level)) {
                        return false;
                    }
                } else {
                    GroupDef g = (GroupDef) m;
                    int i = 0;
                    while (true) {
                        int element = base + g.start() + i * g.stride();
                        int[] next = idx.length > level + 1 ? idx : java.util.Arrays.copyOf(idx, level + 8);
                        next[level] = i;
                        if (!members(g.members(), element, next, level + 1)) {
                            return false;
                        }
                        boolean more;
                        if (g.variable()) {
                            int len = off < end ? LengthRules.fallback(p[off]) : -1;
                            more = (long) element + g.stride() < (long) len * 32;
                        } else {
                            more = i + 1 < g.count();
                        }
                        if (!more) {
                            break;
                        }
                        i++;
                    }
                }
            }
            return true;
        }

        private boolean field(FieldDef f, int base, int[] idx, int level) {
            int startBit = base + f.start();
            int endBit = base + f.end();
            int dword = off + startBit / 32;
            if (dword >= end || dword < off) {
                return false;
            }
            long qw = extract(f, p, dword, end, pBit + startBit, pBit + endBit);
            String text = text(f, qw, last);
            String name = f.name();
            if (level > 0) {
                StringBuilder sb = new StringBuilder(name);
                for (int l = 0; l < level; l++) {
                    sb.append('[').append(idx[l]).append(']');
                }
                name = sb.toString();
            }
            if (!formats.isEmpty() && (name.equals("Surface Format") || name.equals("Source Element Format"))
                    && namedValues(f).get(qw) == null && formats.containsKey(qw)) {
                text = text + " (" + formats.get(qw) + ")";
            }
            last = text;
            v.field(f, name, startBit, endBit, qw, text);
            return true;
        }
    }

    /** A read-only view of an inline or named enum, for completion and printing. */
    public static Map<Long, String> namedValues(FieldDef f) {
        if (f.type() instanceof FieldType.EnumRef e) {
            return e.def().values();
        }
        return f.values();
    }
}
