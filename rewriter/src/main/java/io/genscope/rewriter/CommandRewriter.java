package io.genscope.rewriter;

import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.LengthRules;
import io.genscope.spec.Spec;

/**
 * Rewrites the GGTT addresses of commands in place, from the source windows of a {@link WindowMap}
 * to its target windows ({@code g2h}; pass {@link WindowMap#inverse()} for {@code h2g}).
 *
 * <p>What is an address comes from the spec through {@link AddressPlan}: a field is rewritten when
 * its validity conditions hold and its space rule names the GGTT. A buffer that runs from the
 * PPGTT (a non-privileged batch) is left alone: the hardware keeps its memory accesses inside the
 * context's page tables, and GVT-g does not scan it either.
 *
 * <p>A field is rewritten in its own bits only: flag bits sharing its dwords and the low bits below
 * its alignment survive. Bits 47:0 are translated; when the field also covers bits 63:48 they stay
 * canonical (copies of bit 47) if they were, and are kept as they were otherwise. A translated
 * address that needs more bits than the field has, or that lies outside the source windows, is left
 * unchanged and reported to the {@link RewriteSink}.
 *
 * <p>MI_LOAD_REGISTER_IMM values written to registers the spec marks as address-holding (ring
 * start, context pointers, fences, ...) are rewritten through the registers' layouts.
 *
 * <p>The hot path allocates nothing. Not thread-safe: one instance per thread.
 */
public final class CommandRewriter {
    private static final long MASK48 = (1L << 48) - 1;

    private final Spec spec;
    private final AddressPlan plan;
    private final WindowMap map;
    private final CommandDef lri;
    /** The result of the last successful {@link #translate}. */
    private long translated;

    /** A rewriter from {@code map}'s guest windows to its host windows. */
    public CommandRewriter(Spec spec, WindowMap map) {
        this.spec = spec;
        this.plan = AddressPlan.of(spec);
        this.map = map;
        this.lri = spec.command("MI_LOAD_REGISTER_IMM");
    }

    public Spec spec() {
        return spec;
    }

    public WindowMap map() {
        return map;
    }

    public AddressPlan plan() {
        return plan;
    }

    /**
     * Rewrites the commands in {@code d[off..end)}, read one after another as a buffer running
     * from {@code space} on {@code engine}.
     *
     * @return how many addresses were translated (0 for a PPGTT buffer, which is left alone)
     */
    public int rewrite(Engine engine, AddressSpace space, int[] d, int off, int end, RewriteSink sink) {
        if (space != AddressSpace.GGTT) {
            return 0;
        }
        int n = 0;
        int i = Math.max(0, off);
        int stop = Math.min(end, d.length);
        while (i < stop) {
            int dw0 = d[i];
            CommandDef def = spec.find(engine, dw0);
            int len = def != null ? def.length(dw0) : Math.max(1, LengthRules.fallback(dw0));
            if (def != null && (def == lri || plan.slots(def).length > 0)) {
                n += rewrite(def, len, d, i, stop, sink);
            }
            i += len;
        }
        return n;
    }

    /**
     * Rewrites one command of a GGTT buffer, at {@code d[at]}, whose dwords available end at
     * {@code end} (exclusive; a command cut off there has its later fields left alone).
     *
     * @return how many addresses were translated
     */
    public int rewriteCommand(CommandDef def, int[] d, int at, int end, RewriteSink sink) {
        return rewrite(def, def.length(d[at]), d, at, end, sink);
    }

