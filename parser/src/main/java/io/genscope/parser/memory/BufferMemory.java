package io.genscope.parser.memory;

import io.genscope.spec.AddressSpace;
import java.util.Objects;

/**
 * GPU memory holding one buffer of dwords at one address in one address space, and nothing else:
 * what a raw command buffer gives a walker, so that a batch buffer start into the same buffer is
 * followed and one anywhere else reads as unmapped.
 *
 * <pre>
 * space:   [ address , address + 4 * dwords.length )  -&gt;  dwords[0 ..]
 * </pre>
 */
public final class BufferMemory implements GpuMemory {
    private final AddressSpace space;
    private final long address;
    private final int[] dwords;

    /**
     * @param address where dword 0 sits (dword aligned; bits 63:48 ignored)
     * @param dwords the buffer, not copied
     */
    public BufferMemory(AddressSpace space, long address, int[] dwords) {
        if ((address & 3) != 0) {
            throw new IllegalArgumentException(String.format("buffer address 0x%x is not dword aligned", address));
        }
        this.space = Objects.requireNonNull(space);
        this.address = address & PhysicalMemory.ADDRESS_MASK;
        this.dwords = Objects.requireNonNull(dwords);
    }

    @Override
    public int read(AddressSpace s, long at, int[] dst, int off, int count) {
        Objects.checkFromIndexSize(off, count, dst.length);
        if (s != space) {
            return 0;
        }
        long delta = (at & PhysicalMemory.ADDRESS_MASK & ~3L) - address;
        if (delta < 0 || delta >= 4L * dwords.length) {
            return 0;
        }
        int first = (int) (delta >>> 2);
        int n = Math.min(count, dwords.length - first);
        System.arraycopy(dwords, first, dst, off, n);
        return n;
    }
}
