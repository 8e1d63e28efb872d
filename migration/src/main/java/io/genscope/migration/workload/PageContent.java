package io.genscope.migration.workload;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Page contents that compress about {@code c}:1 with LZ4, like GPU memory: surfaces are cut into
 * 64-byte lines (a cache line of a tiled surface); each line is either fresh random bytes or a
 * repeat of an earlier line of the same write (a solid or repeated tile). The first line is always
 * fresh. With {@code c <= 1} every byte is random (incompressible).
 *
 * <pre>
 * fresh share f = (1/c - o) / (1 - o)      o = 0.065: what a repeated line still costs LZ4
 *                                                      (token and offset), per byte of line
 * LZ4 ratio   ~ 1 / (f + (1 - f) o) = c
 * </pre>
 * Measured on 4 KiB pages (PageContentTest): c = 2 gives about 2, c = 3 about 3, c = 4 about 4.
 */
public final class PageContent {
    public static final int LINE = 64;
    private static final double REPEAT_COST = 0.065;

    private PageContent() {
    }

    /** The share of fresh random lines for compressibility {@code c}. */
    public static double freshShare(double c) {
        if (c <= 1) {
            return 1;
        }
        return Math.max(0, (1 / c - REPEAT_COST) / (1 - REPEAT_COST));
    }

    /** Fills {@code b[offset..+length]} ({@code length} a multiple of 64) for compressibility {@code c}. */
    public static void fill(SplittableRandom rnd, ByteBuffer b, int offset, int length, double c) {
        if (c <= 1) {
            for (int i = 0; i < length; i += 8) {
                b.putLong(offset + i, rnd.nextLong());
            }
            return;
        }
        double fresh = freshShare(c);
        int lines = length / LINE;
        for (int l = 0; l < lines; l++) {
            int at = offset + l * LINE;
            if (l == 0 || rnd.nextDouble() < fresh) {
                for (int i = 0; i < LINE; i += 8) {
                    b.putLong(at + i, rnd.nextLong());
                }
            } else {
                b.put(at, b, offset + rnd.nextInt(l) * LINE, LINE);
            }
        }
    }
}
