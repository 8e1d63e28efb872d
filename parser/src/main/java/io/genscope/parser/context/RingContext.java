package io.genscope.parser.context;

import io.genscope.parser.capture.Submission;
import io.genscope.spec.Engine;

/**
 * The ring registers and page-table roots a logical ring context image holds, as saved.
 *
 * @param ringStart RING_START: GGTT address of the ring
 * @param head RING_HEAD as saved (bits 20:2 the offset, 31:21 a wrap count)
 * @param tail RING_TAIL: byte offset just past the last command
 * @param control RING_CTL: bits 20:12 the ring's length in pages minus one, bit 0 valid
 * @param pdps PDP0..PDP3 (PDP0 is the PML4 with 4-level page tables)
 */
public record RingContext(long ringStart, int head, int tail, int control, long[] pdps) {
    /** RING_CTL bits 20:12: the ring's length in 4 KiB pages, minus one. */
    private static final int LENGTH_BITS = 0x1ff000;
    private static final int PAGE = 4096;

    public RingContext {
        pdps = pdps.clone();
    }

    @Override
    public long[] pdps() {
        return pdps.clone();
    }

    /** The PPGTT root: PDP0. */
    public long pml4() {
        return pdps[0];
    }

    /** The ring's size in bytes, from RING_CTL. */
    public int ringSize() {
        return ringSize(control);
    }

    /** A ring's size in bytes from its RING_CTL value. */
    public static int ringSize(int control) {
        return (control & LENGTH_BITS) + PAGE;
    }

    /** The submission of this context's ring. */
    public Submission submission(int index, Engine engine, long descriptor, long fileOffset) {
        return new Submission(index, engine, descriptor, ringStart, head, tail, ringSize(), pml4(), fileOffset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RingContext r && r.ringStart == ringStart && r.head == head && r.tail == tail
                && r.control == control && java.util.Arrays.equals(r.pdps, pdps);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(ringStart, head, tail, control, java.util.Arrays.hashCode(pdps));
    }

    @Override
    public String toString() {
        return String.format("RingContext[start 0x%x, head 0x%x, tail 0x%x, ctl 0x%x, pml4 0x%x]", ringStart, head, tail,
                control, pml4());
    }
}
