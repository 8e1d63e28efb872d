package io.genscope.migration.remap;

import io.genscope.migration.state.Vgpu;
import io.genscope.migration.state.VgpuGpuMemory;
import io.genscope.spec.AddressSpace;
import java.util.Map;
import java.util.TreeMap;

/**
 * Copy-on-write shadows of guest GGTT pages: the host's rewritten copies of rings, batches and
 * context images, keyed by the guest graphics address of the page. Guest memory itself is never
 * written, so the guest keeps seeing (and the digest keeps covering) its own addresses, as under
 * GVT-g, which scans and shadows what the guest submits.
 */
public final class ShadowPages {
    private static final long PAGE_MASK = ~0xfffL;

    private final Vgpu vgpu;
    private final Map<Long, int[]> pages = new TreeMap<>();

    ShadowPages(Vgpu vgpu) {
        this.vgpu = vgpu;
    }

    /** Sets the dword at guest GGTT address {@code gma} in the shadow (copying the page first). */
    void write(long gma, int value) {
        long page = gma & PAGE_MASK;
        int[] p = pages.get(page);
        if (p == null) {
            p = new int[1024];
            new VgpuGpuMemory(vgpu).read(AddressSpace.GGTT, page, p, 0, p.length);
            pages.put(page, p);
        }
        p[(int) ((gma & 0xfff) >>> 2)] = value;
    }

    /** The shadow of the page holding guest address {@code gma}, or null when it has none. */
    int[] page(long gma) {
        return pages.get(gma & PAGE_MASK);
    }

    /** How many guest pages have a shadow. */
    public int size() {
        return pages.size();
    }

    /** The dword the host sees at guest address {@code gma}. */
    public int read(long gma) {
        int[] p = page(gma);
        if (p != null) {
            return p[(int) ((gma & 0xfff) >>> 2)];
        }
        int[] one = new int[1];
        new VgpuGpuMemory(vgpu).read(AddressSpace.GGTT, gma, one, 0, 1);
        return one[0];
    }
}
