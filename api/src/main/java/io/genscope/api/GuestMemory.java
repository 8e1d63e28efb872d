package io.genscope.api;

import io.genscope.parser.memory.BufferMemory;

/**
 * GPU memory as the walker reads it: dwords at a graphics address, through the GGTT or through the
 * PPGTT of the context being walked. A VMM implements it over its guest's memory and page tables;
 * captures bring their own.
 *
 * <pre>{@code
 * GuestMemory mem = (space, address, dst, off, count) -> myVm.readGpu(space, address, dst, off, count);
 * Decoded batch = decoding.walkBatch(mem, Engine.RENDER, 0x20000, AddressSpace.PPGTT);
 * }</pre>
 */
@FunctionalInterface
public interface GuestMemory {
    /** Memory with nothing mapped. */
    GuestMemory EMPTY = (space, address, dst, off, count) -> 0;

    /**
     * Copies up to {@code count} dwords from {@code address} into {@code dst[off..]}, stopping at the
     * first unmapped page.
     *
     * @param space the address space to read through
     * @param address a dword-aligned graphics address (bits 63..48 ignored)
     * @param dst where the dwords go
     * @param off the first index of {@code dst} to fill
     * @param count how many dwords are wanted
     * @return how many dwords were copied: fewer than {@code count} when an unmapped page came first
     */
    int read(AddressSpace space, long address, int[] dst, int off, int count);

    /**
     * Memory holding just one buffer of dwords at {@code address} in {@code space}.
     *
     * @param space the space the buffer is mapped in
     * @param address the buffer's first byte
     * @param dwords its contents
     * @return the memory
     */
    static GuestMemory of(AddressSpace space, long address, int[] dwords) {
        BufferMemory m = new BufferMemory(space.internal(), address, dwords.clone());
        return (s, a, dst, off, count) -> m.read(s.internal(), a, dst, off, count);
    }
}
