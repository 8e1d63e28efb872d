package io.genscope.parser.print;

import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;

/**
 * Indirect state as aubinator sees it: through the context's PPGTT, with addresses cut to 48 bits,
 * and a buffer object that runs from the requested address to the first unmapped page. Reads past
 * the mapped run come back as zeros.
 *
 * <p>Before gen8 there are no execlists and no per-context page tables in a capture (the ring is
 * handed over in a command write): aubinator then reads every buffer through the GGTT, whatever
 * the command's address space bit says, and so does this view ({@link #forGeneration}).
 */
final class IndirectMemory {
    /** Bits 47:0: state addresses are cut to these before the lookup (canonical form ignored). */
    static final long ADDRESS_MASK = 0x0000_ffff_ffff_ffffL;
    private static final long PAGE = 4096;

    private final GpuMemory memory;
    private final AddressSpace space;

    private IndirectMemory(GpuMemory memory, AddressSpace space) {
        this.memory = memory;
        this.space = space;
    }

    /** Through the PPGTT from gen8 on ({@code verx10} 80 and up), through the GGTT before. */
    static IndirectMemory forGeneration(GpuMemory memory, int verx10) {
        if (verx10 >= 80) {
            return new IndirectMemory(memory, AddressSpace.PPGTT);
        }
        GpuMemory global = new GpuMemory() {
            @Override
            public int read(AddressSpace s, long address, int[] dst, int off, int count) {
                return memory.read(AddressSpace.GGTT, address, dst, off, count);
            }

            @Override
            public boolean isMapped(AddressSpace s, long address) {
                return memory.isMapped(AddressSpace.GGTT, address);
            }
        };
        return new IndirectMemory(global, AddressSpace.GGTT);
    }

    /** The memory read through (its PPGTT is the one indirect state lives in). */
    GpuMemory memory() {
        return memory;
    }

    /** Whether the page holding {@code address} is mapped (aubinator finds a buffer object there). */
    boolean mapped(long address) {
        return memory.isMapped(space, address & ADDRESS_MASK);
    }

    /**
     * How many bytes are mapped from {@code address} up to the first unmapped page, counting no
     * further than {@code limit}; 0 when {@code address} itself is unmapped.
     */
    long mappedBytes(long address, long limit) {
        long a = address & ADDRESS_MASK;
        if (!mapped(a)) {
            return 0;
        }
        long end = (a & ~(PAGE - 1)) + PAGE;
        while (end - a < limit && end <= ADDRESS_MASK && memory.isMapped(space, end)) {
            end += PAGE;
        }
        return Math.min(end - a, limit);
    }

    /** {@code count} dwords from {@code address} (any byte alignment), zeros where nothing is mapped. */
    int[] dwords(long address, int count) {
        long a = address & ADDRESS_MASK;
        int shift = (int) (a & 3) * 8;
        if (shift == 0) {
            int[] out = new int[count];
            readFilled(a, out, count);
            return out;
        }
        int[] aligned = new int[count + 1];
        readFilled(a & ~3L, aligned, count + 1);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = (aligned[i] >>> shift) | (aligned[i + 1] << (32 - shift));
        }
        return out;
    }

    /** {@code count} bytes from {@code address}, zeros where nothing is mapped. */
    byte[] bytes(long address, int count) {
        int[] d = dwords(address, (count + 3) / 4);
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = (byte) (d[i >> 2] >>> ((i & 3) * 8));
        }
        return out;
    }

    /** Reads page by page so that an unmapped page in the middle leaves zeros, not a short read. */
    private void readFilled(long address, int[] dst, int count) {
        int done = 0;
        long a = address;
        while (done < count) {
            int inPage = (int) ((PAGE - (a & (PAGE - 1))) >> 2);
            int n = Math.min(count - done, inPage);
            memory.read(space, a, dst, done, n);
            done += n;
            a += 4L * n;
        }
    }
}
