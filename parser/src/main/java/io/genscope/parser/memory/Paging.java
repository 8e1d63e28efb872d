package io.genscope.parser.memory;

/**
 * How a device's page tables read: how many levels the per-process GTT walks, and whether entries
 * can point into device-local memory (a discrete GPU's VRAM).
 *
 * <pre>
 * levels 4   PML4 -&gt; PDP -&gt; PD -&gt; PT, graphics address bits 47:12
 * levels 5   PML5 (bits 56:48) -&gt; PML4 -&gt; PDP -&gt; PD -&gt; PT; with 48-bit addresses only
 *            entry 0 of the PML5 is used (Intel's aubstream writes such tables for Xe2 and Xe3)
 *
 * local memory (gen12 and later discrete parts: DG1, DG2/ATS-M, Ponte Vecchio, Battlemage)
 *   GGTT entry   bit 1    the page is in local memory  (Linux i915 GEN12_GGTT_PTE_LM, xe XE_GGTT_PTE_DM)
 *   PPGTT leaf   bit 11   the page is in local memory  (i915 GEN12_PPGTT_PTE_LM, xe XE_PPGTT_PTE_DM)
 *   directory entries carry no such bit: the drivers keep a discrete GPU's page tables in local
 *   memory, and a capture writes them there; a table is read from local memory when the capture
 *   wrote that page of local memory, else from system memory
 * </pre>
 *
 * Without local memory both bits mean something else (or nothing) and are ignored, as before.
 * A capture that numbers its local GGTT pages apart from its local PPGTT pages (NEO on DG1) reads
 * them from {@link PhysicalMemory#LOCAL_APART} ({@code ggttLocalApart}).
 *
 * @param levels 4 or 5
 * @param localMemory whether the device has local memory, so that the bits above apply
 * @param ggttLocalApart whether a GGTT entry's local page is in the second store of local memory
 */
public record Paging(int levels, boolean localMemory, boolean ggttLocalApart) {
    /** Integrated gen8 to Xe-LPG parts, and every capture written by Mesa: 4 levels, system memory only. */
    public static final Paging DEFAULT = new Paging(4, false);
    /** GGTT entry bit: the page is in local memory. */
    public static final long GGTT_LOCAL_BIT = 1L << 1;
    /** PPGTT leaf entry bit: the page is in local memory. */
    public static final long PPGTT_LOCAL_BIT = 1L << 11;

    public Paging {
        if (levels != 4 && levels != 5) {
            throw new IllegalArgumentException("page tables of " + levels + " levels");
        }
    }

    /** Paging with one numbering of local memory. */
    public Paging(int levels, boolean localMemory) {
        this(levels, localMemory, false);
    }

    /** The physical address a GGTT entry points at: {@link PhysicalMemory#LOCAL} added for a local page. */
    long ggttPage(long pte) {
        long page = pte & Ggtt.PTE_ADDRESS_MASK;
        if (!localMemory || (pte & GGTT_LOCAL_BIT) == 0) {
            return page;
        }
        return page | (ggttLocalApart ? PhysicalMemory.LOCAL_APART : PhysicalMemory.LOCAL);
    }

    /** The physical address a PPGTT leaf entry points at. */
    long leafPage(long pte) {
        long page = pte & Ppgtt.ENTRY_ADDRESS_MASK;
        return localMemory && (pte & PPGTT_LOCAL_BIT) != 0 ? page | PhysicalMemory.LOCAL : page;
    }

    /** Where a page table at {@code address} is: local memory if the capture wrote that page there. */
    long table(long address, PhysicalMemory physical) {
        long page = address & Ppgtt.ENTRY_ADDRESS_MASK;
        return localMemory && physical.isWritten(page | PhysicalMemory.LOCAL) ? page | PhysicalMemory.LOCAL : page;
    }
}
