package io.genscope.migration.compress;

import io.genscope.migration.state.PageStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The source's copies of pages as last sent, for deltas: direct-mapped, slot = page mod slots,
 * copies off-heap in 4 MiB slabs allocated when first used. A copy is exactly what the destination
 * holds for that page, because every send of the page passes through {@link #remember} or
 * {@link #forget}.
 *
 * <p>Replacement keeps hot pages: a page sent for the second time or later (likely to be sent
 * again) takes its slot from anyone; a page sent for the first time only takes a slot that is
 * empty or holds another first-time page. So the bulk round cannot flush the pages that keep
 * getting dirtied. One thread at a time.
 */
public final class DeltaCache {
    private static final int SLOT_SHIFT = 10;

    private final int slots;
    private final int[] tags;
    private final boolean[] hot;
    private final ByteBuffer[] slabs;
    private long hits;
    private long lookups;

    public DeltaCache(long bytes) {
        this.slots = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, bytes / PageStore.PAGE_SIZE));
        this.tags = new int[slots];
        this.hot = new boolean[slots];
        this.slabs = new ByteBuffer[(slots + (1 << SLOT_SHIFT) - 1) >>> SLOT_SHIFT];
    }

    public int slots() {
        return slots;
    }

    /** The slot holding the last sent copy of {@code page}, or -1. */
    public int lookup(int page) {
        lookups++;
        int s = page % slots;
        if (tags[s] == page + 1) {
            hits++;
            return s;
        }
        return -1;
    }

    public ByteBuffer buffer(int slot) {
        return slabs[slot >>> SLOT_SHIFT];
    }

    public static int offset(int slot) {
        return (slot & ((1 << SLOT_SHIFT) - 1)) * PageStore.PAGE_SIZE;
    }

    /**
     * {@code page} was sent with the contents {@code src[offset..+4096]}; {@code resent} says
     * whether it had been sent before in this migration.
     */
    public void remember(int page, boolean resent, ByteBuffer src, int offset) {
        int s = page % slots;
        int tag = tags[s];
        if (tag != 0 && tag != page + 1 && hot[s] && !resent) {
            return;
        }
        ByteBuffer slab = slabs[s >>> SLOT_SHIFT];
        if (slab == null) {
            int inSlab = Math.min(1 << SLOT_SHIFT, slots - ((s >>> SLOT_SHIFT) << SLOT_SHIFT));
            slab = ByteBuffer.allocateDirect(inSlab * PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            slabs[s >>> SLOT_SHIFT] = slab;
        }
        slab.put(offset(s), src, offset, PageStore.PAGE_SIZE);
        tags[s] = page + 1;
        hot[s] = resent || (tag == page + 1 && hot[s]);
    }

    /** {@code page} was sent some other way (as a zero page): its copy here is stale. */
    public void forget(int page) {
        int s = page % slots;
        if (tags[s] == page + 1) {
            tags[s] = 0;
            hot[s] = false;
        }
    }

    public long hits() {
        return hits;
    }

    public long lookups() {
        return lookups;
    }

    /** Off-heap bytes held for copies. */
    public long allocatedBytes() {
        long n = 0;
        for (ByteBuffer b : slabs) {
            n += b == null ? 0 : b.capacity();
        }
        return n;
    }
}
