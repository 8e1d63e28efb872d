package io.genscope.migration.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Sparse guest-physical memory in 4 KiB pages, stored off-heap in 4 MiB slabs indexed by page
 * number. A slab is allocated when a page in it is first written; a page in a slab that was never
 * allocated reads as zeros. There is no object per page.
 *
 * <pre>
 * page number p  (guest physical address &gt;&gt;&gt; 12)
 *   slab   = p &gt;&gt;&gt; 10          one direct ByteBuffer of 1024 pages (4 MiB), little-endian
 *   offset = (p &amp; 1023) &lt;&lt; 12   byte offset of the page inside its slab
 * </pre>
 *
 * Reads and writes use absolute buffer positions only, so any number of threads may read and write
 * concurrently (the content of a page written while it is read is whatever the bytes were, as in
 * real guest memory). Slab allocation is atomic.
 */
public final class PageStore implements AutoCloseable {
    public static final int PAGE_SIZE = 4096;
    public static final int PAGE_SHIFT = 12;
    public static final int SLAB_SHIFT = 10;
    public static final int PAGES_PER_SLAB = 1 << SLAB_SHIFT;
    public static final int SLAB_BYTES = PAGES_PER_SLAB * PAGE_SIZE;
    /** The largest memory a store holds: 2^31 - 1 pages would overflow slab arithmetic, so 4 TiB. */
    public static final long MAX_BYTES = 1L << 42;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int pageCount;
    private final AtomicReferenceArray<ByteBuffer> slabs;
    private final AtomicLong allocatedBytes = new AtomicLong();
    /** Whether the slabs are views of memory someone else owns ({@link #over}): never freed here. */
    private final boolean borrowed;

    /** A store for {@code bytes} of memory (rounded up to whole pages), all zero. */
    public PageStore(long bytes) {
        this(bytes, false);
    }

    private PageStore(long bytes, boolean borrowed) {
        if (bytes <= 0 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("memory size " + bytes + " outside 1 .. " + MAX_BYTES);
        }
        this.pageCount = (int) ((bytes + PAGE_SIZE - 1) >>> PAGE_SHIFT);
        this.slabs = new AtomicReferenceArray<>((pageCount + PAGES_PER_SLAB - 1) >>> SLAB_SHIFT);
        this.borrowed = borrowed;
    }

    /**
     * Guest memory that its owner keeps (a hypervisor's mapping of its memory file): the direct
     * buffers {@code parts}, one after the other, are guest-physical memory from address 0. Every
     * part but the last is a whole number of slabs (4 MiB); the total is a whole number of pages.
     * The store reads and writes the owner's bytes in place, allocates nothing, and {@link #close()}
     * only lets go of its views.
     */
    public static PageStore over(ByteBuffer... parts) {
        long total = 0;
        for (int i = 0; i < parts.length; i++) {
            ByteBuffer b = parts[i];
            if (!b.isDirect() || b.isReadOnly()) {
                throw new IllegalArgumentException("memory part " + i + " is not a writable direct buffer");
            }
            if (i < parts.length - 1 && b.capacity() % SLAB_BYTES != 0) {
                throw new IllegalArgumentException("memory part " + i + " holds " + b.capacity()
                        + " bytes, not a whole number of 4 MiB slabs (only the last part may)");
            }
            total = Math.addExact(total, b.capacity());
        }
        if (total == 0 || total % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("guest memory of " + total + " bytes is not a whole number of pages");
        }
        PageStore store = new PageStore(total, true);
        int slab = 0;
        for (ByteBuffer b : parts) {
            for (int at = 0; at < b.capacity(); at += SLAB_BYTES) {
                ByteBuffer view = b.slice(at, Math.min(SLAB_BYTES, b.capacity() - at)).order(ByteOrder.LITTLE_ENDIAN);
                store.slabs.set(slab++, view);
            }
        }
        return store;
    }

    /** Whether the memory belongs to someone else ({@link #over}). */
    public boolean borrowed() {
        return borrowed;
    }

    public int pageCount() {
        return pageCount;
    }

    public long sizeBytes() {
        return (long) pageCount << PAGE_SHIFT;
    }

    public int slabCount() {
        return slabs.length();
    }

    /** Off-heap bytes allocated so far. */
    public long allocatedBytes() {
        return allocatedBytes.get();
    }

    /** The slab holding {@code page}, or null when that slab was never written. */
    public ByteBuffer slabOrNull(int page) {
        return slabs.get(page >>> SLAB_SHIFT);
    }

