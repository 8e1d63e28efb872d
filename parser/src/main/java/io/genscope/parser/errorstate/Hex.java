package io.genscope.parser.errorstate;

/** Hexadecimal numbers in register and buffer lines. */
final class Hex {
    private Hex() {
    }

    /** The hex number of at most {@code maxDigits} digits at {@code s[from..]}, or -1 when there is none. */
    static long parse(String s, int from, int maxDigits) {
        long v = 0;
        int i = from;
        while (i < s.length() && i - from < maxDigits) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                break;
            }
            v = v << 4 | d;
            i++;
        }
        return i == from || (i - from == 16 && v < 0) ? -1 : v;
    }

    /** {@code <hi> <lo>}, {@code <hi>_<lo>} or a single number (after the {@code 0x}); -1 when unreadable. */
    static long parseAddress(String s) {
        String t = s.trim();
        int sep = t.indexOf(' ');
        if (sep < 0) {
            sep = t.indexOf('_');
        }
        if (sep < 0) {
            long v = parse(t, 0, 16);
            return v >= 0 && digitsEnd(t, 0) == t.length() ? v : -1;
        }
        String hi = t.substring(0, sep);
        String lo = t.substring(sep + 1).trim();
        long h = parse(hi, 0, 8);
        long l = parse(lo, 0, 8);
        if (h < 0 || l < 0 || digitsEnd(hi, 0) != hi.length() || digitsEnd(lo, 0) != lo.length()) {
            return -1;
        }
        return h << 32 | l;
    }

    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
            i++;
        }
        return i;
    }
}
