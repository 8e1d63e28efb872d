package io.genscope.parser.eu;

/**
 * A software scoreboard annotation (gen12 and later) as Mesa decodes it: a register distance with
 * the pipe it counts in, and a token ({@code $n}) with what it waits for ({@code .dst}, {@code .src},
 * or nothing when the instruction sets it).
 *
 * @param regdist the register distance, 0 for none
 * @param pipe    the pipe letter printed before {@code @}, empty for none
 * @param sbid    the token number
 * @param mode    the token's suffix, or null when there is no token
 */
record EuSwsb(long regdist, String pipe, long sbid, String mode) {

    /** Gen12 and gen12.5's 8-bit field (the pipe decoded on every gen12 part; tgl never sets it). */
    static EuSwsb gen12(long x, String op) {
        if ((x & 0x80) != 0) {
            boolean unordered = op.equals("send") || op.equals("sendc") || op.equals("math");
            return new EuSwsb((x & 0x70) >> 4, "", x & 0xf, unordered ? "" : ".dst");
        }
        String token = token(x & 0x70, 0x20, 0x30, 0x40);
        if (token != null) return new EuSwsb(0, "", x & 0xf, token);
        String pipe = switch ((int) (x & 0x78)) {
            case 0x10 -> "F";
            case 0x18 -> "I";
            case 0x50 -> "L";
            case 0x08 -> "A";
            default -> "";
        };
        return new EuSwsb(x & 7, pipe, 0, null);
    }

    /**
     * Xe2's 10-bit field: bits 9:8 pick a mode; 0 holds a lone register distance (pipe in bits 5:3)
     * or token (bits 7:5 say how), else a distance (7:5) with a token (4:0).
     */
    static EuSwsb xe2(long x, String op) {
        long tuple = x & 0x300;
        if (tuple != 0) {
            long regdist = (x & 0xe0) >> 5, sbid = x & 0x1f;
            if (op.equals("send") || op.equals("sendc")) {
                return new EuSwsb(regdist, tuple == 0x300 ? "I" : tuple == 0x200 ? "F" : "A", sbid, "");
            }
            if (op.equals("dpas")) return new EuSwsb(regdist, "", sbid, tuple == 0x300 ? ".dst" : tuple == 0x200 ? ".src" : "");
            return new EuSwsb(regdist, tuple == 0x300 ? "A" : "", sbid, tuple == 0x200 ? ".src" : ".dst");
        }
        String token = token(x & 0xe0, 0x80, 0xa0, 0xc0);
        if (token != null) return new EuSwsb(0, "", x & 0x1f, token);
        String pipe = switch ((int) (x & 0x38)) {
            case 0x10 -> "F";
            case 0x18 -> "I";
            case 0x20 -> "L";
            case 0x28 -> "M";
            case 0x08 -> "A";
            default -> "";
        };
        return new EuSwsb(x & 7, pipe, 0, null);
    }

    /** The suffix of a lone token whose mode bits are {@code bits}: waits on dst, on src, or sets it; else null. */
    private static String token(long bits, int dst, int src, int set) {
        return bits == dst ? ".dst" : bits == src ? ".src" : bits == set ? "" : null;
    }

    /** Appends the annotation as Mesa prints it inside the braces. */
    void print(EuPrinter p) {
        if (regdist != 0) {
            p.s(" ");
            p.s(pipe);
            p.s("@", regdist);
        }
        if (mode != null) {
            p.s(" $", sbid);
            p.s(mode);
        }
    }
}
