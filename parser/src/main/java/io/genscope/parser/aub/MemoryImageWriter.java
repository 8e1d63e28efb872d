package io.genscope.parser.aub;

import io.genscope.parser.memory.Ggtt;
import io.genscope.parser.memory.PhysicalMemory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Re-emits a memory model (physical pages and GGTT entries, as a capture reader rebuilt them)
 * through an {@link AubWriter}, writing only what changed since the previous call. Calling it
 * before each submission of a capture being copied gives the copy the same memory at every
 * submission; that is how a rewritten capture is saved.
 *
 * <pre>
 * per call:  GGTT entries that are new or changed, runs of consecutive pages in one write each
 *            physical pages that are new or whose contents changed, one 4 KiB write each
 * </pre>
 * A page's contents are remembered as a 64-bit hash, not copied; two different contents with the
 * same hash (odds about 2^-64 per page) would leave the copy with the old one.
 */
public final class MemoryImageWriter {
    private final AubWriter writer;
    private final Map<Long, Long> pageHashes = new HashMap<>();
    private final Map<Long, Long> entries = new HashMap<>();
    private final int[] page = new int[PhysicalMemory.PAGE_SIZE / 4];
    private final ByteBuffer bytes = ByteBuffer.allocate(PhysicalMemory.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private long pagesWritten;
    private long entriesWritten;

    public MemoryImageWriter(AubWriter writer) {
        this.writer = Objects.requireNonNull(writer);
    }

    /** Writes what changed in {@code physical} and {@code ggtt} since the last call. */
    public void writeChanges(PhysicalMemory physical, Ggtt ggtt) throws IOException {
        writeEntries(ggtt);
        for (long address : physical.pageAddresses()) {
            int n = physical.readDwords(address, page, 0, page.length);
            if (n != page.length) {
                continue;
            }
            long hash = hash(page);
            Long old = pageHashes.put(address, hash);
            if (old != null && old == hash) {
                continue;
            }
            bytes.clear();
            bytes.asIntBuffer().put(page);
            writer.writePhysical(address, bytes.array(), 0, PhysicalMemory.PAGE_SIZE);
            pagesWritten++;
        }
    }

    private void writeEntries(Ggtt ggtt) throws IOException {
        long[] indices = ggtt.indices();
        long[] run = new long[512];
        long runStart = -1;
        int n = 0;
        for (long index : indices) {
            long pte = ggtt.entry(index).orElseThrow();
            Long old = entries.put(index, pte);
            if (old != null && old == pte) {
                continue;
            }
            if (n > 0 && (index != runStart + n || n == run.length)) {
                writer.writeGgttEntries(runStart << 12, java.util.Arrays.copyOf(run, n));
                n = 0;
            }
            if (n == 0) {
                runStart = index;
            }
            run[n++] = pte;
            entriesWritten++;
        }
        if (n > 0) {
            writer.writeGgttEntries(runStart << 12, java.util.Arrays.copyOf(run, n));
        }
    }

    /** Physical pages written so far. */
    public long pagesWritten() {
        return pagesWritten;
    }

    /** GGTT entries written so far. */
    public long entriesWritten() {
        return entriesWritten;
    }

    /** A 64-bit hash of a page (a multiply-xorshift mix per dword, then a final avalanche). */
    private static long hash(int[] dwords) {
        long h = 0x9E3779B97F4A7C15L;
        for (int d : dwords) {
            h = (h ^ (d & 0xffffffffL)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        h ^= h >>> 32;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
