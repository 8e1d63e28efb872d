package io.genscope.migration.workload.capture;

import io.genscope.migration.state.GraphicsWindows;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticVgpu;
import java.nio.ByteBuffer;

/**
 * A vGPU of realistic size with a capture's pages placed in its graphics memory.
 *
 * <pre>
 * base:      the synthetic vGPU of the same memory/graphics sizes (device state, rings, background
 *            content of graphics and system memory), with no writers of its own
 * placement: capture page -&gt; graphics page index -&gt; guest page (gfn) through the guest GGTT
 *            1. at the graphics page of its capture GGTT address when that address falls in the
 *               vGPU's windows and past the 64 reserved pages
 *            2. otherwise the next free graphics page from index 64 up (PPGTT-only pages, page tables)
 * content:   capture pages start zero, then hold every CPU write of the capture (its state at the end)
 * </pre>
 * Every page the capture or its GPU writes touch is therefore a graphics page: GVT-g pins and
 * shadows every page a vGPU's GGTT or PPGTT maps, so they are the pages the policies check.
 */
public final class CaptureVgpu {
    private CaptureVgpu() {
    }

    /** The vGPU and the guest page of each capture page id. */
    public record Built(Vgpu vgpu, int[] gfnOfPage, int placedAtGgttAddress) {
    }

    public static Built build(CaptureSpec spec, CaptureTrace trace) {
        SyntheticSpec base = spec.base();
        SyntheticVgpu.Built b = SyntheticVgpu.build(base);
        Vgpu vgpu = b.vgpu();
        int[] graphicsGfns = b.layout().graphicsGfns();
        GraphicsWindows w = vgpu.windows();
        int reserved = SyntheticSpec.RESERVED_GRAPHICS_PAGES;
        if (trace.pages() > graphicsGfns.length - reserved) {
            vgpu.close();
            throw new IllegalArgumentException(String.format("capture workload: the capture uses %d pages, graphics=%dM holds %d;"
                    + " raise graphics", trace.pages(), spec.graphicsBytes() >> 20, graphicsGfns.length - reserved));
        }
        boolean[] taken = new boolean[graphicsGfns.length];
        int[] index = new int[trace.pages()];
        int atAddress = 0;
        for (int p = 0; p < trace.pages(); p++) {
            index[p] = -1;
            long gma = trace.pageGma()[p];
            int i = gma < 0 ? -1 : w.index(gma);
            if (i >= reserved && !taken[i]) {
                taken[i] = true;
                index[p] = i;
                atAddress++;
            }
        }
        int next = reserved;
        for (int p = 0; p < trace.pages(); p++) {
            if (index[p] < 0) {
                while (taken[next]) {
                    next++;
                }
                taken[next] = true;
                index[p] = next;
            }
        }
        int[] gfn = new int[trace.pages()];
        for (int p = 0; p < gfn.length; p++) {
            gfn[p] = graphicsGfns[index[p]];
            vgpu.memory().zero(gfn[p]);
        }
        ByteBuffer blob = ByteBuffer.wrap(trace.blob());
        for (int e = 0; e < trace.events(); e++) {
            if (!trace.isGpu(e)) {
                int g = gfn[trace.page()[e]];
                ByteBuffer slab = vgpu.memory().slab(g);
                slab.put(PageStore.offsetInSlab(g) + trace.offset()[e], blob, (int) trace.data()[e], trace.length()[e]);
            }
        }
        return new Built(vgpu, gfn, atAddress);
    }
}
