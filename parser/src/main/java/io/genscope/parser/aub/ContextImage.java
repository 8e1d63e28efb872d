package io.genscope.parser.aub;

import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;

/**
 * The ring registers and the PPGTT root in a logical ring context image: read for a submission,
 * and built for one by {@link AubWriter}.
 *
 * <pre>
 * descriptor &amp; 0xFFFFF000 = LRCA (GGTT): the per-process hardware status page; the register
 * state starts one page later, as MI_LOAD_REGISTER_IMM lists of (MMIO offset, value) pairs:
 *   dword  0      MI_NOOP
 *   dword  1      MI_LOAD_REGISTER_IMM, 14 registers, force posted
 *   dword  2, 3   base + 0x244  CTX_CONTEXT_CONTROL
 *   dword  4, 5   base + 0x034  RING_HEAD
 *   dword  6, 7   base + 0x030  RING_TAIL
 *   dword  8, 9   base + 0x038  RING_START (GGTT)
 *   dword 10, 11  base + 0x03C  RING_CTL: size = (ctl &amp; 0x1FF000) + 4096, bit 0 valid
 *   dword 12..29  batch buffer and indirect context registers (0x168 0x140 0x110 0x11C 0x114 0x118
 *                 0x1C0 0x1C4 0x1C8), zero
 *   dword 30..32  MI_NOOP
 *   dword 33      MI_LOAD_REGISTER_IMM, 9 registers, force posted
 *   dword 34, 35  base + 0x3A8  CTX_TIMESTAMP
 *   dword 36..47  PDP3..PDP1 upper and lower halves (0x28C 0x288 0x284 0x280 0x27C 0x278)
 *   dword 48, 49  base + 0x274  PDP0 upper = PML4 high
 *   dword 50, 51  base + 0x270  PDP0 lower = PML4 low
 * </pre>
 * Readers (ours and Mesa's aubinator) look only at the values at dwords 5, 7, 9, 11, 49 and 51.
 */
final class ContextImage {
    static final int DWORDS = 52;
    static final int HEAD = 5;
    static final int TAIL = 7;
    static final int START = 9;
    static final int CTL = 11;
    static final int PML4_HIGH = 49;
    static final int PML4_LOW = 51;

    private static final int LRI = 0x11000000;
    /** RING_HEAD bits 20:2 are the head offset; bits 31:21 count wraps. */
    private static final int HEAD_OFFSET = 0x1ffffc;
    private static final int FORCE_POSTED = 1 << 12;
    private static final int[] FIRST_LIST = {0x244, 0x034, 0x030, 0x038, 0x03C, 0x168, 0x140, 0x110, 0x11C, 0x114,
            0x118, 0x1C0, 0x1C4, 0x1C8};
    private static final int[] SECOND_LIST = {0x3A8, 0x28C, 0x288, 0x284, 0x280, 0x27C, 0x278, 0x274, 0x270};
    /** Masked write enabling "engine context restore inhibit" (bit 0) and "inhibit synchronous context switch" (bit 3). */
    private static final int CONTEXT_CONTROL = 0x0009_0009;

    private ContextImage() {
    }

    /** The first {@link #DWORDS} dwords of the register state of {@code descriptor}'s context, or null when not mapped in the GGTT. */
    static int[] registerState(long descriptor, ContextMemory memory) {
        long lrca = descriptor & 0xfffff000L;
        int[] ctx = new int[DWORDS];
        return memory.read(AddressSpace.GGTT, lrca + 4096, ctx, 0, DWORDS) < DWORDS ? null : ctx;
    }

    /** The submission a register state describes. */
    static Submission submission(int index, Engine engine, long descriptor, long fileOffset, int[] ctx) {
        long pml4 = ((long) ctx[PML4_HIGH] << 32) | (ctx[PML4_LOW] & 0xffffffffL);
        return new Submission(index, engine, descriptor, ctx[START] & 0xffffffffL, ctx[HEAD], ctx[TAIL],
                ringSize(ctx[CTL]), pml4, fileOffset);
    }

