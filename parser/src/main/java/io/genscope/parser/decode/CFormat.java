package io.genscope.parser.decode;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formatting that prints exactly what C's printf prints, without going through String.format. */
public final class CFormat {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CFormat() {
    }

    /** {@code %08x} / {@code %08"PRIx64}: lowercase hex, at least 8 digits. */
    public static void hex8(StringBuilder sb, long v) {
        int digits = Math.max(8, (64 - Long.numberOfLeadingZeros(v) + 3) / 4);
        for (int i = digits - 1; i >= 0; i--) {
            sb.append(HEX[(int) (v >>> (i * 4)) & 0xf]);
        }
    }

    /** {@code 0x%08x}. */
    public static String hex8(long v) {
        StringBuilder sb = new StringBuilder(18).append("0x");
        hex8(sb, v);
        return sb.toString();
    }

    /** {@code %x}: lowercase hex without padding. */
    public static String hex(long v) {
        return Long.toHexString(v);
    }

    /**
     * {@code %f} of a float promoted to double: the exact binary value rounded half-even to 6 places.
     *
     * <p>Fast path: a float has at most 24 significant bits and 10^6 needs 20, so {@code d * 1e6} is
     * exact in double arithmetic and {@link Math#rint} rounds it half-even exactly; only values too
     * large for a long (or non-float doubles) take the BigDecimal path.
     */
    public static String fixed6(double d) {
        if (Double.isNaN(d)) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return d < 0 ? "-inf" : "inf";
        }
        if ((float) d == d && Math.abs(d) < 9e12) {
            double scaled = Math.rint(d * 1e6);
            boolean negative = d < 0 || (d == 0 && Double.doubleToRawLongBits(d) != 0);
            long v = (long) Math.abs(scaled);
            StringBuilder sb = new StringBuilder(16);
            if (negative) {
                sb.append('-');
            }
            sb.append(v / 1_000_000).append('.');
            long frac = v % 1_000_000;
            for (long p = 100_000; p > frac && p > 1; p /= 10) {
                sb.append('0');
            }
            return sb.append(frac).toString();
        }
        String s = new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        if ((d < 0 || (d == 0 && Double.doubleToRawLongBits(d) != 0)) && !s.startsWith("-")) {
            s = "-" + s;
        }
        return s;
    }
}
