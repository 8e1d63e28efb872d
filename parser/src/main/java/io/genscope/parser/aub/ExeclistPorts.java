package io.genscope.parser.aub;

import io.genscope.spec.Engine;
import io.genscope.spec.EngineBases;
import io.genscope.spec.SpecLoader;
import java.util.HashMap;
import java.util.Map;

/**
 * Recognises execlist submissions in MMIO register writes.
 *
 * <pre>
 * gen8-10  ELSP = base + 0x230, four dword writes:
 *          element 1 high, element 1 low, element 0 high, element 0 low
 *          submitted descriptor = (3rd write &lt;&lt; 32) | 4th write
 * gen11+   ELSQ = base + 0x510 (descriptor low), base + 0x514 (descriptor high),
 *          then EXECLIST_CONTROL = base + 0x550 with bit 0 set submits; the queue has 8 slots
 *          (+0x510..+0x54c): aubstream fills slots 1-7 too when it submits a context group, and
 *          writes zeros there otherwise ({@link #later})
 * </pre>
 *
 * Which engine a block base belongs to is the spec's ({@link io.genscope.spec.Spec#engineBases()}):
 * the layout of the device the file names ({@link #useLayoutOf}), then, for blocks that layout does
 * not list, gen9's and gen11's (a capture that writes the older video block still submits; 0x1A000
 * is the video enhancement engine before gen12 and the first compute engine from gen12 on).
 * Without a device, gen9's layout comes first.
 */
final class ExeclistPorts {
    /** A descriptor submitted to an engine. */
    record Submit(Engine engine, long descriptor) {
    }

    private static final int ELSP = 0x230;
    private static final int ELSQ_LOW = 0x510;
    private static final int ELSQ_HIGH = 0x514;
    private static final int ELSQ_SLOTS = 8;
    private static final int EXECLIST_CONTROL = 0x550;

    /** The submit ports of one engine block. */
    private static final class Port {
        final Engine engine;
        final int[] elsp = new int[4];
        int elspCount;
        int queueLow;
        int queueHigh;
        /** Slots 1-7 of the submit queue, low and high dword each. */
        final int[] moreSlots = new int[2 * (ELSQ_SLOTS - 1)];

        Port(Engine engine) {
            this.engine = engine;
        }
    }

    private final Map<Integer, Port> ports = new HashMap<>();
    /** Submissions of queue slots 1-7 not yet handed out by {@link #later}. */
    private final java.util.ArrayDeque<Submit> pending = new java.util.ArrayDeque<>();
    /** The named device's blocks, or null before a device is named. */
    private EngineBases known;

    /** Uses the engine layout of the generation the spec names ({@code gen12}: 0x1A000 is compute). */
    void useLayoutOf(String specName) {
        ports.clear();
        known = specName != null && SpecLoader.BUILTIN.contains(specName)
                ? SpecLoader.builtin(specName).engineBases() : null;
    }

    /** The blocks of gen9, then gen11's moved media blocks (loaded on first need). */
    private static final class Fallback {
        static final EngineBases TABLE = SpecLoader.builtin("gen9").engineBases()
                .orElse(SpecLoader.builtin("gen11").engineBases());
    }

    /** The engine blocks submissions are recognised at. */
    EngineBases layout() {
        return known == null ? Fallback.TABLE : known.orElse(Fallback.TABLE);
    }

    private Engine engineAt(int base) {
        Engine e = known == null ? null : known.engineAt(base);
        return e != null ? e : Fallback.TABLE.engineAt(base);
    }

    /**
     * The major generation in a spec name, 0 when there is none: {@code gen12} gives 12, and the
     * names of point releases drop their point ({@code gen75} gives 7, {@code gen125} 12), while
     * {@code gen20} and {@code gen30} stay 20 and 30.
     */
    static int generation(String specName) {
        if (specName == null || !specName.startsWith("gen")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(specName.substring(3));
            return n > 30 ? n / 10 : n;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Feeds one dword register write; returns the submission it completes, or null. */
    Submit write(int offset, int value) {
        int port = offset & 0xfff;
        boolean moreSlots = port > ELSQ_HIGH && port < ELSQ_LOW + 8 * ELSQ_SLOTS && (port & 3) == 0;
        if (port != ELSP && port != ELSQ_LOW && port != ELSQ_HIGH && port != EXECLIST_CONTROL && !moreSlots) {
            return null;
        }
        int base = offset & ~0xfff;
        Port p = ports.get(base);
        if (p == null) {
            Engine engine = engineAt(base);
            if (engine == null) {
                return null;
            }
            p = new Port(engine);
            ports.put(base, p);
        }
        switch (port) {
            case ELSP -> {
                p.elsp[p.elspCount++] = value;
                if (p.elspCount == 4) {
                    p.elspCount = 0;
                    return new Submit(p.engine, ((long) p.elsp[2] << 32) | (p.elsp[3] & 0xffffffffL));
                }
            }
            case ELSQ_LOW -> p.queueLow = value;
            case ELSQ_HIGH -> p.queueHigh = value;
            case EXECLIST_CONTROL -> {
                if ((value & 1) != 0) {
                    for (int i = 0; i < ELSQ_SLOTS - 1; i++) {
                        long d = ((long) p.moreSlots[2 * i + 1] << 32) | (p.moreSlots[2 * i] & 0xffffffffL);
                        if (d != 0) {
                            pending.add(new Submit(p.engine, d));
                        }
                    }
                    java.util.Arrays.fill(p.moreSlots, 0); // the queue is loaded: the next submission fills it anew
                    return new Submit(p.engine, ((long) p.queueHigh << 32) | (p.queueLow & 0xffffffffL));
                }
            }
            default -> p.moreSlots[(port - ELSQ_LOW - 8) / 4] = value;
        }
        return null;
    }

    /**
     * The next non-zero descriptor of queue slots 1-7 submitted with the last EXECLIST_CONTROL
     * write (a context group), or null; call after {@link #write} until null.
     */
    Submit later() {
        return pending.poll();
    }

    /**
     * The MMIO base of an engine's (first) command streamer in a built-in generation, from its spec.
     *
     * @throws IllegalArgumentException when the generation has no such engine
     */
    static int base(Engine engine, String specName) {
        return SpecLoader.builtin(specName).engineBases().base(engine);
    }
}
