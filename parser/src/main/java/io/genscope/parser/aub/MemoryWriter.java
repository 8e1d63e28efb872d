package io.genscope.parser.aub;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.memory.Ggtt;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.parser.memory.Paging;
import io.genscope.parser.memory.PhysicalMemory;
import java.util.HashMap;
import java.util.Map;

/**
 * Applies the data of a memory write to the memory model, by address space.
 *
 * <pre>
 * space  name (AubStream)         handling
 *   0    GttGfx                   GGTT address: each page through its PTE to physical memory
 *   1    Local                    local memory on a device that has it ({@link Paging}), else physical;
 *                                 NEO's DG1 GGTT pages in a store of their own ({@link NeoGen12LpLocalNumberings})
 *   2    Nonlocal ("PHYSICAL")    physical (system memory)
 *   4    GttEntry                 address / 8 = GGTT page index; data = 64-bit PTEs
 *   6, 8, 9, 10  PPGTT PTE/PDP/PD/PML4 entries (NEO)   physical
 *   other                         skipped, reported once per space
 * </pre>
 *
 * It also remembers where a page was last written whole when a later write patches part of it
 * ({@link #lastWholeWrite}), so that a problem can name the write that put a page's content there.
 */
final class MemoryWriter {
    /** Most pages {@link #lastWholeWrite} remembers across patches: enough for the pages a problem can name. */
    private static final int REMEMBERED_PATCHES = 1024;

    private final MappedBytes bytes;
    private final PhysicalMemory physical;
    private final Ggtt ggtt;
    private final ProblemLog problems;
    /** Pages patched after a whole-page write: page number (with the store bits) -> data offset of that write. */
    private final Map<Long, Long> wholeBeforePatch = new HashMap<>();
    private final NeoGen12LpLocalNumberings numberings = new NeoGen12LpLocalNumberings();

    MemoryWriter(MappedBytes bytes, PhysicalMemory physical, Ggtt ggtt, ProblemLog problems) {
        this.bytes = bytes;
        this.physical = physical;
        this.ggtt = ggtt;
        this.problems = problems;
    }

    /**
     * Writes {@code size} bytes found at {@code dataOffset} (inside the file) to {@code address}.
     *
     * @return false when the memory model is full and reading must stop
     */
    boolean write(long packetOffset, int space, long address, long dataOffset, long size) {
        long a = address & PhysicalMemory.ADDRESS_MASK;
        return switch (space) {
            case 0 -> writeGgtt(packetOffset, a, dataOffset, size);
            case 1 -> writePhysical(local(a), dataOffset, size);
            case 2, 6, 8, 9, 10 -> writePhysical(a, dataOffset, size);
            case 4 -> writeEntries(packetOffset, a, dataOffset, size);
            default -> {
                problems.reportOnce("space " + space, Problem.Kind.UNSUPPORTED, packetOffset,
                        "memory writes to address space " + space + " are skipped");
                yield true;
            }
        };
    }

    /** Takes note of a comment packet: NEO names the allocation its next writes belong to there. */
    void comment(String text) {
        numberings.comment(text);
    }

    /** How many local writes went to NEO's GGTT numbering of local memory ({@link NeoGen12LpLocalNumberings}). */
    long ggttNumberedWrites() {
        return numberings.ggttWrites();
    }

    /** Where a write to local memory at {@code address} lands. */
    private long local(long address) {
        Paging paging = ggtt.paging();
        if (!paging.localMemory()) {
            return address;
        }
        return address | (paging.ggttLocalApart() ? numberings.localStore() : PhysicalMemory.LOCAL);
    }

    private boolean writeGgtt(long packetOffset, long address, long dataOffset, long size) {
        long a = address;
        long src = dataOffset;
        long left = size;
        long dropped = 0;
        while (left > 0) {
            int inPage = (int) (a & (PhysicalMemory.PAGE_SIZE - 1));
            int n = (int) Math.min(left, PhysicalMemory.PAGE_SIZE - inPage);
            long page = ggtt.physicalPage(a);
            if (page == Ggtt.UNMAPPED) {
                dropped += n;
            } else if (!writePhysical(page | inPage, src, n)) { // page may carry PhysicalMemory.LOCAL
                return false;
            }
            a = (a + n) & PhysicalMemory.ADDRESS_MASK;
            src += n;
            left -= n;
        }
        if (dropped > 0) {
            problems.report(Problem.Kind.CORRUPT, packetOffset, String.format(
                    "GGTT write to 0x%x: %d of its %d bytes fall on pages without a GGTT entry and were dropped",
                    address, dropped, size));
        }
        return true;
    }

    /**
     * The data offset in the capture of the last write that covered the whole page holding
     * physical {@code address} (which may carry {@link PhysicalMemory#LOCAL}), also when parts of
     * the page were written since; -1 when unknown.
     */
    long lastWholeWrite(long address) {
        long now = physical.fileOffset(address);
        return now >= 0 ? now : wholeBeforePatch.getOrDefault(pageKey(address), -1L);
    }

    /** {@link PhysicalMemory#write}, first noting the whole-page writes that a partial first or last page will patch. */
    private boolean writePhysical(long address, long dataOffset, long size) {
        if (size > 0) {
            long last = (address & PhysicalMemory.LOCAL_APART) | ((address + size - 1) & PhysicalMemory.ADDRESS_MASK);
            if ((address & (PhysicalMemory.PAGE_SIZE - 1)) != 0 || pageKey(address) == pageKey(last)
                    && size < PhysicalMemory.PAGE_SIZE) {
                notePatch(address);
            }
            if (((last + 1) & (PhysicalMemory.PAGE_SIZE - 1)) != 0 && pageKey(address) != pageKey(last)) {
                notePatch(last);
            }
        }
        return physical.write(address, dataOffset, size);
    }

    private void notePatch(long address) {
        long whole = physical.fileOffset(address);
        if (whole >= 0 && (wholeBeforePatch.size() < REMEMBERED_PATCHES || wholeBeforePatch.containsKey(pageKey(address)))) {
            wholeBeforePatch.put(pageKey(address), whole);
        }
    }

    private static long pageKey(long address) {
        return (address & PhysicalMemory.STORE_AND_ADDRESS) >>> 12;
    }

    private boolean writeEntries(long packetOffset, long address, long dataOffset, long size) {
        if ((size & 7) != 0 || (address & 7) != 0) {
            problems.report(Problem.Kind.CORRUPT, packetOffset, String.format(
                    "GGTT entry write at 0x%x of %d bytes is not a whole number of aligned 8-byte entries", address,
                    size));
        }
        long first = address >>> 3;
        for (long i = 0; i < size >>> 3; i++) {
            if (!ggtt.setEntry(first + i, bytes.getLong(dataOffset + 8 * i))) {
                return false;
            }
        }
        return true;
    }
}
