package io.genscope.parser.eu;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** C's {@code %g} conversion (6 significant digits, trailing zeros dropped), as glibc prints it. */
final class CFormat {
    private CFormat() {}

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    /** {@code 0x} and the low 32 bits in at least 8 lower-case hex digits: C's {@code 0x%08x} of an unsigned. */
    static String hex8(long v) {
        StringBuilder sb = new StringBuilder(10).append("0x");
        hex(sb, v & 0xffffffffL, 8);
        return sb.toString();
    }

    /** Appends {@code v} as unsigned hex, lower case, zero-padded to at least {@code digits}: C's {@code %0Nx}. */
    static void hex(StringBuilder sb, long v, int digits) {
        int n = Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 3) / 4);
        for (int i = n; i < digits; i++) sb.append('0');
        for (int i = n - 1; i >= 0; i--) sb.append(DIGITS[(int) (v >>> (4 * i)) & 0xf]);
    }

    static String g(double v) {
        if (Double.isNaN(v)) return Double.doubleToRawLongBits(v) < 0 ? "-nan" : "nan";
        if (Double.isInfinite(v)) return v < 0 ? "-inf" : "inf";
        if (v == 0) return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
        BigDecimal bd = new BigDecimal(v).round(new MathContext(6, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 6) {
            BigDecimal mant = bd.movePointLeft(exp);
            String m = strip(mant.toPlainString());
            return new StringBuilder(m.length() + 4).append(m).append(exp < 0 ? "e-" : "e+")
                    .append(Math.abs(exp) < 10 ? "0" : "").append(Math.abs(exp)).toString();
        }
        return strip(bd.toPlainString());
    }

    /** Drops the trailing zeros of a fraction, and its point when nothing is left after it. */
    private static String strip(String s) {
        if (s.indexOf('.') < 0) return s;
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }
}
