package io.genscope.parser.print;

import io.genscope.spec.Layout;
import io.genscope.spec.LengthRules;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * The line-level pieces of aubinator's text layout, shared by the command printer and the
 * indirect-state decoders.
 *
 * <pre>
 * 0xfffefffee000:  0x7a000004 : Dword 0        a dword header: address, value, index
 *     DWord Length: 4                          a field: 4 spaces, name, ": ", value
 * </pre>
 *
 * Everything is formatted into a byte buffer (fields through their layout's {@link PrintPlan})
 * and handed to the output at the end of each call, so the output sees whole lines in order.
 */
public final class TextOut {
    private static final byte[] COLON = LineBuffer.ascii(": ");
    private static final byte[] HEX_PREFIX = LineBuffer.ascii("0x");
    private static final byte[] DWORD_MID = LineBuffer.ascii(":  0x");
    private static final byte[] FIELD_LEAD = LineBuffer.ascii("    ");

    private final Appendable out;
    private final Spec spec;
    private final PrintPlans plans;
    private final Map<Layout, PrintPlan> seen = new IdentityHashMap<>();
    private final LineBuffer buf = new LineBuffer();

    public TextOut(Appendable out, Spec spec) {
        this.out = out;
        this.spec = spec;
        this.plans = spec == null ? null : PrintPlans.of(spec);
    }

    public Spec spec() {
        return spec;
    }

    /** Writes one line (a newline is added). */
    public void line(CharSequence s) {
        buf.put(s);
        buf.put('\n');
        buf.drainTo(out);
    }

    /** {@code "    Name: value"}. */
    public void field(String name, String value) {
        buf.put(FIELD_LEAD);
        buf.put(name);
        buf.put(COLON);
        buf.put(value);
        buf.put('\n');
        buf.drainTo(out);
    }

    /** {@code 0x%08x:  0x%08x:  %-80s}: the first line of a command. */
    public void commandLine(long address, int dw0, String name, String mark) {
        LineBuffer b = buf;
        b.put(HEX_PREFIX);
        b.hex8(address);
        b.put(mark);
        b.put(DWORD_MID);
        b.hex8(dw0 & 0xffffffffL);
        b.put(':');
        b.put(' ');
        b.put(' ');
        b.put(name);
        b.spaces(80 - name.length());
        b.put('\n');
        b.drainTo(out);
    }

    /**
     * Prints a layout's fields with a dword header before the fields that end in each dword, and
     * nested structs expanded below their field, as aubinator's field printer does.
     *
     * @param address GPU address of {@code p[off]} (or the register offset for registers)
     * @param end index past the last valid dword of {@code p}
     * @param pBit bit offset of the layout within {@code p[off]}
     */
    public void group(Layout layout, long address, int[] p, int off, int end, int pBit) {
        group(layout, address, p, off, end, pBit, null);
    }

    /**
     * As {@link #group(Layout, long, int[], int, int, int)}; {@code beyond} supplies dword i when a
     * dword header falls past the data (aubinator prints what follows the command in memory there).
     */
    public void group(Layout layout, long address, int[] p, int off, int end, int pBit, IntUnaryOperator beyond) {
        new Walk(plan(layout), address, p, off, end, pBit, beyond).run();
        buf.drainTo(out);
    }

    private PrintPlan plan(Layout layout) {
        PrintPlan plan = seen.get(layout);
        if (plan == null) {
            plan = plans != null ? plans.plan(layout) : PrintPlan.compile(layout);
            seen.put(layout, plan);
        }
        return plan;
    }

    /** The plan of the struct a field embeds, or null when the spec has no such struct. */
    private PrintPlan nested(PrintPlan.Field f) {
        Object n = f.nested;
        if (n == null) {
            StructDef s = spec == null ? null : spec.struct(f.structName);
            n = s == null ? PrintPlan.NO_PLAN : plan(s);
            f.nested = n;
        }
        return n == PrintPlan.NO_PLAN ? null : (PrintPlan) n;
    }

    /**
     * One run of a plan over {@code p[off..end)}: fields in order, the walk ending at the first
     * field that starts past the data, each dword's header before the first field ending in it.
     */
    private final class Walk {
        private final PrintPlan plan;
        private final long address;
        private final int[] p;
        private final int off;
        private final int end;
        private final int pBit;
        private final IntUnaryOperator beyond;
        private int lastDword = -1;
        private int[] idx = new int[4];
        /** The previous field's text (an mbo field repeats it); kept only when the plan has one. */
        private byte[] last;
        private int lastLength;

        Walk(PrintPlan plan, long address, int[] p, int off, int end, int pBit, IntUnaryOperator beyond) {
            this.plan = plan;
            this.address = address;
            this.p = p;
            this.off = off;
            this.end = Math.min(end, p.length);
            this.pBit = pBit;
            this.beyond = beyond;
            this.last = plan.hasMbo ? new byte[64] : null;
        }

        void run() {
            steps(plan.steps, 0, 0);
        }

        /** Returns false when the walk must stop (a field past the end). */
        private boolean steps(PrintPlan.Step[] steps, int base, int level) {
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
                        int len = off < end ? LengthRules.fallback(p[off]) : -1;
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
            int fs = pBit + startBit;
            int fe = pBit + endBit;
            long qw;
            if (f.wide) {
                qw = (dword + 1 < end ? (long) p[dword + 1] << 32 : 0) | (p[dword] & 0xffffffffL);
            } else {
                qw = p[dword] & 0xffffffffL;
            }
            qw = bits(qw, fs, fe);
            if (f.addressLike) {
                qw <<= fs % 32;
            }
            int dw = endBit / 32;
            for (int i = lastDword + 1; i <= dw; i++) {
                dwordHeader(i);
            }
            lastDword = dw; // aubinator follows the field order, even backwards
            LineBuffer b = buf;
            if (plan.hidesHeader && startBit == f.start && f.header) {
                if (last != null) {
                    int mark = b.n;
                    value(f, qw, level);
                    keep(mark);
                    b.n = mark;
                }
                return true;
            }
            b.put(f.lead);
            if (level > 0) {
                for (int l = 0; l < level; l++) {
                    b.put('[');
                    b.dec(idx[l]);
                    b.put(']');
                }
            }
            b.put(COLON);
            int mark = b.n;
            value(f, qw, level);
            if (last != null) {
                keep(mark);
            }
            b.put('\n');
            if (f.kind == PrintPlan.STRUCT) {
                PrintPlan nested = nested(f);
                if (nested != null) {
                    int structDword = startBit / 32;
                    int at = off + structDword;
                    int structEnd = Math.min(p.length, at + ((StructDef) nested.layout).dwords());
                    new Walk(nested, address + 4L * structDword, p, at, structEnd, startBit % 32, null).run();
                }
            }
            return true;
        }

        /** Remembers the text written since {@code mark} as the previous field's. */
        private void keep(int mark) {
            int len = buf.n - mark;
            if (len > last.length) {
                last = new byte[Math.max(len, 2 * last.length)];
            }
            System.arraycopy(buf.buf, mark, last, 0, len);
            lastLength = len;
        }

        private void value(PrintPlan.Field f, long qw, int level) {
            LineBuffer b = buf;
            byte[] named = null;
            switch (f.kind) {
                case PrintPlan.UINT -> {
                    b.udec(qw);
                    named = f.names == null ? null : f.names.get(qw);
                }
                case PrintPlan.INT, PrintPlan.ENUM -> {
                    b.dec(qw);
                    named = f.names == null ? null : f.names.get(qw);
                }
                case PrintPlan.BOOL -> b.bool(qw != 0);
                case PrintPlan.FLOAT -> b.fixed6(Float.intBitsToFloat((int) qw));
                case PrintPlan.ADDRESS -> {
                    b.put(HEX_PREFIX);
                    b.hex8(qw);
                }
                case PrintPlan.MBO -> {
                    if (last != null) {
                        b.put(last, 0, lastLength);
                    }
                }
                case PrintPlan.FIXED -> {
                    float v;
                    if (f.fixedSigned) {
                        long ext = (qw << f.fixedShift) >> f.fixedShift;
                        v = (float) ext / f.fixedDivisor;
                    } else {
                        v = (float) qw / f.fixedDivisor;
                    }
                    b.fixed6(v);
                }
                case PrintPlan.STRUCT -> b.put(f.structText);
                default -> {
                }
            }
            if (named != null) {
                b.put(named);
            }
            if (f.surfaceFormat && level == 0 && plans != null && plans.surfaceFormats != null
                    && (f.names == null || f.names.get(qw) == null)) {
                byte[] format = plans.surfaceFormats.get(qw);
                if (format != null) {
                    b.put(format);
                }
            }
        }

        /** {@code 0x%08x:  0x%08x : Dword %d}. */
        private void dwordHeader(int i) {
            int value = off + i < p.length ? p[off + i] : beyond != null ? beyond.applyAsInt(i) : 0;
            buf.dwordHeader(address + 4L * i, value, i);
        }
    }

    /** Bits start..end of a value read from the dword holding {@code start} (C shift semantics). */
    static long bits(long value, int start, int end) {
        int s = start % 32;
        int e = end - start > 32 ? s + (end - start) : end % 32;
        long mask = (-1L >>> (63 - e + s)) << s;
        return (value & mask) >>> s;
    }
}
