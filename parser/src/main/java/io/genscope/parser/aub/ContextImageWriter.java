package io.genscope.parser.aub;

import io.genscope.parser.context.ContextImage;
import io.genscope.parser.context.RingContext;

/**
 * Builds the register state of a logical ring context image for {@link AubWriter}: the register
 * lists as Mesa, NEO and aubstream write them, with the ring values placed where the spec's layout
 * ({@link ContextImage}) puts them.
 *
 * <pre>
 * LRCA: the per-process hardware status page; the register state one page later:
 *   dword  1      MI_LOAD_REGISTER_IMM, 14 registers, force posted
 *   dword  2..29  CTX_CONTEXT_CONTROL, RING_HEAD, RING_TAIL, RING_START, RING_CTL, batch buffer and
 *                 indirect context registers (0x244 0x034 0x030 0x038 0x03C 0x168 0x140 0x110 0x11C
 *                 0x114 0x118 0x1C0 0x1C4 0x1C8 from the engine's base)
 *   dword 33      MI_LOAD_REGISTER_IMM, 9 registers, force posted
 *   dword 34..51  CTX_TIMESTAMP, PDP3..PDP0 upper and lower halves (0x3A8 0x28C .. 0x270)
 * </pre>
 */
final class ContextImageWriter {
    private static final int LRI = 0x11000000;
    private static final int FORCE_POSTED = 1 << 12;
    private static final int[] FIRST_LIST = {0x244, 0x034, 0x030, 0x038, 0x03C, 0x168, 0x140, 0x110, 0x11C, 0x114,
            0x118, 0x1C0, 0x1C4, 0x1C8};
    private static final int[] SECOND_LIST = {0x3A8, 0x28C, 0x288, 0x284, 0x280, 0x27C, 0x278, 0x274, 0x270};
    /** Masked write enabling "engine context restore inhibit" (bit 0) and "inhibit synchronous context switch" (bit 3). */
    private static final int CONTEXT_CONTROL = 0x0009_0009;
    private static final int PAGE = 4096;

    private ContextImageWriter() {
    }

    /**
     * The first page of a register state for an engine at MMIO {@code base}.
     *
     * @param ringSize a multiple of 4 KiB from 4 KiB to 2 MiB
     */
    static int[] registerState(int base, long ringStart, int head, int tail, int ringSize, long pml4) {
        if (ringSize < PAGE || ringSize > (2 << 20) || (ringSize & 0xfff) != 0) {
            throw new IllegalArgumentException("ring size " + ringSize + " is not 4 KiB to 2 MiB in whole pages");
        }
        int[] page = new int[PAGE / 4];
        page[1] = LRI | FORCE_POSTED | (2 * FIRST_LIST.length - 1);
        for (int i = 0; i < FIRST_LIST.length; i++) {
            page[2 + 2 * i] = base + FIRST_LIST[i];
        }
        int second = 2 + 2 * FIRST_LIST.length + 3;
        page[second] = LRI | FORCE_POSTED | (2 * SECOND_LIST.length - 1);
        for (int i = 0; i < SECOND_LIST.length; i++) {
            page[second + 1 + 2 * i] = base + SECOND_LIST[i];
        }
        page[3] = CONTEXT_CONTROL;
        int ctl = ((ringSize - PAGE) & 0x1ff000) | 1;
        ContextImage.forGeneration(null).place(page, new RingContext(ringStart, head, tail, ctl, new long[] {pml4, 0, 0, 0}));
        return page;
    }
}
