package io.genscope.migration.workload;

import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import java.nio.ByteBuffer;

/**
 * The last step of a restore into a hypervisor's own guest: the committed, checked copy of guest
 * memory is written into the memory the hypervisor owns. Pages the stream left zero are written as
 * zero, so whatever the destination memory held before does not survive.
 */
public final class GuestHandover {
    private GuestHandover() {
    }

    /**
     * Why {@code target} cannot take the guest of {@code committed} (its size differs), or null.
     */
    public static String refusal(Vgpu committed, PageStore target) {
        long want = committed.memory().sizeBytes();
        return target.sizeBytes() == want ? null
                : "the destination's memory holds " + target.sizeBytes() + " bytes, the guest " + want;
    }

    /** Copies every page of {@code committed} into {@code target} (sizes checked by {@link #refusal}). */
    public static void copy(Vgpu committed, PageStore target) {
        PageStore from = committed.memory();
        for (int first = 0; first < from.pageCount(); first += PageStore.PAGES_PER_SLAB) {
            int pages = Math.min(PageStore.PAGES_PER_SLAB, from.pageCount() - first);
            ByteBuffer src = from.slabOrNull(first);
            ByteBuffer dst = target.slab(first);
            if (src != null) {
                dst.put(0, src, 0, pages * PageStore.PAGE_SIZE);
            } else {
                for (int p = first; p < first + pages; p++) {
                    target.zero(p);
                }
            }
        }
    }
}
