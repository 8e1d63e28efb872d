package io.genscope.spec;

/** The two graphics address spaces a command can name memory in. */
public enum AddressSpace {
    /** The global GTT, shared by all contexts (and, under GVT-g, partitioned between vGPUs). */
    GGTT,
    /** A per-process GTT, walked through the context's page tables. */
    PPGTT
}
