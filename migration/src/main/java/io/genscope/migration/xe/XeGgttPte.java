package io.genscope.migration.xe;

import io.genscope.parser.memory.Paging;

/**
 * One GGTT entry as the xe driver writes them on Xe-LPG and later (so on Xe2 and Xe3):
 *
 * <pre>
 * bit  0       valid (present)
 * bit  1       the page is in device-local memory ({@link Paging#GGTT_LOCAL_BIT})
 * bits 11:2    VF id that owns the page (cleared in saved migration data)
 * bits 51:12   physical page address
 * bits 53:52   PAT index bits 1:0
 * </pre>
 *
 * @param raw the 64-bit entry
 */
public record XeGgttPte(long raw) {
    /** Bit 0: the entry maps a page. */
    public static final long VALID = 1L;
    /** Bits 11:2: the owning VF. */
    public static final long VFID_MASK = 0x3ffL << 2;
    /** Bits 51:12: the page address. */
    public static final long ADDRESS_MASK = 0x000f_ffff_ffff_f000L;
    /** Bit 52 holds PAT index bit 0, bit 53 PAT index bit 1. */
    public static final int PAT_SHIFT = 52;

    /** An entry for a page at {@code address} (4 KiB aligned) with the given PAT index (0..3). */
    public static XeGgttPte of(long address, boolean localMemory, int patIndex) {
        if ((address & ~ADDRESS_MASK) != 0) {
            throw new IllegalArgumentException(String.format("0x%x is not a 4 KiB page address of 52 bits", address));
        }
        if (patIndex < 0 || patIndex > 3) {
            throw new IllegalArgumentException("a GGTT entry holds PAT indices 0..3, not " + patIndex);
        }
        return new XeGgttPte(VALID | (localMemory ? Paging.GGTT_LOCAL_BIT : 0) | address | (long) patIndex << PAT_SHIFT);
    }

    /** Whether the entry maps a page. */
    public boolean valid() {
        return (raw & VALID) != 0;
    }

    /** Whether the page is in device-local memory. */
    public boolean localMemory() {
        return (raw & Paging.GGTT_LOCAL_BIT) != 0;
    }

    /** The owning VF's id (0 in saved data). */
    public int vfid() {
        return (int) ((raw & VFID_MASK) >>> 2);
    }

    /** PAT index, 0..3. */
    public int patIndex() {
        return (int) (raw >>> PAT_SHIFT) & 3;
    }

    /** The physical page address. */
    public long address() {
        return raw & ADDRESS_MASK;
    }

    /** Bits no field above covers (63:54). */
    public long otherBits() {
        return raw & ~(ADDRESS_MASK | VFID_MASK | VALID | Paging.GGTT_LOCAL_BIT | 3L << PAT_SHIFT);
    }

    /** Whether {@code next} maps the page after this one with the same attributes. */
    public boolean continuedBy(XeGgttPte next) {
        return (next.raw & ~ADDRESS_MASK) == (raw & ~ADDRESS_MASK)
                && (!valid() && next.address() == address() || next.address() == address() + 4096);
    }
}
