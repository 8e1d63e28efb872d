package io.genscope.parser.aub;

import io.genscope.spec.Engine;

/**
 * Recognises execlist submissions in MMIO register writes.
 *
 * <pre>
 * engine MMIO bases     gen8-11                       gen12
 *   render              0x2000                        0x2000
 *   blitter             0x22000                       0x22000
 *   video               0x12000                       0x1C0000 (0x12000 still accepted)
 *   videoenhance        0x1A000                       0x1C8000
 *   compute (CCS0)      -                             0x1A000
 *
 * gen8-10  ELSP = base + 0x230, four dword writes:
 *          element 1 high, element 1 low, element 0 high, element 0 low
 *          submitted descriptor = (3rd write &lt;&lt; 32) | 4th write
 * gen11+   ELSQ = base + 0x510 (descriptor low), base + 0x514 (descriptor high),
 *          then EXECLIST_CONTROL = base + 0x550 with bit 0 set submits
 * </pre>
 *
 * Base 0x1A000 is the video enhancement engine before gen12 and the first compute engine from
 * gen12 on, so the layout follows the device the file names ({@link #useLayoutOf}); without one
 * the gen8-11 layout applies.
 */
final class ExeclistPorts {
    /** A descriptor submitted to an engine. */
    record Submit(Engine engine, long descriptor) {
    }

    private static final int ELSP = 0x230;
    private static final int ELSQ_LOW = 0x510;
    private static final int ELSQ_HIGH = 0x514;
    private static final int EXECLIST_CONTROL = 0x550;
    /** Index of base 0x1A000 in {@link #BASES}. */
    private static final int SHARED_1A000 = 3;

    private static final int[] BASES = {0x2000, 0x12000, 0x22000, 0x1A000, 0x1C0000, 0x1C8000};
    private static final Engine[] ENGINES = {Engine.RENDER, Engine.VIDEO, Engine.BLITTER, Engine.VIDEOENHANCE,
            Engine.VIDEO, Engine.VIDEOENHANCE};

    private final int[][] elsp = new int[BASES.length][4];
    private final int[] elspCount = new int[BASES.length];
    private final int[] queueLow = new int[BASES.length];
    private final int[] queueHigh = new int[BASES.length];
    private boolean gen12Layout;

    /** Uses the engine layout of the generation the spec names ({@code gen12}: 0x1A000 is compute). */
    void useLayoutOf(String specName) {
        gen12Layout = generation(specName) >= 12;
    }

    /** The generation number in a spec name ({@code gen12} gives 12), 0 when there is none. */
    static int generation(String specName) {
        if (specName == null || !specName.startsWith("gen")) {
            return 0;
        }
        try {
            return Integer.parseInt(specName.substring(3));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Feeds one dword register write; returns the submission it completes, or null. */
    Submit write(int offset, int value) {
        int port = offset & 0xfff;
        if (port != ELSP && port != ELSQ_LOW && port != ELSQ_HIGH && port != EXECLIST_CONTROL) {
            return null;
        }
        int e = engineIndex(offset & ~0xfff);
        if (e < 0) {
            return null;
        }
        switch (port) {
            case ELSP -> {
                elsp[e][elspCount[e]++] = value;
                if (elspCount[e] == 4) {
                    elspCount[e] = 0;
                    return new Submit(engine(e), ((long) elsp[e][2] << 32) | (elsp[e][3] & 0xffffffffL));
                }
            }
            case ELSQ_LOW -> queueLow[e] = value;
            case ELSQ_HIGH -> queueHigh[e] = value;
            default -> {
                if ((value & 1) != 0) {
                    return new Submit(engine(e), ((long) queueHigh[e] << 32) | (queueLow[e] & 0xffffffffL));
                }
            }
        }
        return null;
    }

    private Engine engine(int index) {
        return index == SHARED_1A000 && gen12Layout ? Engine.COMPUTE : ENGINES[index];
    }

    private static int engineIndex(int base) {
        for (int i = 0; i < BASES.length; i++) {
            if (BASES[i] == base) {
                return i;
            }
        }
        return -1;
    }

    /** The MMIO base of an engine's command streamer in the given generation. */
    static int base(Engine engine, int generation) {
        return switch (engine) {
            case RENDER -> 0x2000;
            case BLITTER -> 0x22000;
            case VIDEO -> generation >= 12 ? 0x1C0000 : 0x12000;
            case VIDEOENHANCE -> generation >= 12 ? 0x1C8000 : 0x1A000;
            case COMPUTE -> {
                if (generation < 12) {
                    throw new IllegalArgumentException("no compute engine before gen12");
                }
                yield 0x1A000;
            }
        };
    }
}
