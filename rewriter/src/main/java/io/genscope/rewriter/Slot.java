package io.genscope.rewriter;

/**
 * One address field compiled for the hot path: absolute bit positions, the rule that makes it a
 * GGTT address, and where its gate and validity conditions are read.
 *
 * <pre>
 * element e of a repeated slot starts at startBit + e * stride (e = 0, 1, ... while it fits);
 * a reference with {@code moves} set is read at the same element offset, otherwise where it is.
 * </pre>
 */
final class Slot {
    static final int GGTT = 0;
    static final int PPGTT = 1;
    static final int BATCH = 2;

    /** A field read to decide (a gate or a condition). {@code start < 0}: absent, reads as 0. */
    record Ref(int start, int end, boolean moves, boolean addressLike) {
        static final Ref ABSENT = new Ref(-1, -1, false, false);
    }

    final AddressField field;
    final int start;
    final int end;
    /** Bits between elements of a group that repeats to the end of the command; 0 for a single field. */
    final int stride;
    /** GGTT, PPGTT or BATCH: the space when the gate holds (or always without a gate). */
    final int kind;
    /** The gate field, or null when the rule has none; {@link Ref#ABSENT} when the spec names a missing field. */
    final Ref gate;
    final long gateValue;
    final Ref[] conditions;
    final boolean[] equal;
    final long[] values;
    final int shift;
    final int width;
    final int top;

    Slot(AddressField field, int start, int end, int stride, int kind, Ref gate, long gateValue, Ref[] conditions,
            boolean[] equal, long[] values) {
        this.field = field;
        this.start = start;
        this.end = end;
        this.stride = stride;
        this.kind = kind;
        this.gate = gate;
        this.gateValue = gateValue;
        this.conditions = conditions;
        this.equal = equal;
        this.values = values;
        this.shift = start & 31;
        this.width = end - start + 1;
        this.top = shift + width;
    }

    /** Whether the field names the GGTT in a command whose element {@code e} starts {@code delta} bits further. */
    boolean isGgtt(int[] d, int at, int limitBits, int delta, boolean batchGgtt) {
        for (int c = 0; c < conditions.length; c++) {
            if ((read(conditions[c], d, at, limitBits, delta) == values[c]) != equal[c]) {
                return false;
            }
        }
        if (kind == BATCH) {
            return batchGgtt;
        }
        boolean holds = gate == null || read(gate, d, at, limitBits, delta) == gateValue;
        return kind == GGTT ? holds : !holds;
    }

    private static long read(Ref r, int[] d, int at, int limitBits, int delta) {
        if (r.start() < 0) {
            return 0;
        }
        int s = r.start() + (r.moves() ? delta : 0);
        int e = r.end() + (r.moves() ? delta : 0);
        if (s >= limitBits) {
            return 0;
        }
        long v = Bits.read(d, at, s, Math.min(e, limitBits - 1));
        return r.addressLike() ? v << (s & 31) : v;
    }
}
