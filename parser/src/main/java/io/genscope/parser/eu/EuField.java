package io.genscope.parser.eu;

import io.genscope.eu.BitField;
import java.util.List;

/**
 * A spec field compiled once for fast access: each piece's word, shift and mask precomputed, so
 * reading or writing a field costs a few shifts instead of a walk over its description.
 */
final class EuField {
    private final String name;
    private final int[] word, shift, width;
    private final long[] mask;
    private final int total;

    EuField(BitField f) {
        this.name = f.name();
        List<BitField.Piece> ps = f.pieces();
        int n = ps.size();
        word = new int[n];
        shift = new int[n];
        width = new int[n];
        mask = new long[n];
        int sum = 0;
        for (int i = 0; i < n; i++) {
            BitField.Piece p = ps.get(i);
            int w = p.hi() < 0 ? p.lo() : p.hi() - p.lo() + 1;
            width[i] = w;
            sum += w;
            if (p.hi() < 0) {
                word[i] = -1; // w zero bits
            } else {
                word[i] = p.lo() >>> 6;
                shift[i] = p.lo() & 63;
                mask[i] = w >= 64 ? -1L : (1L << w) - 1;
            }
        }
        total = sum;
    }

    String name() { return name; }

    /** Total width in bits. */
    int width() { return total; }

    /** The field's value in an instruction given as little-endian 64-bit words. */
    long get(long[] w) {
        long v = 0;
        for (int i = 0; i < word.length; i++) {
            int wd = width[i];
            v = wd >= 64 ? 0 : v << wd;
            int wi = word[i];
            if (wi < 0) continue;
            int sh = shift[i];
            long bits = w[wi] >>> sh;
            if (sh != 0 && sh + wd > 64 && wi + 1 < w.length) bits |= w[wi + 1] << (64 - sh);
            v |= bits & mask[i];
        }
        return v;
    }

    /** Writes {@code value} (its low {@link #width()} bits) into the instruction words. */
    void put(long[] w, long value) {
        int rest = total;
        for (int i = 0; i < word.length; i++) {
            rest -= width[i];
            int wi = word[i];
            if (wi < 0) continue;
            long bits = (rest >= 64 ? 0 : value >>> rest) & mask[i];
            int sh = shift[i];
            w[wi] = (w[wi] & ~(mask[i] << sh)) | (bits << sh);
            if (sh != 0 && sh + width[i] > 64 && wi + 1 < w.length) {
                int lowBits = 64 - sh;
                long hiMask = mask[i] >>> lowBits;
                w[wi + 1] = (w[wi + 1] & ~hiMask) | (bits >>> lowBits);
            }
        }
    }

    /** Whether {@code value} fits the field's writable bits (zero pieces must receive zeros). */
    boolean fits(long value) {
        long[] probe = new long[2];
        put(probe, value);
        return get(probe) == value;
    }
}
