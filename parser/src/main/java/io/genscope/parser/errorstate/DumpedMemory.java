package io.genscope.parser.errorstate;

import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import java.util.List;

/**
 * GPU memory as an error state shows it: only the dumped buffers, each at its address. An error
 * state does not say whether a buffer was bound in the GGTT or in a PPGTT, so both spaces read the
 * same buffers (what Mesa's aubinator_error_decode does). When buffers overlap, the first dumped
 * one wins. A read continues into a buffer that starts exactly where the previous one ends.
 */
public final class DumpedMemory implements GpuMemory {
    static final long ADDRESS_MASK = 0xffff_ffff_ffffL;

    private final DumpedBuffer[] buffers;

    public DumpedMemory(List<DumpedBuffer> buffers) {
        this.buffers = buffers.toArray(DumpedBuffer[]::new);
    }

    @Override
    public int read(AddressSpace space, long address, int[] dst, int off, int count) {
        long a = address & ADDRESS_MASK;
        int done = 0;
        while (done < count) {
            DumpedBuffer b = find(a);
            if (b == null) {
                break;
            }
            long base = b.address() & ADDRESS_MASK;
            int from = (int) ((a - base) >>> 2);
            int n = Math.min(count - done, b.dwords().length - from);
            if (n <= 0) {
                break;
            }
            System.arraycopy(b.dwords(), from, dst, off + done, n);
            done += n;
            a += 4L * n;
        }
        return done;
    }

    /** The buffer holding this address (48-bit), or null; the first dumped one when several do. */
    public DumpedBuffer find(long address) {
        for (DumpedBuffer b : buffers) {
            if (b.contains(address)) {
                return b;
            }
        }
        return null;
    }
}
