package io.genscope.rewriter.aub;

import io.genscope.parser.memory.Ggtt;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where in the capture file each dword of rebuilt physical memory came from: the reader's memory
 * model, replayed with file offsets instead of contents, so that a dword read at a submission can
 * be patched in the very packet that wrote it.
 *
 * <pre>
 * physical page -&gt; long[1]     the whole page was written by one write: its first byte's offset
 *               -&gt; long[1024]  per dword: the offset of its 4 bytes, {@link #NONE} (never
 *                              written) or {@link #MIXED} (its bytes come from several writes)
 * </pre>
 *
 * GGTT-addressed writes go through a mirror of the GGTT built from the same entry writes the
 * reader sees. Not thread-safe.
 */
final class WriteOrigins {
    /** No write put bytes here (the reader shows zeros). */
    static final long NONE = -1;
    /** The dword's bytes come from different writes: no single place in the file to patch. */
    static final long MIXED = -2;
    static final long MASK48 = (1L << 48) - 1;

    private final Map<Long, long[]> pages = new HashMap<>();
    private final Ggtt ggtt = new Ggtt();

    /** A write of {@code size} bytes found at {@code dataOffset} to physical {@code address}. */
    void physical(long address, long dataOffset, long size) {
        long a = address & MASK48;
        long src = dataOffset;
        long left = size;
        while (left > 0) {
            int inPage = (int) (a & 4095);
            int n = (int) Math.min(left, 4096 - inPage);
            chunk(a >>> 12, inPage, src, n);
            a = (a + n) & MASK48;
            src += n;
            left -= n;
        }
    }

    /** A write through the GGTT: each page through its entry, pages without one dropped (as the reader does). */
    void ggtt(long address, long dataOffset, long size) {
        long a = address & MASK48;
        long src = dataOffset;
        long left = size;
        while (left > 0) {
            int inPage = (int) (a & 4095);
            int n = (int) Math.min(left, 4096 - inPage);
            long page = ggtt.physicalPage(a);
            if (page != Ggtt.UNMAPPED) {
                chunk(page >>> 12, inPage, src, n);
            }
            a = (a + n) & MASK48;
            src += n;
            left -= n;
        }
    }

    /** GGTT entries written: keeps the mirror in step with the reader's GGTT. */
    void entries(long address, long[] ptes) {
        long first = (address & MASK48) >>> 3;
        for (int i = 0; i < ptes.length; i++) {
            ggtt.setEntry(first + i, ptes[i]);
        }
    }

    /** The file offset of the 4 bytes at physical {@code address} (rounded down to a dword), or NONE / MIXED. */
    long dword(long address) {
        long a = address & MASK48 & ~3L;
        long[] p = pages.get(a >>> 12);
        if (p == null) {
            return NONE;
        }
        int inPage = (int) (a & 4095);
        return p.length == 1 ? p[0] + inPage : p[inPage >>> 2];
    }

    private void chunk(long page, int inPage, long src, int n) {
        if (n == 4096) {
            pages.put(page, new long[] {src});
            return;
        }
        long[] p = pages.get(page);
        if (p == null || p.length == 1) {
            long[] dwords = new long[1024];
            if (p == null) {
                Arrays.fill(dwords, NONE);
            } else {
                for (int i = 0; i < 1024; i++) {
                    dwords[i] = p[0] + 4L * i;
                }
            }
            p = dwords;
            pages.put(page, p);
        }
        int end = inPage + n;
        for (int j = inPage >>> 2; j < (end + 3) >>> 2; j++) {
            int start = 4 * j;
            p[j] = start >= inPage && start + 4 <= end ? src + (start - inPage) : MIXED;
        }
    }
}
