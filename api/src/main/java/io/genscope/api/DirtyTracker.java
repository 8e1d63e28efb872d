package io.genscope.api;

import io.genscope.migration.dirty.HashStore;
import io.genscope.migration.dirty.PageHash;
import io.genscope.migration.dirty.PageSet;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Tells which 4 KiB pages of a memory image changed since a snapshot, by content hash (gMig's
 * software dirty pages: GPU writes never reach a hypervisor's dirty log, so graphics memory is
 * compared by hash instead). A snapshot keeps 8 bytes per page (2 MiB per GiB); a change goes
 * unnoticed with a chance of about 2^-64 per changed page.
 *
 * <p>The image is read in place, never written or copied. Nobody should write it while
 * {@link #snapshot()} or {@link #changedPages()} runs, or the answer for the pages being written is
 * the state before or after the write. Not thread-safe: one caller at a time.
 *
 * <pre>{@code
 * ByteBuffer guest = ByteBuffer.allocateDirect(64 << 20);   // or a mapped guest RAM region
 * DirtyTracker t = DirtyTracker.over(guest);
 * t.snapshot();
 * guest.putLong(5 * 4096 + 8, 42);
 * int[] changed = t.changedPages();                          // {5}
 * }</pre>
 */
public final class DirtyTracker {
    /** The page size the tracker works in. */
    public static final int PAGE_SIZE = 4096;

    private final ByteBuffer image;
    private final int pages;
    private final PageHash hash = PageHash.XXH64;
    private HashStore snapshot;

    private DirtyTracker(ByteBuffer image) {
        this.image = image;
        this.pages = image.capacity() / PAGE_SIZE;
    }

    /**
     * A tracker over a memory image.
     *
     * @param image the memory, heap or direct (direct buffers are hashed in place), whose capacity is
     *     a whole number of pages; its position and limit are ignored
     * @return the tracker, with no snapshot yet
     * @throws IllegalArgumentException when the capacity is not a multiple of 4 KiB
     */
    public static DirtyTracker over(ByteBuffer image) {
        Objects.requireNonNull(image, "image");
        if (image.capacity() % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("a memory image of " + image.capacity()
                    + " bytes is not a whole number of 4 KiB pages");
        }
        return new DirtyTracker(image);
    }

    /**
     * How many pages the image has.
     *
     * @return capacity / 4 KiB
     */
    public int pageCount() {
        return pages;
    }

    /**
     * Whether a snapshot was taken.
     *
     * @return true after {@link #snapshot()}
     */
    public boolean hasSnapshot() {
        return snapshot != null;
    }

    /** Records every page's hash as it is now; later questions compare with this. */
    public void snapshot() {
        HashStore s = new HashStore(pages, false);
        for (int p = 0; p < pages; p++) {
            s.store(p, hash.hash(image, p * PAGE_SIZE), 0);
        }
        snapshot = s;
    }

    /**
     * The pages whose content differs from the snapshot. The snapshot stays as it was: ask again
     * and pages changed since the same snapshot come back again (call {@link #snapshot()} to move
     * on).
     *
     * @return the page numbers (page {@code p} is bytes {@code [p * 4096, p * 4096 + 4096)}),
     *     ascending; every page when no snapshot was taken
     */
    public int[] changedPages() {
        PageSet changed = new PageSet(pages);
        for (int p = 0; p < pages; p++) {
            if (snapshot == null || !snapshot.has(p) || hash.hash(image, p * PAGE_SIZE) != snapshot.hash(p)) {
                changed.add(p);
            }
        }
        return changed.toArray();
    }

    /**
     * Whether one page differs from the snapshot.
     *
     * @param page the page number
     * @return true when it changed, or when no snapshot was taken
     * @throws IndexOutOfBoundsException when the image has no such page
     */
    public boolean changed(int page) {
        Objects.checkIndex(page, pages);
        return snapshot == null || hash.hash(image, page * PAGE_SIZE) != snapshot.hash(page);
    }
}
