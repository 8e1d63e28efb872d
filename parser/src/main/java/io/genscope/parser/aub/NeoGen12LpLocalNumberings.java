package io.genscope.parser.aub;

import io.genscope.parser.memory.PhysicalMemory;

/**
 * The two numberings of local memory in a NEO capture of a Gen12LP part with local memory (DG1),
 * told apart by the comment NEO writes before each allocation's data.
 *
 * <p>The NEO facts this rests on (its {@code PhysicalAddressAllocatorHw} and the Gen12LP simulated
 * command stream receiver, as of 22.43; see {@code tools/xcheck/README.md}):
 * <ul>
 *   <li>GGTT pages (ring, context image, status page) take their physical page from the main
 *   (system) bank's counter, yet are written to local memory (AUB address space 1) and mapped with
 *   the GGTT entry's local bit; Xe-HP and later take them from the local bank instead.</li>
 *   <li>Local PPGTT pages (leaf bit 11) take theirs from local bank 0's counter, which also starts
 *   at 0x1000: the same local addresses name two different pages.</li>
 *   <li>Before an allocation's writes NEO writes a comment naming it: {@code "ggtt: ADDR"} or
 *   {@code "ppgtt: ADDR end address: ..."}. The page table entries a PPGTT allocation needs
 *   follow its own comment.</li>
 * </ul>
 *
 * A local write after a {@code ggtt:} comment goes to {@link PhysicalMemory#LOCAL_APART}, where
 * GGTT entries with the local bit read ({@link io.genscope.parser.memory.Paging#ggttLocalApart});
 * every other local write (after {@code ppgtt:}, or before any allocation comment) goes to
 * {@link PhysicalMemory#LOCAL}, where PPGTT leaves and page tables read. Other comments (kernel
 * names, the driver's) do not change the allocation a write belongs to.
 */
final class NeoGen12LpLocalNumberings {
    /** The note a read gives when the split was used; its argument is the number of GGTT-page writes. */
    static final String NOTE = "local memory is numbered twice (NEO's GGTT pages and its PPGTT pages both from"
            + " 0x1000); NEO's \"ggtt:\" and \"ppgtt:\" comments told them apart (%d writes of GGTT pages)";

    private boolean ggttAllocation;
    private long ggttWrites;

    /** Takes note of a comment packet's text. */
    void comment(String text) {
        if (text.startsWith("ggtt:")) {
            ggttAllocation = true;
        } else if (text.startsWith("ppgtt:")) {
            ggttAllocation = false;
        }
    }

    /** The store a write to local memory (address space 1) goes to now, in a capture of such a device. */
    long localStore() {
        if (ggttAllocation) {
            ggttWrites++;
            return PhysicalMemory.LOCAL_APART;
        }
        return PhysicalMemory.LOCAL;
    }

    /** How many local writes went to the GGTT numbering. */
    long ggttWrites() {
        return ggttWrites;
    }
}