    /** The slab holding {@code page}, allocated (all zero) if needed. */
    public ByteBuffer slab(int page) {
        checkPage(page);
        int s = page >>> SLAB_SHIFT;
        ByteBuffer b = slabs.get(s);
        if (b != null) {
            return b;
        }
        ByteBuffer fresh = ByteBuffer.allocateDirect(SLAB_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (slabs.compareAndSet(s, null, fresh)) {
            allocatedBytes.addAndGet(SLAB_BYTES);
            return fresh;
        }
        free(fresh);
        return slabs.get(s);
    }

    /** Byte offset of {@code page} inside its slab. */
    public static int offsetInSlab(int page) {
        return (page & (PAGES_PER_SLAB - 1)) << PAGE_SHIFT;
    }

    /** Copies the page into {@code dst} at {@code dstOffset} (zeros for a page never written). */
    public void read(int page, ByteBuffer dst, int dstOffset) {
        checkPage(page);
        ByteBuffer b = slabs.get(page >>> SLAB_SHIFT);
        if (b == null) {
            for (int i = 0; i < PAGE_SIZE; i += 8) {
                dst.putLong(dstOffset + i, 0L);
            }
        } else {
            dst.put(dstOffset, b, offsetInSlab(page), PAGE_SIZE);
        }
    }

    /** Copies a whole page from {@code src} at {@code srcOffset} into the page. */
    public void write(int page, ByteBuffer src, int srcOffset) {
        slab(page).put(offsetInSlab(page), src, srcOffset, PAGE_SIZE);
    }

    /** Makes the page all zero (allocates nothing when its slab was never written). */
    public void zero(int page) {
        checkPage(page);
        ByteBuffer b = slabs.get(page >>> SLAB_SHIFT);
        if (b != null) {
            int off = offsetInSlab(page);
            for (int i = 0; i < PAGE_SIZE; i += 8) {
                b.putLong(off + i, 0L);
            }
        }
    }

    /** The little-endian qword at byte {@code offset} of the page (8-byte aligned). */
    public long readLong(int page, int offset) {
        checkPage(page);
        ByteBuffer b = slabs.get(page >>> SLAB_SHIFT);
        return b == null ? 0 : (long) LONGS.get(b, offsetInSlab(page) + (offset & (PAGE_SIZE - 8)));
    }

    /** Writes the little-endian qword at byte {@code offset} of the page (8-byte aligned). */
    public void writeLong(int page, int offset, long value) {
        LONGS.set(slab(page), offsetInSlab(page) + (offset & (PAGE_SIZE - 8)), value);
    }

    /** The little-endian dword at byte {@code offset} of the page (4-byte aligned). */
    public int readInt(int page, int offset) {
        checkPage(page);
        ByteBuffer b = slabs.get(page >>> SLAB_SHIFT);
        return b == null ? 0 : b.getInt(offsetInSlab(page) + (offset & (PAGE_SIZE - 4)));
    }

    /** Writes the little-endian dword at byte {@code offset} of the page (4-byte aligned). */
    public void writeInt(int page, int offset, int value) {
        slab(page).putInt(offsetInSlab(page) + (offset & (PAGE_SIZE - 4)), value);
    }

    /** Whether every byte of the page is zero. */
    public boolean isZero(int page) {
        checkPage(page);
        ByteBuffer b = slabs.get(page >>> SLAB_SHIFT);
        return b == null || isZero(b, offsetInSlab(page));
    }

    /** Whether the 4 KiB at {@code offset} in {@code buffer} are all zero. */
    public static boolean isZero(ByteBuffer buffer, int offset) {
        for (int i = 0; i < PAGE_SIZE; i += 32) {
            if ((buffer.getLong(offset + i) | buffer.getLong(offset + i + 8) | buffer.getLong(offset + i + 16)
                    | buffer.getLong(offset + i + 24)) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Releases every slab now (the store reads as all zero afterwards); borrowed memory is only let
     * go of, its owner keeps it.
     */
    @Override
    public void close() {
        for (int s = 0; s < slabs.length(); s++) {
            ByteBuffer b = slabs.getAndSet(s, null);
            if (b != null && !borrowed) {
                allocatedBytes.addAndGet(-SLAB_BYTES);
                free(b);
            }
        }
    }

    private void checkPage(int page) {
        if (page < 0 || page >= pageCount) {
            throw new IndexOutOfBoundsException("page " + page + " outside 0.." + (pageCount - 1));
        }
    }

    // Off-heap memory is returned at once when the JDK allows it (sun.misc.Unsafe.invokeCleaner, in
    // the jdk.unsupported module); otherwise the garbage collector returns it later.
    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Method m = null;
        Object u = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            u = f.get(null);
            m = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            m = null;
            u = null;
        }
        INVOKE_CLEANER = m;
        UNSAFE = u;
    }

    /** Returns a direct buffer its caller allocated and no longer uses (at once when the JDK allows). */
    public static void release(ByteBuffer direct) {
        free(direct);
    }

    private static void free(ByteBuffer direct) {
        if (INVOKE_CLEANER != null) {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, direct);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // left to the garbage collector
            }
        }
    }
}
