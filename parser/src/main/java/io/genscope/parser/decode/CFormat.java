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

    /** {@code %f} of a float promoted to double: exact binary value rounded half-even to 6 places. */
    public static String fixed6(double d) {
        if (Double.isNaN(d)) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return d < 0 ? "-inf" : "inf";
        }
        String s = new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        if ((d < 0 || (d == 0 && Double.doubleToRawLongBits(d) != 0)) && !s.startsWith("-")) {
            s = "-" + s;
        }
        return s;
    }
}