    /**
     * Why a register state cannot be a ring context, or null when it can: the ring must start on a
     * 4 KiB page, and head and tail must be dword offsets inside the ring; unless dwords 1 to 10
     * are all zero (the minimal image Mesa's aubinator accepts, with values only), the first
     * register list must also be an MI_LOAD_REGISTER_IMM naming RING_HEAD, RING_TAIL, RING_START
     * and RING_CTL of one engine at dwords 4, 6, 8 and 10 (as Mesa, NEO and aubstream write it).
     */
    static String implausible(int[] ctx) {
        boolean valuesOnly = ctx[1] == 0 && ctx[2] == 0 && ctx[4] == 0 && ctx[6] == 0 && ctx[8] == 0 && ctx[10] == 0;
        String list = valuesOnly ? null : registerList(ctx);
        if (list != null) {
            return list;
        }
        long start = ctx[START] & 0xffffffffL;
        if ((start & 0xfff) != 0) {
            return String.format("ring start 0x%x is not 4 KiB aligned", start);
        }
        int size = ringSize(ctx[CTL]);
        int head = ctx[HEAD] & HEAD_OFFSET;
        int tail = ctx[TAIL];
        if ((ctx[HEAD] & 3) != 0 || head >= size || (tail & 3) != 0 || Integer.compareUnsigned(tail, size) >= 0) {
            return String.format("head 0x%x or tail 0x%x is not a dword offset inside the %d-byte ring at 0x%x",
                    ctx[HEAD], tail, size, start);
        }
        return null;
    }

    private static String registerList(int[] ctx) {
        if ((ctx[1] >>> 23) != LRI >>> 23) {
            return String.format("dword 1 is 0x%08x, not MI_LOAD_REGISTER_IMM", ctx[1]);
        }
        int base = ctx[HEAD - 1] - 0x034;
        if ((base & 0xfff) != 0 || ctx[TAIL - 1] != base + 0x030 || ctx[START - 1] != base + 0x038
                || ctx[CTL - 1] != base + 0x03C) {
            return String.format("its registers 0x%x 0x%x 0x%x 0x%x are not one engine's RING_HEAD, RING_TAIL, "
                    + "RING_START and RING_CTL", ctx[HEAD - 1], ctx[TAIL - 1], ctx[START - 1], ctx[CTL - 1]);
        }
        return null;
    }

    /** Ring size in bytes from RING_CTL: bits 20:12 count 4 KiB pages beyond the first. */
    private static int ringSize(int ctl) {
        return (ctl & 0x1ff000) + 4096;
    }

    /**
     * The first page of a register state for an engine at MMIO {@code base}.
     *
     * @param ringSize a multiple of 4 KiB from 4 KiB to 2 MiB
     */
    static int[] registerState(int base, long ringStart, int head, int tail, int ringSize, long pml4) {
        if (ringSize < 4096 || ringSize > (2 << 20) || (ringSize & 0xfff) != 0) {
            throw new IllegalArgumentException("ring size " + ringSize + " is not 4 KiB to 2 MiB in whole pages");
        }
        int[] page = new int[1024];
        page[1] = LRI | FORCE_POSTED | (2 * FIRST_LIST.length - 1);
        for (int i = 0; i < FIRST_LIST.length; i++) {
            page[2 + 2 * i] = base + FIRST_LIST[i];
        }
        page[33] = LRI | FORCE_POSTED | (2 * SECOND_LIST.length - 1);
        for (int i = 0; i < SECOND_LIST.length; i++) {
            page[34 + 2 * i] = base + SECOND_LIST[i];
        }
        page[3] = CONTEXT_CONTROL;
        page[HEAD] = head;
        page[TAIL] = tail;
        page[START] = (int) ringStart;
        page[CTL] = ((ringSize - 4096) & 0x1ff000) | 1;
        page[PML4_HIGH] = (int) (pml4 >>> 32);
        page[PML4_LOW] = (int) pml4;
        return page;
    }
}
