package io.genscope.api;

/**
 * The two graphics address spaces a command names memory in.
 *
 * <pre>{@code
 * Decoded d = decoding.walkBatch(memory, Engine.RENDER, 0x10000, AddressSpace.PPGTT);
 * }</pre>
 */
public enum AddressSpace {
    /** The global GTT, shared by all contexts (and under GVT-g partitioned between vGPUs). */
    GGTT,
    /** A per-process GTT, reached through the context's page tables. */
    PPGTT;

    static AddressSpace of(io.genscope.spec.AddressSpace s) {
        return s == null ? null : valueOf(s.name());
    }

    io.genscope.spec.AddressSpace internal() {
        return io.genscope.spec.AddressSpace.valueOf(name());
    }
}