    private int rewrite(CommandDef def, int len, int[] d, int at, int end, RewriteSink sink) {
        int avail = Math.min(len, Math.min(end, d.length) - at);
        int limit = avail * 32;
        int n = 0;
        Slot[] slots = plan.slots(def);
        for (int i = 0; i < slots.length; i++) {
            Slot s = slots[i];
            if (s.stride == 0) {
                n += field(s, d, at, limit, 0, -1, def.name(), at, sink);
                continue;
            }
            // the fields of a group repeating to the end: element by element, in address order
            int last = i;
            while (last + 1 < slots.length && slots[last + 1].stride == s.stride) {
                last++;
            }
            for (int e = 0, delta = 0; s.start + delta < limit; e++, delta += s.stride) {
                for (int k = i; k <= last; k++) {
                    n += field(slots[k], d, at, limit, delta, e, def.name(), at, sink);
                }
            }
            i = last;
        }
        if (def == lri) {
            n += registerPairs(d, at, avail, sink);
        }
        return n;
    }

    /** MI_LOAD_REGISTER_IMM: (register offset in bits 22:2, value) pairs from dword 1. */
    private int registerPairs(int[] d, int at, int avail, RewriteSink sink) {
        int n = 0;
        for (int k = 1; k + 1 < avail; k += 2) {
            Slot[] slots = plan.registerSlots(d[at + k] & 0x7ffffc);
            if (slots != null) {
                for (Slot s : slots) {
                    n += field(s, d, at + k + 1, 32, 0, -1, lri.name(), at, sink);
                }
            }
        }
        return n;
    }

    /**
     * Rewrites a dword written to an MMIO register ({@code offset}) when the register holds a GGTT
     * address there; returns the dword to write instead (the same when nothing applies).
     */
    public int rewriteRegister(int offset, int value, RewriteSink sink) {
        Slot[] slots = plan.registerSlots(offset);
        return slots == null ? value : apply(slots, value, "MMIO write", sink);
    }

    /** Rewrites the low dword of an execlist context descriptor (its LRCA, when valid). */
    public int rewriteDescriptorLow(int value, RewriteSink sink) {
        return apply(plan.descriptorLow(), value, "execlist submission", sink);
    }

    private int apply(Slot[] slots, int value, String what, RewriteSink sink) {
        int[] one = {value};
        for (Slot s : slots) {
            field(s, one, 0, 32, 0, -1, what, 0, sink);
        }
        return one[0];
    }

    /** One field (element) of a command at {@code d[at]}; returns 1 when it was translated. */
    private int field(Slot s, int[] d, int at, int limit, int delta, int element, String command, int commandAt,
            RewriteSink sink) {
        int start = s.start + delta;
        if (start >= limit || !s.isGgtt(d, at, limit, delta, true)) {
            return 0;
        }
        int end = s.end + delta;
        int dword = at + (start >>> 5);
        if (end >= limit) {
            sink.rejected(commandAt, dword, command, s.field, element, 0, Rejection.TRUNCATED);
            return 0;
        }
        long raw = Bits.read(d, at, start, end);
        long old = raw << s.shift;
        Rejection why = translate(old, s.shift, s.top);
        if (why != null) {
            sink.rejected(commandAt, dword, command, s.field, element, old, why);
            return 0;
        }
        Bits.write(d, at, start, end, translated >>> s.shift);
        sink.relocated(commandAt, dword, command, s.field, element, old, translated);
        return 1;
    }

    /**
     * Translates the address {@code old} held by a field covering address bits
     * {@code shift..top-1}; the result goes to {@link #translated}.
     *
     * @return null on success, or why the address stays
     */
    private Rejection translate(long old, int shift, int top) {
        long a = old & MASK48;
        long n = map.g2h(a);
        if (n == WindowMap.OUTSIDE) {
            return Rejection.OUTSIDE_WINDOWS;
        }
        long low = (1L << shift) - 1;
        if ((top < 48 && (n >>> top) != 0) || (n & low) != (a & low)) {
            return Rejection.DOES_NOT_FIT;
        }
        if (top > 48) {
            long ones = Bits.mask(top - 48);
            long high = old >>> 48;
            boolean canonical = high == (((a >>> 47) & 1) != 0 ? ones : 0);
            long newHigh = canonical ? (((n >>> 47) & 1) != 0 ? ones : 0) : high;
            n |= newHigh << 48;
        }
        translated = n;
        return null;
    }
}
