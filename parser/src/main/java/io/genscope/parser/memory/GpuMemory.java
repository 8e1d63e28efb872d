package io.genscope.parser.memory;

import io.genscope.spec.AddressSpace;

/**
 * What a walker needs from GPU memory: dwords at a graphics address in the GGTT or in the PPGTT
 * of one context.
 *
 * <p>Reads stop at the first unmapped page, so the returned count says how far the mapped run
 * goes. For the GGTT a page is mapped when a GGTT entry was written for it (a page whose physical
 * backing was never written reads as zeros, as Mesa's aubinator does); for the PPGTT a page is
 * mapped when the 4-level walk from the context's PML4 reaches a present entry and a written
 * physical page.
 */
public interface GpuMemory {
    /**
     * Copies up to {@code count} dwords from {@code address} (dword aligned; bits 63:48 ignored)
     * into {@code dst[off..]}.
     *
     * @return how many dwords were copied; fewer than {@code count} when an unmapped page came first
     */
    int read(AddressSpace space, long address, int[] dst, int off, int count);

    /** Whether the page holding this address is mapped in that space. */
    default boolean isMapped(AddressSpace space, long address) {
        return read(space, address & ~3L, new int[1], 0, 1) == 1;
    }

    /** Memory with nothing mapped. */
    GpuMemory EMPTY = (space, address, dst, off, count) -> 0;
}
