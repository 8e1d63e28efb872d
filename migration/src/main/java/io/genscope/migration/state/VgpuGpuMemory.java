package io.genscope.migration.state;

import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;

/**
 * GPU memory as a context of this vGPU sees it, for the decoder and walkers of the parser: GGTT
 * addresses go through the guest GGTT of the windows, PPGTT addresses through the 4-level tables
 * rooted at {@code pml4} in guest memory.
 *
 * <pre>
 * GGTT:  gma --windows--&gt; graphics page --guest GGTT--&gt; gfn --&gt; guest page
 * PPGTT: gma bits 47:39 | 38:30 | 29:21 | 20:12 index PML4, PDP, PD, PT (8-byte entries,
 *        bit 0 present, bits 45:12 next table or page)
 * </pre>
 */
public final class VgpuGpuMemory implements GpuMemory {
    private static final long ENTRY_MASK = 0x0000_3fff_ffff_f000L;

    private final Vgpu vgpu;
    private final long pml4;

    /** A view with no PPGTT (PPGTT reads find nothing mapped). */
    public VgpuGpuMemory(Vgpu vgpu) {
        this(vgpu, -1);
    }

    public VgpuGpuMemory(Vgpu vgpu, long pml4) {
        this.vgpu = vgpu;
        this.pml4 = pml4;
    }

    @Override
    public int read(AddressSpace space, long address, int[] dst, int off, int count) {
        PageStore mem = vgpu.memory();
        long a = address & 0xffff_ffff_fffcL;
        int done = 0;
        while (done < count) {
            int gfn = space == AddressSpace.GGTT ? ggttPage(a) : ppgttPage(a);
            if (gfn < 0 || gfn >= mem.pageCount()) {
                break;
            }
            int inPage = (int) (a & (PageStore.PAGE_SIZE - 1));
            int n = Math.min(count - done, (PageStore.PAGE_SIZE - inPage) >> 2);
            for (int i = 0; i < n; i++) {
                dst[off + done + i] = mem.readInt(gfn, inPage + 4 * i);
            }
            done += n;
            a += 4L * n;
        }
        return done;
    }

    private int ggttPage(long gma) {
        DeviceState d = vgpu.device();
        int index = d.windows().index(gma);
        return index < 0 ? -1 : d.gfn(index);
    }

    private int ppgttPage(long gma) {
        if (pml4 < 0) {
            return -1;
        }
        PageStore mem = vgpu.memory();
        long table = pml4 & ENTRY_MASK;
        for (int shift = 39; shift >= 12; shift -= 9) {
            long page = table >>> PageStore.PAGE_SHIFT;
            if (page >= mem.pageCount()) {
                return -1;
            }
            long entry = mem.readLong((int) page, (int) (((gma >>> shift) & 511) * 8));
            if ((entry & 1) == 0) {
                return -1;
            }
            table = entry & ENTRY_MASK;
        }
        long page = table >>> PageStore.PAGE_SHIFT;
        return page < mem.pageCount() ? (int) page : -1;
    }
}
