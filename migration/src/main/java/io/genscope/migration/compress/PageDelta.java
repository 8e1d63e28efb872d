package io.genscope.migration.compress;

import io.genscope.migration.state.PageStore;
import java.nio.ByteBuffer;

/**
 * A page as the difference to the copy the destination already holds (the idea of QEMU's XBZRLE,
 * with its own encoding): the page is compared as 512 little-endian 8-byte words and only runs
 * of changed words are sent.
 *
 * <pre>
 * payload = run*                         runs in ascending word order
 * run     = uvarint skip                 words unchanged since the last run (0..511)
 *           uvarint count                changed words that follow (1..512)
 *           count x 8 bytes              their new contents
 * words after the last run are unchanged; an empty payload means the whole page is unchanged
 * uvarint = LEB128: 7 bits per byte, least significant first, high bit = more; at most 2 bytes
 * skip + count summed over all runs &lt;= 512
 * </pre>
 *
 * A run costs 2 to 4 bytes of header, less than one word, so runs are never merged across an
 * unchanged word. The GPU and CPU write whole lines, so word granularity loses little against a
 * byte-wise delta and compares 8 bytes at a time.
 */
public final class PageDelta {
    public static final int WORDS = PageStore.PAGE_SIZE / 8;

    private PageDelta() {
    }

    /**
     * Encodes {@code cur} against {@code old} into {@code dst[dstOffset..]}.
     *
     * @return the payload length, or -1 when it would exceed {@code limit} bytes
     */
    public static int encode(ByteBuffer old, int oldOffset, ByteBuffer cur, int curOffset, ByteBuffer dst, int dstOffset,
            int limit) {
        int out = dstOffset;
        int end = dstOffset + limit;
        int w = 0;
        int last = 0;
        while (w < WORDS) {
            if (old.getLong(oldOffset + 8 * w) == cur.getLong(curOffset + 8 * w)) {
                w++;
                continue;
            }
            int start = w;
            while (w < WORDS && old.getLong(oldOffset + 8 * w) != cur.getLong(curOffset + 8 * w)) {
                w++;
            }
            int count = w - start;
            int need = varintBytes(start - last) + varintBytes(count) + 8 * count;
            if (out + need > end) {
                return -1;
            }
            out = putVarint(dst, out, start - last);
            out = putVarint(dst, out, count);
            for (int i = start; i < w; i++) {
                dst.putLong(out, cur.getLong(curOffset + 8 * i));
                out += 8;
            }
            last = w;
        }
        return out - dstOffset;
    }

    /**
     * Writes {@code base} with the delta {@code src[offset..+length]} applied into
     * {@code dst[dstOffset..+4096]}; {@code base} null means an all-zero page.
     *
     * @return null, or why the payload is not a valid delta
     */
    public static String decode(ByteBuffer base, int baseOffset, ByteBuffer src, int offset, int length, ByteBuffer dst,
            int dstOffset) {
        if (base == null) {
            for (int i = 0; i < PageStore.PAGE_SIZE; i += 8) {
                dst.putLong(dstOffset + i, 0L);
            }
        } else {
            dst.put(dstOffset, base, baseOffset, PageStore.PAGE_SIZE);
        }
        int p = offset;
        int end = offset + length;
        int w = 0;
        int[] v = new int[1];
        while (p < end) {
            int at = p - offset;
            p = getVarint(src, p, end, v);
            if (p < 0) {
                return "delta run at payload byte " + at + ": bad skip count";
            }
            int skip = v[0];
            p = getVarint(src, p, end, v);
            if (p < 0) {
                return "delta run at payload byte " + at + ": bad word count";
            }
            int count = v[0];
            if (count == 0) {
                return "delta run at payload byte " + at + ": zero changed words";
            }
            if ((long) w + skip + count > WORDS) {
                return "delta run at payload byte " + at + " reaches word " + (w + skip + count) + " of a 512-word page";
            }
            if (end - p < 8 * count) {
                return "delta run at payload byte " + at + " announces " + count + " words, " + (end - p)
                        + " bytes are left";
            }
            w += skip;
            for (int i = 0; i < count; i++) {
                dst.putLong(dstOffset + 8 * (w + i), src.getLong(p + 8 * i));
            }
            w += count;
            p += 8 * count;
        }
        return null;
    }

    private static int varintBytes(int v) {
        return v < 0x80 ? 1 : 2;
    }

    private static int putVarint(ByteBuffer b, int at, int v) {
        if (v < 0x80) {
            b.put(at, (byte) v);
            return at + 1;
        }
        b.put(at, (byte) (0x80 | (v & 0x7f)));
        b.put(at + 1, (byte) (v >>> 7));
        return at + 2;
    }

    /** Reads a uvarint of at most 2 bytes and at most 512; returns the next position or -1. */
    private static int getVarint(ByteBuffer b, int at, int end, int[] value) {
        if (at >= end) {
            return -1;
        }
        int b0 = b.get(at) & 0xff;
        if (b0 < 0x80) {
            value[0] = b0;
            return at + 1;
        }
        if (at + 1 >= end) {
            return -1;
        }
        int b1 = b.get(at + 1) & 0xff;
        if (b1 >= 0x80) {
            return -1;
        }
        int v = (b0 & 0x7f) | (b1 << 7);
        if (v > WORDS || b1 == 0) {
            return -1;
        }
        value[0] = v;
        return at + 2;
    }
}
