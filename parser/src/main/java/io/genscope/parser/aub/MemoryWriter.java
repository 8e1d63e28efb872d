package io.genscope.parser.aub;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.memory.Ggtt;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.parser.memory.Paging;
import io.genscope.parser.memory.PhysicalMemory;

/**
 * Applies the data of a memory write to the memory model, by address space.
 *
 * <pre>
 * space  name (AubStream)         handling
 *   0    GttGfx                   GGTT address: each page through its PTE to physical memory
 *   1    Local                    local memory on a device that has it ({@link Paging}), else physical
 *   2    Nonlocal ("PHYSICAL")    physical (system memory)
 *   4    GttEntry                 address / 8 = GGTT page index; data = 64-bit PTEs
 *   6, 8, 9, 10  PPGTT PTE/PDP/PD/PML4 entries (NEO)   physical
 *   other                         skipped, reported once per space
 * </pre>
 */
final class MemoryWriter {
    private final MappedBytes bytes;
    private final PhysicalMemory physical;
    private final Ggtt ggtt;
    private final ProblemLog problems;

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
            case 1 -> physical.write(ggtt.paging().localMemory() ? a | PhysicalMemory.LOCAL : a, dataOffset, size);
            case 2, 6, 8, 9, 10 -> physical.write(a, dataOffset, size);
            case 4 -> writeEntries(packetOffset, a, dataOffset, size);
            default -> {
                problems.reportOnce("space " + space, Problem.Kind.UNSUPPORTED, packetOffset,
                        "memory writes to address space " + space + " are skipped");
                yield true;
            }
        };
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
            } else if (!physical.write(page | inPage, src, n)) { // page may carry PhysicalMemory.LOCAL
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
