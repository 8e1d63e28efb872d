package io.genscope.parser.eu;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** C's {@code %g} conversion (6 significant digits, trailing zeros dropped), as glibc prints it. */
final class CFormat {
    private CFormat() {}

    /** {@code 0x} and the low 32 bits in at least 8 lower-case hex digits: C's {@code 0x%08x} of an unsigned. */
    static String hex8(long v) {
        String h = Long.toHexString(v & 0xffffffffL);
        return "0x00000000".substring(0, 10 - h.length()) + h;
    }

    static String g(double v) {
        if (Double.isNaN(v)) return (Double.doubleToRawLongBits(v) < 0 ? "-" : "") + "nan";
        if (Double.isInfinite(v)) return v < 0 ? "-inf" : "inf";
        if (v == 0) return (Double.doubleToRawLongBits(v) < 0 ? "-" : "") + "0";
        BigDecimal bd = new BigDecimal(v).round(new MathContext(6, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 6) {
            BigDecimal mant = bd.movePointLeft(exp);
            String m = strip(mant.toPlainString());
            return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return strip(bd.toPlainString());
    }

    private static String strip(String s) {
        if (s.indexOf('.') < 0) return s;
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
