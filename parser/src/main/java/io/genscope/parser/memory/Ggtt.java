package io.genscope.parser.memory;

import java.util.OptionalLong;

/**
 * The global GTT as a capture rebuilt it: GGTT page index to 64-bit page-table entry.
 *
 * <pre>
 *  63      48 47                         12 11        1   0
 * +----------+-----------------------------+-----------+---+
 * | ignored  |  physical page address      |  flags    | V |
 * +----------+-----------------------------+-----------+---+
 * </pre>
 *
 * A GGTT page is mapped as soon as an entry was written for it, whatever its valid bit V says:
 * that is how Mesa's aubinator reads captures, and capture writers do not always set V.
 */
public final class Ggtt {
    /** Bits 47:12 of an entry: the physical page. */
    public static final long PTE_ADDRESS_MASK = 0x0000_ffff_ffff_f000L;
    /** Returned by {@link #physicalPage} for a page without an entry. */
    public static final long UNMAPPED = -1L;

    private final LongLongMap entries = new LongLongMap(1024);
    private long generation;
    private Paging paging = Paging.DEFAULT;

    /**
     * Reads entries the way this device does: with local memory, bit 1 of an entry puts its page
     * in local memory ({@link Paging#ggttPage}).
     */
    public void usePaging(Paging paging) {
        this.paging = java.util.Objects.requireNonNull(paging);
        generation++;
    }

    /** How entries are read. */
    public Paging paging() {
        return paging;
    }

    /**
     * Stores the entry for GGTT page {@code index} (graphics address {@code index << 12}).
     *
     * @return false when the table is full
     */
    public boolean setEntry(long index, long pte) {
        if (index < 0) {
            throw new IllegalArgumentException("negative GGTT index " + index);
        }
        generation++;
        return entries.put(index, pte);
    }

    /** A counter that changes with every entry written. */
    public long generation() {
        return generation;
    }

    /** The raw entry for GGTT page {@code index}, if one was written. */
    public OptionalLong entry(long index) {
        int slot = entries.find(index);
        return slot < 0 ? OptionalLong.empty() : OptionalLong.of(entries.valueAt(slot));
    }

    /** Whether the page holding graphics {@code address} has an entry. */
    public boolean isMapped(long address) {
        return entries.containsKey((address & PhysicalMemory.ADDRESS_MASK) >>> 12);
    }

    /** Physical address of the page holding graphics {@code address}, or {@link #UNMAPPED}. */
    public long physicalPage(long address) {
        int slot = entries.find((address & PhysicalMemory.ADDRESS_MASK) >>> 12);
        return slot < 0 ? UNMAPPED : paging.ggttPage(entries.valueAt(slot));
    }

    /** GGTT page indices that have an entry, in ascending order. */
    public long[] indices() {
        long[] out = new long[entries.size()];
        int[] n = {0};
        entries.forEach((index, pte) -> out[n[0]++] = index);
        java.util.Arrays.sort(out);
        return out;
    }

    /** Number of pages with an entry. */
    public int entryCount() {
        return entries.size();
    }

    /** Approximate heap footprint. */
    public long heapBytes() {
        return entries.heapBytes();
    }
}
