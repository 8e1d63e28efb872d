package io.genscope.parser.print;

import io.genscope.spec.Layout;
import io.genscope.spec.LengthRules;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
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
 * Everything is formatted into a byte buffer (fields through their layout's {@link PrintPlan}):
 * a {@link ByteOut}'s own, or one handed to any other output at the end of each call, so the
 * output sees whole lines in order.
 */
public final class TextOut {
    private static final byte[] COLON = LineBuffer.ascii(": ");
    private static final byte[] DWORD_MID = LineBuffer.ascii(":  0x");
    private static final byte[] FIELD_LEAD = LineBuffer.ascii("    ");
    private static final byte[] NO_BYTES = {};
    /** Bytes one {@code [i]} suffix may take. */
    private static final int INDEX_ROOM = 13;
    private static final int SEEN = 512;

    private final Appendable out;
    private final Spec spec;
    private final PrintPlans plans;
    /** Plans already looked up, direct-mapped by the layout's identity hash (one probe per command). */
    private final Layout[] seenLayouts = new Layout[SEEN];
    private final PrintPlan[] seenPlans = new PrintPlan[SEEN];
    /** The output's own buffer when it is a {@link ByteOut}, else one drained to it after each call. */
    private final LineBuffer buf;
    /** The top-level walk, reused by each group (a walk prints nothing but its own fields). */
    private final Walk walk = new Walk();

    public TextOut(Appendable out, Spec spec) {
        this.out = out;
        this.buf = out instanceof ByteOut b ? b.lines() : new LineBuffer();
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
        commandLine(address, dw0, LineBuffer.ascii(name), name.length(), mark);
    }

    /** As {@link #commandLine(long, int, String, String)} for a command of the spec, its name pre-encoded. */
    void commandLine(long address, int dw0, Layout command, String mark) {
        PrintPlan plan = plan(command);
        commandLine(address, dw0, plan.title, plan.titleChars, mark);
    }

    private void commandLine(long address, int dw0, byte[] name, int nameChars, String mark) {
        byte[] marked = mark.isEmpty() ? NO_BYTES : LineBuffer.ascii(mark);
        int pad = Math.max(0, 80 - nameChars);
        LineBuffer lb = buf;
        lb.ensure(64 + marked.length + name.length + pad);
        byte[] b = lb.buf;
        int at = lb.n;
        b[at] = '0';
        b[at + 1] = 'x';
        at = LineBuffer.hex8(b, at + 2, address);
        at = LineBuffer.put(b, at, marked);
        at = LineBuffer.put(b, at, DWORD_MID);
        at = LineBuffer.hex8(b, at, dw0 & 0xffffffffL);
        b[at] = ':';
        b[at + 1] = ' ';
        b[at + 2] = ' ';
        at = LineBuffer.put(b, at + 3, name);
        java.util.Arrays.fill(b, at, at + pad, (byte) ' ');
        at += pad;
        b[at] = '\n';
        lb.n = at + 1;
        lb.drainTo(out);
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
        walk.start(plan(layout), address, p, off, end, pBit, beyond).run();
        buf.drainTo(out);
    }

    PrintPlan plan(Layout layout) {
        int slot = System.identityHashCode(layout) & (SEEN - 1);
        if (seenLayouts[slot] == layout) {
            return seenPlans[slot];
        }
        PrintPlan plan = plans != null ? plans.plan(layout) : PrintPlan.compile(layout, 0);
        seenLayouts[slot] = layout;
        seenPlans[slot] = plan;
        return plan;
    }

    /** The spec's SURFACE_FORMAT names (empty without a spec). */
    java.util.Map<Long, String> surfaceFormatNames() {
        return plans == null ? java.util.Map.of() : plans.surfaceFormatNames;
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
        /** The walk of a struct embedded in this walk's layout (reused, as this one is). */
        private Walk inner;
        private PrintPlan plan;
        private long address;
        private int[] p;
        private int off;
        private int end;
        private int pBit;
        private IntUnaryOperator beyond;
        private int lastDword;
        private int[] idx = new int[4];
        /** Whether the previous field's text is kept (an mbo field repeats it): only when the plan has one. */
        private boolean keepsLast;
        private byte[] last = new byte[64];
        private int lastLength;

        /** Makes this the walk of {@code plan} over {@code p[off..end)}. */
        Walk start(PrintPlan plan, long address, int[] p, int off, int end, int pBit, IntUnaryOperator beyond) {
            this.plan = plan;
            this.address = address;
            this.p = p;
            this.off = off;
            this.end = Math.min(end, p.length);
            this.pBit = pBit;
            this.beyond = beyond;
            this.lastDword = -1;
            this.keepsLast = plan.hasMbo;
            this.lastLength = 0;
            return this;
        }

        void run() {
            if (plan.reach != null) { // no groups: the fields in order
                for (PrintPlan.Field f : plan.fields) {
                    if (!field(f, 0, 0)) {
                        return;
                    }
                }
                return;
            }
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
            long qw = f.value(p, dword, end, fs, fe);
            int dw = endBit / 32;
            for (int i = lastDword + 1; i <= dw; i++) {
                dwordHeader(i);
            }
            lastDword = dw; // aubinator follows the field order, even backwards
            LineBuffer lb = buf;
            if (f.header && startBit == f.start) {
                if (keepsLast) {
                    lb.ensure(f.room + lastLength);
                    keep(lb.buf, lb.n, value(lb.buf, lb.n, f, qw, level));
                }
                return true;
            }
            // one check for the whole line: the name, the group indices, the value and its names
            lb.ensure(f.room + INDEX_ROOM * level + (keepsLast ? lastLength : 0));
            byte[] b = lb.buf;
            int mark;
            if (level == 0) {
                mark = LineBuffer.put(b, lb.n, f.leadColon);
            } else {
                int at = LineBuffer.put(b, lb.n, f.lead);
                for (int l = 0; l < level; l++) {
                    b[at] = '[';
                    at = LineBuffer.dec(b, at + 1, idx[l]);
                    b[at++] = ']';
                }
                b[at] = ':';
                b[at + 1] = ' ';
                mark = at + 2;
            }
            int at = value(b, mark, f, qw, level);
            if (keepsLast) {
                keep(b, mark, at);
            }
            b[at] = '\n';
            lb.n = at + 1;
            if (f.kind == PrintPlan.STRUCT) {
                PrintPlan nested = nested(f);
                if (nested != null) {
                    int structDword = startBit / 32;
                    int at2 = off + structDword;
                    int structEnd = Math.min(p.length, at2 + ((StructDef) nested.layout).dwords());
                    if (inner == null) {
                        inner = new Walk();
                    }
                    inner.start(nested, address + 4L * structDword, p, at2, structEnd, startBit % 32, null).run();
                }
            }
            return true;
        }

        /** Remembers {@code b[from..to)} as the previous field's text. */
        private void keep(byte[] b, int from, int to) {
            int len = to - from;
            if (len > last.length) {
                last = new byte[Math.max(len, 2 * last.length)];
            }
            System.arraycopy(b, from, last, 0, len);
            lastLength = len;
        }

        /** Writes the value's text at {@code b[at]} (room reserved by the caller); returns the end. */
        private int value(byte[] b, int at, PrintPlan.Field f, long qw, int level) {
            byte[] named = null;
            switch (f.kind) {
                case PrintPlan.UINT -> {
                    at = LineBuffer.udec(b, at, qw);
                    named = f.names == null ? null : f.names.get(qw);
                }
                case PrintPlan.INT, PrintPlan.ENUM -> {
                    at = LineBuffer.dec(b, at, qw);
                    named = f.names == null ? null : f.names.get(qw);
                }
                case PrintPlan.BOOL -> at = LineBuffer.bool(b, at, qw != 0);
                case PrintPlan.FLOAT -> at = LineBuffer.fixed6(b, at, Float.intBitsToFloat((int) qw));
                case PrintPlan.ADDRESS -> {
                    b[at] = '0';
                    b[at + 1] = 'x';
                    at = LineBuffer.hex8(b, at + 2, qw);
                }
                case PrintPlan.MBO -> {
                    if (keepsLast) {
                        System.arraycopy(last, 0, b, at, lastLength);
                        at += lastLength;
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
                    at = LineBuffer.fixed6(b, at, v);
                }
                case PrintPlan.STRUCT -> at = LineBuffer.put(b, at, f.structText);
                default -> {
                }
            }
            if (named != null) {
                at = LineBuffer.put(b, at, named);
            }
            if (f.surfaceFormat && level == 0 && plans != null && plans.surfaceFormats != null
                    && (f.names == null || f.names.get(qw) == null)) {
                byte[] format = plans.surfaceFormats.get(qw);
                if (format != null) {
                    at = LineBuffer.put(b, at, format);
                }
            }
            return at;
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
