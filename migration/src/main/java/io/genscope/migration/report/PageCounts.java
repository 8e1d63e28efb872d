package io.genscope.migration.report;

/**
 * How pages went on the wire with compression on, for a round or a whole migration.
 *
 * @param raw pages sent as PAGE_RAW (compression did not pay)
 * @param zero pages sent as PAGE_ZERO
 * @param lz4 pages sent as PAGE_COMPRESSED (LZ4)
 * @param delta pages sent as PAGE_DELTA
 * @param bytesBefore page bytes of the non-zero pages (4096 each)
 * @param bytesAfter payload bytes those pages took on the wire (record headers not included)
 * @param encodeMs time the encode stage spent choosing and encoding
 */
public record PageCounts(long raw, long zero, long lz4, long delta, long bytesBefore, long bytesAfter, double encodeMs) {
    public static final PageCounts EMPTY = new PageCounts(0, 0, 0, 0, 0, 0, 0);

    /** bytesBefore / bytesAfter (1 when nothing was sent). */
    public double ratio() {
        return bytesAfter == 0 ? 1 : (double) bytesBefore / bytesAfter;
    }

    public long pages() {
        return raw + zero + lz4 + delta;
    }

    /** These counts minus {@code earlier} (the counts of one round from two totals). */
    public PageCounts minus(PageCounts earlier) {
        return new PageCounts(raw - earlier.raw, zero - earlier.zero, lz4 - earlier.lz4, delta - earlier.delta,
                bytesBefore - earlier.bytesBefore, bytesAfter - earlier.bytesAfter, encodeMs - earlier.encodeMs);
    }
}
