package io.genscope.parser.capture;

import io.genscope.spec.Engine;

/**
 * One execlist submission found in a capture: which context ran on which engine, and where its
 * ring was.
 *
 * <pre>
 * context descriptor (64 bits)             logical ring context image at LRCA + 4 KiB
 *  63      32 31          12 11    0        dword 5  RING_HEAD     dword 9  RING_START
 * +----------+-------------+-------+        dword 7  RING_TAIL     dword 11 RING_CTL (size)
 * |context ID|  LRCA (GGTT)| flags |        dword 49/51  PML4 high/low (PPGTT root)
 * +----------+-------------+-------+
 * </pre>
 *
 * @param index position among the capture's submissions, from 0
 * @param engine the engine it was submitted to
 * @param descriptor the 64-bit context descriptor written to the submit port
 * @param ringStart GGTT address of the ring buffer
 * @param ringHead byte offset of the first command in the ring
 * @param ringTail byte offset just past the last command
 * @param ringSize ring size in bytes
 * @param pml4 physical address of the context's PPGTT root
 * @param fileOffset byte offset of the register write that submitted it
 */
public record Submission(int index, Engine engine, long descriptor, long ringStart, int ringHead, int ringTail,
        int ringSize, long pml4, long fileOffset) {

    /** GGTT address of the context image (the per-process hardware status page). */
    public long lrca() {
        return descriptor & 0xfffff000L;
    }
}
