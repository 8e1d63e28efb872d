package io.genscope.migration.remap;

import io.genscope.migration.state.Vgpu;
import io.genscope.migration.state.VgpuGpuMemory;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.rewriter.WindowMap;
import io.genscope.spec.AddressSpace;

/**
 * GPU memory as the destination host's hardware sees the vGPU after remapping: GGTT addresses are
 * host addresses (host windows), translated back with {@code h2g} to the guest GGTT and read from
 * guest memory, with the shadowed (rewritten) pages in place of the guest's. PPGTT addresses are
 * not remapped.
 *
 * <pre>
 * host gma --h2g--&gt; guest gma --shadow page?--&gt; rewritten dwords
 *                            \--otherwise-----&gt; guest GGTT --&gt; gfn --&gt; guest memory
 * </pre>
 */
public final class HostGpuMemory implements GpuMemory {
    private final WindowMap map;
    private final ShadowPages shadow;
    private final VgpuGpuMemory guest;

    public HostGpuMemory(Vgpu vgpu, WindowMap map, ShadowPages shadow, long pml4) {
        this.map = map;
        this.shadow = shadow;
        this.guest = new VgpuGpuMemory(vgpu, pml4);
    }

    @Override
    public int read(AddressSpace space, long address, int[] dst, int off, int count) {
        if (space != AddressSpace.GGTT) {
            return guest.read(space, address, dst, off, count);
        }
        long a = address & 0xffff_ffff_fffcL;
        int done = 0;
        while (done < count) {
            long g = map.h2g(a);
            if (g == WindowMap.OUTSIDE) {
                break;
            }
            int inPage = (int) ((a & 0xfff) >>> 2);
            int n = Math.min(count - done, 1024 - inPage);
            int[] page = shadow.page(g);
            int got;
            if (page != null) {
                System.arraycopy(page, inPage, dst, off + done, n);
                got = n;
            } else {
                got = guest.read(AddressSpace.GGTT, g, dst, off + done, n);
            }
            done += got;
            if (got < n) {
                break;
            }
            a += 4L * n;
        }
        return done;
    }
}
