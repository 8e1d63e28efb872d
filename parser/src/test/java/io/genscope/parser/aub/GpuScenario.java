package io.genscope.parser.aub;

/**
 * A small Mesa-like GPU setup written into an {@link AubBuilder}: one context whose ring starts a
 * batch buffer through the PPGTT.
 *
 * <pre>
 * GGTT 0x1000 -&gt; phys 0x100000  ring
 * GGTT 0x2000 -&gt; phys 0x101000  per-process HW status page (LRCA)
 * GGTT 0x3000 -&gt; phys 0x102000  register state: head, tail, start, ctl, PML4
 * PPGTT: PML4 0x200000 -&gt; PDP 0x201000 -&gt; PD 0x202000 -&gt; PT 0x203000 -&gt; BATCH_PHYS
 * </pre>
 */
final class GpuScenario {
    static final long RING = 0x1000;
    static final long LRCA = 0x2000;
    static final long DESCRIPTOR = LRCA | 0x339;
    static final long PML4 = 0x200000;
    static final long BATCH_VA = 0x0000_1234_5678_9000L;
    static final long BATCH_PHYS = 0x300000;
    static final int BB_START_PPGTT = 0x18800101;
    static final int PIPE_CONTROL = 0x7a000004;
    static final int BB_END = 0x05000000;

    private GpuScenario() {
    }

    /** GGTT entries, the context image (head 0, tail 16, ring 4 KiB), the page tables and a batch. */
    static AubBuilder setUp(AubBuilder b) {
        b.ggttEntries(RING, 0x100000 | 1, 0x101000 | 1, 0x102000 | 1);
        int[] ctx = new int[64];
        ctx[5] = 0;
        ctx[7] = 16;
        ctx[9] = (int) RING;
        ctx[11] = 1;
        ctx[49] = (int) (PML4 >>> 32);
        ctx[51] = (int) PML4;
        b.write(0, LRCA + 4096, ctx);
        long[] tables = {PML4, 0x201000, 0x202000, 0x203000, BATCH_PHYS};
        for (int level = 0; level < 4; level++) {
            int shift = 39 - 9 * level;
            int index = (int) ((BATCH_VA >>> shift) & 511);
            byte[] page = new byte[4096];
            long entry = tables[level + 1] | 3;
            for (int i = 0; i < 8; i++) {
                page[index * 8 + i] = (byte) (entry >>> (8 * i));
            }
            b.write(2, tables[level], page);
        }
        b.write(2, BATCH_PHYS, PIPE_CONTROL, 0, 0, 0, 0, 0, BB_END, 0);
        return ring(b, BB_START_PPGTT);
    }

    /** Rewrites the ring: {@code first}, then a batch buffer start to the batch. */
    static AubBuilder ring(AubBuilder b, int first) {
        return b.write(0, RING, first, (int) BATCH_VA, (int) (BATCH_VA >>> 32), 0);
    }

    /** A gen8-10 submission of the scenario's context on the render engine. */
    static AubBuilder submitElsp(AubBuilder b, int base) {
        return b.register(base + 0x230, 0).register(base + 0x230, 0).register(base + 0x230, 0)
                .register(base + 0x230, (int) DESCRIPTOR);
    }

    /** A gen11+ submission. */
    static AubBuilder submitElsq(AubBuilder b, int base) {
        return b.register(base + 0x510, (int) DESCRIPTOR).register(base + 0x514, 0).register(base + 0x550, 1);
    }
}
