package io.genscope.parser.asm;

/**
 * Reads and writes a bit range of a little-endian dword array, with plain bit semantics: bit
 * {@code b} is bit {@code b % 32} of dword {@code b / 32}, whatever dwords the range crosses.
 *
 * <pre>
 * field 30..33 (4 bits), value 0b1011:
 *   dword 0 bits 30,31 = 1,1   (value bits 0,1)
 *   dword 1 bits 0,1   = 0,1   (value bits 2,3)
 * </pre>
 *
 * Values are at most 64 bits; the bits of a wider range above the 64th are zero.
 */
final class Bits {
    private Bits() {
    }

    /** Bits {@code start..end} of {@code p} as an unsigned value (bits past the array read as 0). */
    static long read(int[] p, int start, int end) {
        long value = 0;
        int bit = start;
        while (bit <= end) {
            int dword = bit >>> 5;
            int lo = bit & 31;
            int n = Math.min(32 - lo, end - bit + 1);
            int shift = bit - start;
            if (shift >= 64) {
                break;
            }
            long chunk = dword < p.length ? ((p[dword] & 0xffffffffL) >>> lo) & mask(n) : 0;
            value |= chunk << shift;
            bit += n;
        }
        return value;
    }

    /** Sets bits {@code start..end} of {@code p} to {@code value} (bits past the array are dropped). */
    static void write(int[] p, int start, int end, long value) {
        int bit = start;
        while (bit <= end) {
            int dword = bit >>> 5;
            int lo = bit & 31;
            int n = Math.min(32 - lo, end - bit + 1);
            int shift = bit - start;
            long chunk = shift >= 64 ? 0 : (value >>> shift) & mask(n);
            if (dword < p.length) {
                int m = (int) (mask(n) << lo);
                p[dword] = (p[dword] & ~m) | ((int) (chunk << lo) & m);
            }
            bit += n;
        }
    }

    /** The low {@code n} bits set, 0 <= n <= 64. */
    static long mask(int n) {
        return n >= 64 ? -1L : (1L << n) - 1;
    }
}
