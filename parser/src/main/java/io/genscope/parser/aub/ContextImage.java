package io.genscope.parser.aub;

import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;

/**
 * Reads the ring registers and the PPGTT root out of a logical ring context image.
 *
 * <pre>
 * descriptor &amp; 0xFFFFF000 = LRCA (GGTT); the register state starts one page later:
 *   LRCA + 4096, dword  5  RING_HEAD          dword  9  RING_START (GGTT)
 *                dword  7  RING_TAIL          dword 11  RING_CTL: size = (ctl &amp; 0x1FF000) + 4096
 *                dword 49  PML4 high          dword 51  PML4 low
 * </pre>
 */
final class ContextImage {
    static final int DWORDS = 52;

    private ContextImage() {
    }

    /** The submission, or null when the context image is not mapped in the GGTT. */
    static Submission read(int index, Engine engine, long descriptor, long fileOffset, ContextMemory memory) {
        long lrca = descriptor & 0xfffff000L;
        int[] ctx = new int[DWORDS];
        if (memory.read(AddressSpace.GGTT, lrca + 4096, ctx, 0, DWORDS) < DWORDS) {
            return null;
        }
        long pml4 = ((long) ctx[49] << 32) | (ctx[51] & 0xffffffffL);
        return new Submission(index, engine, descriptor, ctx[9] & 0xffffffffL, ctx[5], ctx[7],
                (ctx[11] & 0x1ff000) + 4096, pml4, fileOffset);
    }
}
