package io.genscope.parser.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Sparse physical memory in 4 KiB pages, rebuilt from the memory writes of a capture without
 * copying the capture into the heap.
 *
 * <pre>
 * page table: physical page number (address &gt;&gt;&gt; 12)  -&gt;  long entry
 *   entry &gt;= 0             the page's 4 KiB sit in the capture file at this byte offset
 *                         (the whole page was written by one contiguous write)
 *   entry = -(i + 1)      the page lives in heap page i, a byte[4096]
 *                         (written partially: copied from the previous content, then patched)
 *   no entry              never written
 * </pre>
 *
 * A later whole-page write turns a heap page back into a file pointer and recycles its array.
 * Addresses are masked to 48 bits; an address whose bits 63:48 are exactly 1 (the {@link #LOCAL}
 * bit) is in a discrete GPU's device-local memory, apart from system memory at the same address;
 * bits 63:48 of exactly 3 ({@link #LOCAL_APART}) name a second store of local memory, for a capture
 * that numbers local pages twice. Not thread-safe; reads may run concurrently with each other.
 */
public final class PhysicalMemory {
    public static final int PAGE_SIZE = 4096;
    /** Physical and graphics addresses are 48 bits wide. */
    public static final long ADDRESS_MASK = (1L << 48) - 1;
    /**
     * Set above the 48 address bits of a physical address in device-local memory (a discrete
     * GPU's VRAM: AUB address space 1 of Intel's writers, or a page-table entry's local-memory
     * bit); clear for system memory.
     */
    public static final long LOCAL = 1L << 48;
    /**
     * Local memory in a second numbering, apart from {@link #LOCAL}'s: a capture writer that gives
     * two kinds of page the same local addresses (NEO on DG1: {@code NeoGen12LpLocalNumberings}).
     */
    public static final long LOCAL_APART = LOCAL | 1L << 49;
    /** The bits of a physical address that say where it is: its store ({@link #LOCAL}, {@link #LOCAL_APART}) and address. */
    public static final long STORE_AND_ADDRESS = LOCAL_APART | ADDRESS_MASK;
    /** Returned by {@link #readDwords} for a page that was never written. */
    public static final int NOT_WRITTEN = -1;

    private static final long ABSENT = Long.MIN_VALUE;
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final MappedBytes file;
    private final LongLongMap pages = new LongLongMap(4096);
    private byte[][] heap = new byte[64][];
    private int heapAllocated;
    private int[] free = new int[16];
    private int freeCount;
    private long generation;

    /** Memory whose file pointers refer to {@code file}. */
    public PhysicalMemory(MappedBytes file) {
        this.file = file;
    }

    /** The capture the file pointers refer to. */
    public MappedBytes file() {
        return file;
    }

    /**
     * Records that {@code length} bytes found at {@code fileOffset} in the capture were written at
     * physical {@code address}. The caller has checked that the bytes are inside the file.
     *
     * @return false when the page table is full; the write is then only partly recorded
     */
    public boolean write(long address, long fileOffset, long length) {
        generation++;
        long bank = banked(address) & LOCAL_APART;
        long a = address & ADDRESS_MASK;
        long src = fileOffset;
        long left = length;
        while (left > 0) {
            int inPage = (int) (a & (PAGE_SIZE - 1));
            int n = (int) Math.min(left, PAGE_SIZE - inPage);
            long page = (bank | a) >>> 12;
            boolean ok = n == PAGE_SIZE ? pointAt(page, src) : patch(page, inPage, src, n);
            if (!ok) {
                return false;
            }
            a = (a + n) & ADDRESS_MASK;
            src += n;
            left -= n;
        }
        return true;
    }

    /**
     * Copies {@code length} bytes from physical {@code src} to physical {@code dst}, as the device
     * does for a blit; neither run may cross a page. A page never written reads as zeros. A whole
     * page whose source sits in the capture becomes a file pointer again.
     *
     * @return false when the page table is full; nothing is copied then
     * @throws IllegalArgumentException when a run crosses a page or the length is not positive
     */
    public boolean copy(long dst, long src, int length) {
        long s = banked(src);
        long d = banked(dst);
        int from = (int) (s & (PAGE_SIZE - 1));
        int to = (int) (d & (PAGE_SIZE - 1));
        if (length <= 0 || from + length > PAGE_SIZE || to + length > PAGE_SIZE) {
            throw new IllegalArgumentException("a copy run must lie inside one page: " + length + " bytes");
        }
        generation++;
        long entry = pages.get(s >>> 12, ABSENT);
        if (length == PAGE_SIZE && entry >= 0) {
            return pointAt(d >>> 12, entry);
        }
        byte[] run = new byte[length];
        if (entry >= 0) {
            file.get(entry + from, run, 0, length);
        } else if (entry != ABSENT) {
            System.arraycopy(heap[heapIndex(entry)], from, run, 0, length);
        }
        byte[] bytes = heapPage(d >>> 12);
        if (bytes == null) {
            return false;
        }
        System.arraycopy(run, 0, bytes, to, length);
        return true;
    }

    /** Whether the page holding {@code address} was ever written. */
    public boolean isWritten(long address) {
        return pages.containsKey(banked(address) >>> 12);
    }

    /**
     * Copies dwords from the page holding {@code address} (rounded down to a dword), stopping at
     * the end of that page.
     *
     * @return how many dwords were copied, or {@link #NOT_WRITTEN} (nothing copied)
     */
    public int readDwords(long address, int[] dst, int off, int count) {
        long a = banked(address);
        long entry = pages.get(a >>> 12, ABSENT);
        if (entry == ABSENT) {
            return NOT_WRITTEN;
        }
        int inPage = (int) (a & (PAGE_SIZE - 4));
        int n = Math.min(count, (PAGE_SIZE - inPage) >> 2);
        if (entry >= 0) {
            file.getInts(entry + inPage, dst, off, n);
        } else {
            byte[] page = heap[heapIndex(entry)];
            for (int i = 0; i < n; i++) {
                dst[off + i] = (int) INT_LE.get(page, inPage + 4 * i);
            }
        }
        return n;
    }

    /** The little-endian qword at {@code address} (rounded down to 8 bytes); 0 when the page was never written. */
    public long readLong(long address) {
        long a = banked(address);
        long entry = pages.get(a >>> 12, ABSENT);
        if (entry == ABSENT) {
            return 0;
        }
        int inPage = (int) (a & (PAGE_SIZE - 8));
        return entry >= 0 ? file.getLong(entry + inPage) : (long) LONG_LE.get(heap[heapIndex(entry)], inPage);
    }

    /**
     * Where the page holding {@code address} sits in the capture: the byte offset of the data of
     * the whole-page write that last wrote it, or -1 when it was never written or patched since.
     */
    public long fileOffset(long address) {
        long entry = pages.get(banked(address) >>> 12, ABSENT);
        return entry >= 0 ? entry : -1;
    }

    /** A counter that changes with every write: lets a view tell whether what it cached is still true. */
    public long generation() {
        return generation;
    }

    /** Physical addresses of every page ever written (local ones with {@link #LOCAL}), in ascending order. */
    public long[] pageAddresses() {
        long[] out = new long[pages.size()];
        int[] n = {0};
        pages.forEach((page, entry) -> out[n[0]++] = page << 12);
        Arrays.sort(out);
        return out;
    }

    /** Number of pages ever written. */
    public int pageCount() {
        return pages.size();
    }

    /** Number of pages held in the heap (partially written ones). */
    public int heapPageCount() {
        return heapAllocated - freeCount;
    }

    /** Approximate heap footprint: page table plus heap pages. */
    public long heapBytes() {
        return pages.heapBytes() + (long) heapAllocated * (PAGE_SIZE + 16) + 8L * heap.length;
    }

    private boolean pointAt(long page, long fileOffset) {
        long old = pages.get(page, ABSENT);
        if (!pages.put(page, fileOffset)) {
            return false;
        }
        if (old != ABSENT && old < 0) {
            release(heapIndex(old));
        }
        return true;
    }

    private boolean patch(long page, int inPage, long fileOffset, int length) {
        byte[] bytes = heapPage(page);
        if (bytes == null) {
            return false;
        }
        file.get(fileOffset, bytes, inPage, length);
        return true;
    }

    /** The heap copy of a page, made from its previous content first if needed; null when the page table is full. */
    private byte[] heapPage(long page) {
        long old = pages.get(page, ABSENT);
        if (old != ABSENT && old < 0) {
            return heap[heapIndex(old)];
        }
        int index = allocate();
        byte[] bytes = heap[index];
        if (old == ABSENT) {
            Arrays.fill(bytes, (byte) 0);
        } else {
            file.get(old, bytes, 0, PAGE_SIZE);
        }
        if (!pages.put(page, -(index + 1L))) {
            release(index);
            return null;
        }
        return bytes;
    }

    /** The address masked to 48 bits, with bits 63:48 kept when they are exactly {@link #LOCAL} or {@link #LOCAL_APART}. */
    private static long banked(long address) {
        long store = address >>> 48;
        return store == 1 || store == 3 ? address : address & ADDRESS_MASK;
    }

    private static int heapIndex(long entry) {
        return (int) (-entry - 1);
    }

    private int allocate() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (heapAllocated == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        heap[heapAllocated] = new byte[PAGE_SIZE];
        return heapAllocated++;
    }

    private void release(int index) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = index;
    }
}
