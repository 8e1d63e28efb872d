package io.genscope.eu;

import java.util.List;

/**
 * A field of an EU instruction: pieces of the instruction's bits concatenated most significant
 * first. A piece with {@code hi < 0} stands for {@code lo} zero bits.
 */
public record BitField(String name, List<Piece> pieces) {

    /** Bits {@code hi..lo} of the instruction, or {@code zeros} appended zero bits when hi is -1. */
    public record Piece(int hi, int lo) {
        int width() { return hi < 0 ? lo : hi - lo + 1; }
    }

    public BitField { pieces = List.copyOf(pieces); }

    /** Total width in bits. */
    public int width() { return pieces.stream().mapToInt(Piece::width).sum(); }

    /** Reads the field from an instruction given as little-endian 64-bit words. */
    public long get(long[] words) {
        long v = 0;
        for (Piece p : pieces) {
            int w = p.width();
            v = (w >= 64 ? 0 : v << w) | (p.hi < 0 ? 0 : bits(words, p.hi, p.lo));
        }
        return v;
    }

    /** Bits hi..lo (inclusive, hi - lo < 64) of the little-endian words. */
    public static long bits(long[] words, int hi, int lo) {
        int w = hi - lo + 1;
        long mask = w >= 64 ? -1L : (1L << w) - 1;
        int wi = lo >>> 6, sh = lo & 63;
        long v = words[wi] >>> sh;
        if (sh != 0 && sh + w > 64 && wi + 1 < words.length) v |= words[wi + 1] << (64 - sh);
        return v & mask;
    }

    /** Writes {@code value} into bits hi..lo of the words. */
    public static void setBits(long[] words, int hi, int lo, long value) {
        for (int b = lo; b <= hi; b++) {
            long bit = (value >>> (b - lo)) & 1;
            int wi = b >>> 6;
            words[wi] = (words[wi] & ~(1L << (b & 63))) | (bit << (b & 63));
        }
    }
}
