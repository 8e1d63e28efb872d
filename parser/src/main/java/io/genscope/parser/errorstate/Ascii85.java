package io.genscope.parser.errorstate;

/**
 * The ascii85 dialect of i915 error states: every dword is five characters {@code '!'..'u'}
 * (base 85, most significant digit first, digit = character - 33), except a zero dword, which is
 * the single character {@code 'z'}. There is no framing ({@code <~ ~>}) and no partial group: a
 * payload always holds whole dwords.
 *
 * <pre>
 *   0x18800101 = 7*85^4 + 74*85^3 + 26*85^2 + 53*85 + 69  ->  "(k;Vf"  (each digit + 33)
 * </pre>
 */
public final class Ascii85 {
    private Ascii85() {
    }

    /**
     * What decoding one payload stretch gave.
     *
     * @param dwords the decoded dwords ({@code count} of them are valid)
     * @param count how many dwords were decoded before the end or the first error
     * @param errorAt index (in the input) of the first character that could not be decoded, or -1
     * @param error what was wrong there, or null
     * @param truncated whether the input ended inside a five-character group
     */
    public record Decoded(int[] dwords, int count, int errorAt, String error, boolean truncated) {
    }

    /**
     * Decodes {@code in[from..to)}. Decoding stops at the first character that is neither a digit
     * nor {@code 'z'} (trailing blanks and carriage returns end the payload without an error).
     * Allocates one int per group, never more than the input allows.
     */
    public static Decoded decode(byte[] in, int from, int to) {
        int end = to;
        while (end > from && (in[end - 1] == ' ' || in[end - 1] == '\r' || in[end - 1] == '\t')) {
            end--;
        }
        int[] out = new int[countUpperBound(in, from, end)];
        int n = 0;
        int i = from;
        while (i < end) {
            int c = in[i] & 0xff;
            if (c == 'z') {
                out[n++] = 0;
                i++;
                continue;
            }
            if (c < '!' || c > 'u') {
                return new Decoded(out, n, i, "character " + describe(c) + " is not ascii85", false);
            }
            if (end - i < 5) {
                for (int k = i; k < end; k++) {
                    int d = in[k] & 0xff;
                    if (d < '!' || d > 'u') {
                        return new Decoded(out, n, k, d == 'z' ? "'z' inside a five-character group"
                                : "character " + describe(d) + " is not ascii85", false);
                    }
                }
                return new Decoded(out, n, i, "the payload ends inside a five-character group", true);
            }
            long v = 0;
            for (int k = 0; k < 5; k++) {
                int d = in[i + k] & 0xff;
                if (d < '!' || d > 'u') {
                    return new Decoded(out, n, i + k, d == 'z' ? "'z' inside a five-character group"
                            : "character " + describe(d) + " is not ascii85", false);
                }
                v = v * 85 + (d - '!');
            }
            if (v > 0xffff_ffffL) {
                return new Decoded(out, n, i, "group \"" + new String(in, i, 5, java.nio.charset.StandardCharsets.ISO_8859_1)
                        + "\" is larger than 32 bits", false);
            }
            out[n++] = (int) v;
            i += 5;
        }
        return new Decoded(out, n, -1, null, false);
    }

    /** Appends the encoding of {@code count} dwords from {@code dwords[off..]} (kernel style: zero is "z"). */
    public static void encode(int[] dwords, int off, int count, StringBuilder out) {
        char[] group = new char[5];
        for (int i = off; i < off + count; i++) {
            long v = dwords[i] & 0xffff_ffffL;
            if (v == 0) {
                out.append('z');
                continue;
            }
            for (int k = 4; k >= 0; k--) {
                group[k] = (char) ('!' + v % 85);
                v /= 85;
            }
            out.append(group);
        }
    }

    /** Dwords the input can hold at most: one per 'z', one per five other characters (rounded up). */
    private static int countUpperBound(byte[] in, int from, int to) {
        int zeros = 0;
        for (int i = from; i < to; i++) {
            if (in[i] == 'z') {
                zeros++;
            }
        }
        int others = to - from - zeros;
        return zeros + (others + 4) / 5;
    }

    private static String describe(int c) {
        return c >= 0x21 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02x", c);
    }
}
