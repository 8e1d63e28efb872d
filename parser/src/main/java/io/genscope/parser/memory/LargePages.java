package io.genscope.parser.memory;

/**
 * PPGTT pages larger than 4 KiB, as gen8 and later define them and Intel's writers use them.
 *
 * <pre>
 * PDP entry bit 7 (PS)    the entry maps a 1 GiB page itself
 * PD entry  bit 7 (PS)    the entry maps a 2 MiB page itself
 * PD entry  bit 6         the page table it points at is compact: 32 entries of 64 KiB pages,
 *                         indexed by address bits 20:16 (gen12.5 and later; aubstream's PTE64KB,
 *                         Linux i915 GEN12_PDE_64K); every 64 KiB allocation of aubstream on
 *                         DG2, Meteor Lake, Lunar Lake, Battlemage, Panther Lake, and all of a
 *                         discrete part's local memory, is mapped so
 * PD entry  bit 11        (gen9 to gen12, IPS) the 4 KiB table holds 64 KiB pages in every 16th
 *                         entry (aubstream's LegacyPTE64KB: TGL, DG1, ADL); read only where the
 *                         4 KiB entry itself is not present, since some writers mark a directory
 *                         entry in local memory with the same bit
 * </pre>
 * A leaf's address bits below its page size are zero; the local-memory bit is read as for a 4 KiB
 * leaf ({@link Paging#leafPage}).
 */
final class LargePages {
    /** Page size bit of a PDP or PD entry. */
    static final long PAGE_SIZE_BIT = 1L << 7;
    /** PD entry bit: the page table holds 64 KiB entries. */
    static final long COMPACT_64K_BIT = 1L << 6;

    private LargePages() {
    }

    /** Whether an entry at the level indexed by {@code shift} maps a page itself (1 GiB or 2 MiB). */
    static boolean isLeaf(int shift, long entry) {
        return (shift == 30 || shift == 21) && (entry & PAGE_SIZE_BIT) != 0;
    }

    /** Whether a PD entry points at a compact table of 64 KiB pages. */
    static boolean isCompactTable(int shift, long entry) {
        return shift == 21 && (entry & COMPACT_64K_BIT) != 0;
    }

    /** PD entry bit (gen9 to gen12): 64 KiB pages in every 16th entry of the table. */
    static final long LEGACY_64K_BIT = 1L << 11;

    /** Whether a PD entry may point at a table of 64 KiB pages in every 16th entry. */
    static boolean isLegacyTable(int shift, long entry) {
        return shift == 21 && (entry & LEGACY_64K_BIT) != 0;
    }

    /** The entry of a legacy 64 KiB table mapping {@code address}: the first of its 16. */
    static long legacyIndex(long address) {
        return (address >>> 12) & 0x1f0;
    }

    /** The entry of a compact table mapping {@code address}. */
    static long compactIndex(long address) {
        return (address >>> 16) & 31;
    }

    /**
     * The 4 KiB page holding {@code address} inside the page of {@code 1 << shift} bytes starting
     * at {@code leaf} (which may carry {@link PhysicalMemory#LOCAL}).
     */
    static long page(long leaf, int shift, long address) {
        long size = 1L << shift;
        return (leaf & ~(size - 1)) | (address & (size - 1) & ~0xfffL);
    }
}
