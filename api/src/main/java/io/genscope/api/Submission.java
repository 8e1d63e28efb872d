package io.genscope.api;

/**
 * One execlist submission: which context ran on which engine, and where its ring was.
 *
 * <pre>
 * context descriptor (64 bits)             ring: [ringStart, ringStart + ringSize) in the GGTT
 *  63      32 31          12 11    0        commands from ringHead up to ringTail (wrapping)
 * +----------+-------------+-------+
 * |context ID|  LRCA (GGTT)| flags |
 * +----------+-------------+-------+
 * </pre>
 *
 * <pre>{@code
 * Submission s = new Submission(0, Engine.RENDER, 0x1000_0000L | lrca, ringStart, 0, tail, 4096, 0);
 * Decoded ring = decoding.walkRing(memory, s);
 * }</pre>
 *
 * @param index position among a capture's submissions, from 0
 * @param engine the engine it was submitted to
 * @param descriptor the 64-bit context descriptor written to the submit port
 * @param ringStart GGTT address of the ring buffer
 * @param ringHead byte offset of the first command in the ring
 * @param ringTail byte offset just past the last command
 * @param ringSize the ring's size in bytes
 * @param pml4 physical address of the context's PPGTT root (0 when unknown)
 */
public record Submission(int index, Engine engine, long descriptor, long ringStart, int ringHead, int ringTail,
        int ringSize, long pml4) {

    /**
     * The context image's GGTT address.
     *
     * @return descriptor bits 31..12
     */
    public long lrca() {
        return descriptor & 0xfffff000L;
    }

    static Submission of(io.genscope.parser.capture.Submission s) {
        return new Submission(s.index(), Engine.of(s.engine()), s.descriptor(), s.ringStart(), s.ringHead(), s.ringTail(),
                s.ringSize(), s.pml4());
    }

    io.genscope.parser.capture.Submission internal() {
        return new io.genscope.parser.capture.Submission(index, engine.internal(), descriptor, ringStart, ringHead, ringTail,
                ringSize, pml4, -1);
    }
}
