package io.genscope.migration.stream;

import io.genscope.migration.dirty.PageSet;
import io.genscope.migration.state.PageStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Guest memory of one stream while it arrives: off-heap memory that grows with the pages received,
 * not with the addresses they name, charged to a {@link ResourceBudget} as it grows.
 *
 * <p>A page goes straight into its 4 MiB slab of the final {@link PageStore} (no copy at commit)
 * when that slab already exists, or when it follows the page before (data or zero: a dense
 * stream). Any other page is appended to a log of 64 KiB chunks, in arrival order; a slab whose
 * logged pages reach {@link #PROMOTE_PAGES} gets its own slab and its pages move there. A new slab
 * is granted only while everything held is at most 4 KiB per distinct page received, twice for
 * a page that held data (a zero page is received too, its 4 KiB known, but costs the sender 24
 * bytes), so whatever a stream does:
 *
 * <pre>
 * allocatedBytes() &lt;= (receivedPages() + dataPages()) * 4 KiB + one slab (4 MiB) + one chunk (64 KiB)
 * </pre>
 *
 * A slab whose every page arrived (data or zero) has always earned it; a stream of scattered pages
 * costs about 4 KiB per page. {@link #place()} moves what is still
 * logged into slabs at the end (only sparse slabs remain there).
 */
final class StagingMemory implements AutoCloseable {
    /** Logged pages of one slab that earn it a slab of its own. */
    static final int PROMOTE_PAGES = 32;
    static final int CHUNK_PAGES = 16;
    static final int CHUNK_BYTES = CHUNK_PAGES * PageStore.PAGE_SIZE;
    /** Heap charged per log slot: its index entry (grown by doubling) and its share of per-slab arrays. */
    static final int HEAP_PER_SLOT = 64;
    private static final int SLOT_SHIFT = 4;

    private final PageStore store;
    private final ResourceBudget budget;
    /** Per slab: its logged pages, each {@code pageInSlab << 32 | slot}, or null. */
    private final long[][] logs;
    private final int[] logCounts;
    private final List<ByteBuffer> chunks = new ArrayList<>();
    private int[] freeSlots = new int[CHUNK_PAGES];
    private int freeCount;
    private int nextSlot;
    private int liveSlots;
    /** Pages received, data or zero. */
    private final PageSet received;
    private long receivedPages;
    /** Pages that ever held data here. */
    private final PageSet written;
    private long dataPages;
    private int lastPage = -2;
    private long chargedOffHeap;
    private long chargedHeap;

    StagingMemory(long memoryBytes, ResourceBudget budget) {
        this.store = new PageStore(memoryBytes);
        this.budget = budget;
        this.logs = new long[store.slabCount()][];
        this.logCounts = new int[store.slabCount()];
        this.received = new PageSet(store.pageCount());
        this.written = new PageSet(store.pageCount());
    }

    /** Heap this staging takes at once for a guest of {@code memoryBytes}: two page bitmaps, the per-slab arrays. */
    static long fixedHeapBytes(long memoryBytes) {
        long pages = memoryBytes / PageStore.PAGE_SIZE;
        return Math.addExact(pages / 4, Math.multiplyExact(12L, pages / PageStore.PAGES_PER_SLAB + 1));
    }

    int pageCount() {
        return store.pageCount();
    }

    /** Distinct pages that held data. */
    long dataPages() {
        return dataPages;
    }

    /** Distinct pages received, data or zero. */
    long receivedPages() {
        return receivedPages;
    }

    /** Whether the stream carried this page before (data or zero). */
    boolean received(int page) {
        return received.contains(page);
    }

    private void receive(int page) {
        if (!received.contains(page)) {
            received.add(page);
            receivedPages++;
        }
    }

    /** Off-heap bytes held: slabs and log chunks. */
    long allocatedBytes() {
        return store.allocatedBytes() + (long) chunks.size() * CHUNK_BYTES;
    }

    /** Bytes charged to the budget and not refunded (off-heap, heap): after {@link #place()}, the slabs. */
    long chargedOffHeap() {
        return chargedOffHeap;
    }

    long chargedHeap() {
        return chargedHeap;
    }

    /** Pages still in the log. */
    int loggedPages() {
        return liveSlots;
    }

    /** Stores a whole page from {@code src}; returns null, or why the budget cannot take it. */
    String write(int page, ByteBuffer src, int offset) {
        receive(page);
        if (!written.contains(page)) {
            written.add(page);
            dataPages++;
        }
        int s = page >>> PageStore.SLAB_SHIFT;
        boolean follows = page == lastPage + 1;
        lastPage = page;
        if (store.slabOrNull(page) != null
                || follows && logCounts[s] == 0 && maySlab() && charge(PageStore.SLAB_BYTES, 0) == null) {
            store.write(page, src, offset);
            return null;
        }
        int slot = slotOf(s, page);
        if (slot < 0) {
            String refused = newSlot();
            if (refused != null) {
                return refused;
            }
            slot = freeSlots[--freeCount];
            addEntry(s, page, slot);
        }
        chunk(slot).put(slotOffset(slot), src, offset, PageStore.PAGE_SIZE);
        if (logCounts[s] >= PROMOTE_PAGES && maySlab() && charge(PageStore.SLAB_BYTES, 0) == null) {
            moveToSlab(s);
        }
        return null;
    }

    /** Makes the page all zero; allocates nothing. */
    void zero(int page) {
        receive(page);
        lastPage = page;
        if (store.slabOrNull(page) != null) {
            store.zero(page);
            return;
        }
        int slot = slotOf(page >>> PageStore.SLAB_SHIFT, page);
        if (slot >= 0) {
            ByteBuffer c = chunk(slot);
            int at = slotOffset(slot);
            for (int i = 0; i < PageStore.PAGE_SIZE; i += 8) {
                c.putLong(at + i, 0L);
            }
        }
    }

    /** Copies the page into {@code dst} at {@code dstOffset} (zeros for a page never written). */
    void read(int page, ByteBuffer dst, int dstOffset) {
        int slot = store.slabOrNull(page) != null ? -1 : slotOf(page >>> PageStore.SLAB_SHIFT, page);
        if (slot >= 0) {
            dst.put(dstOffset, chunk(slot), slotOffset(slot), PageStore.PAGE_SIZE);
        } else {
            store.read(page, dst, dstOffset);
        }
    }

    /**
     * Moves every logged page into its slab and returns null, or why the budget cannot take the
     * slabs (some pages then stay logged). {@link #dropLog()} frees the log afterwards.
     */
    String place() {
        for (int s = 0; s < logs.length; s++) {
            if (logCounts[s] > 0) {
                String refused = charge(PageStore.SLAB_BYTES, 0);
                if (refused != null) {
                    return "placing the staged pages of slab " + s + ": " + refused;
                }
                moveToSlab(s);
            }
        }
        return null;
    }

    /** Frees the log (its pages are gone unless {@link #place()} moved them). */
    void dropLog() {
        freeChunks();
    }

    /** The staged memory as a store, once {@link #place()} succeeded; the caller owns it. */
    PageStore store() {
        return store;
    }

    /** Frees every byte held; the log's charges are refunded here, the slabs' stay for the owner to refund. */
    @Override
    public void close() {
        store.close();
        freeChunks();
    }

    private boolean maySlab() {
        return allocatedBytes() <= (receivedPages + dataPages) * PageStore.PAGE_SIZE;
    }

    private String charge(long offHeap, long heap) {
        String refused = budget.charge(offHeap, heap);
        if (refused == null) {
            chargedOffHeap += offHeap;
            chargedHeap += heap;
        }
        return refused;
    }

    /** Makes a free slot available (a new chunk when none is); null, or the budget's refusal. */
    private String newSlot() {
        if (freeCount > 0) {
            return null;
        }
        String refused = charge(CHUNK_BYTES, (long) CHUNK_PAGES * HEAP_PER_SLOT);
        if (refused != null) {
            return refused;
        }
        chunks.add(ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN));
        for (int i = CHUNK_PAGES - 1; i >= 0; i--) {
            freeSlots[freeCount++] = nextSlot + i;
        }
        nextSlot += CHUNK_PAGES;
        return null;
    }

    private void addEntry(int s, int page, int slot) {
        long[] e = logs[s];
        if (e == null) {
            e = new long[4];
        } else if (logCounts[s] == e.length) {
            e = Arrays.copyOf(e, e.length * 2);
        }
        e[logCounts[s]++] = (long) (page & (PageStore.PAGES_PER_SLAB - 1)) << 32 | slot;
        logs[s] = e;
        liveSlots++;
    }

    private int slotOf(int s, int page) {
        long[] e = logs[s];
        long key = page & (PageStore.PAGES_PER_SLAB - 1);
        for (int i = 0; i < logCounts[s]; i++) {
            if (e[i] >>> 32 == key) {
                return (int) e[i];
            }
        }
        return -1;
    }

    /** Copies slab {@code s}'s logged pages into its (new) slab and frees their slots. */
    private void moveToSlab(int s) {
        long[] e = logs[s];
        int base = s << PageStore.SLAB_SHIFT;
        store.slab(base);
        if (freeSlots.length < freeCount + logCounts[s]) {
            freeSlots = Arrays.copyOf(freeSlots, Math.max(freeSlots.length * 2, freeCount + logCounts[s]));
        }
        for (int i = 0; i < logCounts[s]; i++) {
            int slot = (int) e[i];
            store.write(base + (int) (e[i] >>> 32), chunk(slot), slotOffset(slot));
            freeSlots[freeCount++] = slot;
        }
        liveSlots -= logCounts[s];
        logs[s] = null;
        logCounts[s] = 0;
    }

    private ByteBuffer chunk(int slot) {
        return chunks.get(slot >>> SLOT_SHIFT);
    }

    private static int slotOffset(int slot) {
        return (slot & (CHUNK_PAGES - 1)) * PageStore.PAGE_SIZE;
    }

    private void freeChunks() {
        for (ByteBuffer c : chunks) {
            PageStore.release(c);
        }
        long offHeap = (long) chunks.size() * CHUNK_BYTES;
        long heap = (long) chunks.size() * CHUNK_PAGES * HEAP_PER_SLOT;
        budget.refund(offHeap, heap);
        chargedOffHeap -= offHeap;
        chargedHeap -= heap;
        chunks.clear();
        freeCount = 0;
        nextSlot = 0;
        liveSlots = 0;
        Arrays.fill(logCounts, 0);
        Arrays.fill(logs, null);
    }
}
