package io.genscope.rewriter;

/**
 * Reads and writes a bit field of at most 64 bits spanning at most two dwords, in place.
 *
 * <pre>
 *   dword w+1                       dword w
 *  +--------------------------+ +--------------------------+
 *  |        ... high part     | |  low part   |  other bits |   bits start..end, start relative
 *  +--------------------------+ +--------------------------+   to dword {@code at}; bits outside
 *                                                ^ start % 32   the field are kept as they are
 * </pre>
 */
final class Bits {
    private Bits() {
    }

    static long mask(int width) {
        return width >= 64 ? -1L : (1L << width) - 1;
    }

    /** Bits start..end counted from bit 0 of {@code d[at]}; the caller has checked they are inside the array. */
    static long read(int[] d, int at, int start, int end) {
        int w = at + (start >>> 5);
        int s = start & 31;
        int width = end - start + 1;
        long v = d[w] & 0xffffffffL;
        if (s + width > 32) {
            v |= (long) d[w + 1] << 32;
        }
        return (v >>> s) & mask(width);
    }

    /** Stores {@code value} (masked to the field's width) in bits start..end, keeping every other bit. */
    static void write(int[] d, int at, int start, int end, long value) {
        int w = at + (start >>> 5);
        int s = start & 31;
        int width = end - start + 1;
        long m = mask(width) << s;
        boolean two = s + width > 32;
        long old = (d[w] & 0xffffffffL) | (two ? (long) d[w + 1] << 32 : 0);
        long v = (old & ~m) | ((value << s) & m);
        d[w] = (int) v;
        if (two) {
            d[w + 1] = (int) (v >>> 32);
        }
    }
}
