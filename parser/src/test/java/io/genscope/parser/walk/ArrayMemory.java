package io.genscope.parser.walk;

import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;

/** Test memory: one flat dword array mapped at {@code base} in both address spaces. */
final class ArrayMemory implements GpuMemory {
    private final long base;
    private final int[] dwords;

    ArrayMemory(long base, int[] dwords) {
        this.base = base;
        this.dwords = dwords;
    }

    @Override
    public int read(AddressSpace space, long address, int[] dst, int off, int count) {
        long a = address & 0xffff_ffff_ffffL;
        if (a < base || a >= base + 4L * dwords.length) {
            return 0;
        }
        int from = (int) ((a - base) / 4);
        int n = Math.max(0, Math.min(count, dwords.length - from));
        System.arraycopy(dwords, from, dst, off, n);
        return n;
    }
}
