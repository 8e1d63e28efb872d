package io.genscope.parser.memory;

/**
 * The per-process GTT of one context: a 4-level page walk through physical memory.
 *
 * <pre>
 * graphics address (bits 63:48 ignored)
 *  47      39 38      30 29      21 20      12 11          0
 * +----------+----------+----------+----------+-------------+
 * |  PML4    |   PDP    |   PD     |   PT     | page offset |
 * +----------+----------+----------+----------+-------------+
 * each level: 512 entries of 8 bytes; bit 0 = present;
 * next table (or the page) = entry &amp; 0x0000_ffff_ffff_f000
 * </pre>
 *
 * A page is mapped when all four entries are present and the physical page it lands on was
 * written. A table page that was never written reads as all zeros, i.e. nothing present. With
 * five levels ({@link Paging}) a PML5 indexed by bits 56:48 comes first; on a device with local
 * memory, tables and pages may be there ({@link Paging}).
 */
public final class Ppgtt {
    /** Bits 47:12 of an entry: the next table or the page. */
    public static final long ENTRY_ADDRESS_MASK = 0x0000_ffff_ffff_f000L;
    /** Returned by {@link #translate} when the walk fails or lands on a page never written. */
    public static final long UNMAPPED = -1L;

    private final PhysicalMemory physical;
    private final long pml4;
    private final Paging paging;

    /** The 4-level page tables rooted at physical address {@code pml4} (low 12 bits and bits above 47 ignored). */
    public Ppgtt(PhysicalMemory physical, long pml4) {
        this(physical, pml4, Paging.DEFAULT);
    }

    /** The page tables rooted at physical address {@code root}, read as {@code paging} says. */
    public Ppgtt(PhysicalMemory physical, long root, Paging paging) {
        this.physical = physical;
        this.pml4 = root & ENTRY_ADDRESS_MASK;
        this.paging = java.util.Objects.requireNonNull(paging);
    }

    /** How the tables are read. */
    public Paging paging() {
        return paging;
    }

    /** Physical address of the root table (as the context names it, without the {@link PhysicalMemory#LOCAL} bit). */
    public long pml4() {
        return pml4;
    }

    /**
     * The root of a 4-level walk that maps every address below 2^48 as this one does: the root itself
     * with four levels, else the PML4 that entry 0 of the PML5 names ({@link #UNMAPPED} if not present).
     */
    public long fourLevelRoot() {
        if (paging.levels() == 4) {
            return pml4;
        }
        long entry = physical.readLong(paging.table(pml4, physical));
        return (entry & 1) == 0 ? UNMAPPED : entry & ENTRY_ADDRESS_MASK;
    }

    /**
     * Physical address of the 4 KiB page holding graphics {@code address}, or {@link #UNMAPPED}.
     * Besides 4 KiB leaves the walk follows the larger pages of {@link LargePages}.
     */
    public long translate(long address) {
        long a = address & PhysicalMemory.ADDRESS_MASK;
        long table = paging.table(pml4, physical);
        boolean legacy64k = false;
        for (int shift = paging.levels() == 5 ? 48 : 39; shift >= 12; shift -= 9) {
            long index = (a >>> shift) & 511;
            long entry = physical.readLong(table + 8 * index);
            if ((entry & 1) == 0 && shift == 12 && legacy64k) {
                long leaf = physical.readLong(table + 8 * LargePages.legacyIndex(a));
                return (leaf & 1) == 0 ? UNMAPPED : written(LargePages.page(paging.leafPage(leaf), 16, a));
            }
            if ((entry & 1) == 0) {
                return UNMAPPED;
            }
            legacy64k = LargePages.isLegacyTable(shift, entry);
            if (LargePages.isLeaf(shift, entry)) {
                return written(LargePages.page(paging.leafPage(entry), shift, a));
            }
            if (LargePages.isCompactTable(shift, entry)) {
                long leaf = physical.readLong(paging.table(entry, physical) + 8 * LargePages.compactIndex(a));
                return (leaf & 1) == 0 ? UNMAPPED : written(LargePages.page(paging.leafPage(leaf), 16, a));
            }
            table = shift == 12 ? paging.leafPage(entry) : paging.table(entry, physical);
        }
        return written(table);
    }

    private long written(long page) {
        return physical.isWritten(page) ? page : UNMAPPED;
    }
}
