package io.genscope.parser.errorstate;

import io.genscope.parser.capture.Problem;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Payload lines of the legacy layout, gathered into one buffer. Each value goes where its
 * offset says; offsets out of sequence (lines lost, moved or repeated) are reported once per
 * buffer, on the line where the sequence first breaks, with what it cost at the end.
 */
final class HexLines {
    private final TextLine header;
    private final int maxGapDwords;
    private int[] dwords = new int[1024];
    private final BitSet written = new BitSet();
    private int count;
    private long expected;
    private TextLine firstBreak;
    private String firstBreakWhat;
    private int breaks;
    private int skipped;

    HexLines(TextLine header, int maxGapDwords) {
        this.header = header;
        this.maxGapDwords = maxGapDwords;
    }

    /** {@code %08x :  %08x}: byte offset, then the dword there. */
    static boolean isHex(byte[] d, TextLine l) {
        int s = l.start();
        if (l.length() < 19 || !hex(d, s, 8) || d[s + 8] != ' ' || d[s + 9] != ':') {
            return false;
        }
        int i = s + 10;
        while (i < l.end() && d[i] == ' ') {
            i++;
        }
        return i > s + 10 && i + 8 <= l.end() && hex(d, i, 8);
    }

    /** {@code [%04x] %08x %08x %08x %08x}: byte offset, then four dwords (context and status pages). */
    static boolean isContext(byte[] d, TextLine l) {
        int s = l.start();
        if (l.length() < 6 + 36 || d[s] != '[' || !hex(d, s + 1, 4) || d[s + 5] != ']') {
            return false;
        }
        for (int k = 0; k < 4; k++) {
            int at = s + 6 + 9 * k;
            if (d[at] != ' ' || !hex(d, at + 1, 8)) {
                return false;
            }
        }
        return true;
    }

    /** Takes the line if it is a payload line of this layout; false when the payload has ended. */
    boolean add(byte[] d, TextLine l) {
        if (isHex(d, l)) {
            int i = l.start() + 10;
            while (d[i] == ' ') {
                i++;
            }
            put(value(d, l.start(), 8), new int[] {(int) value(d, i, 8)}, l);
            return true;
        }
        if (isContext(d, l)) {
            int[] four = new int[4];
            for (int k = 0; k < 4; k++) {
                four[k] = (int) value(d, l.start() + 7 + 9 * k, 8);
            }
            put(value(d, l.start() + 1, 4), four, l);
            return true;
        }
        return false;
    }

    private void put(long byteOffset, int[] values, TextLine l) {
        if (byteOffset != expected) {
            breaks++;
            if (firstBreak == null) {
                firstBreak = l;
                firstBreakWhat = String.format("offset 0x%x where 0x%x was expected", byteOffset, expected);
            }
        }
        long index = byteOffset >>> 2;
        if ((byteOffset & 3) != 0 || index > count + (long) maxGapDwords) {
            skipped++;
            return;
        }
        expected = byteOffset + 4L * values.length;
        int end = (int) index + values.length;
        if (end > dwords.length) {
            dwords = Arrays.copyOf(dwords, Math.max(end, 2 * dwords.length));
        }
        System.arraycopy(values, 0, dwords, (int) index, values.length);
        written.set((int) index, end);
        count = Math.max(count, end);
    }

    /** The buffer; reports the broken sequence, if any. */
    int[] finish(ParseProblems problems) {
        if (firstBreak != null) {
            int missing = count - written.cardinality();
            problems.add(firstBreak.problem(Problem.Kind.CORRUPT, 0, firstBreakWhat + " in the buffer of line "
                    + header.number() + " (" + breaks + " line" + (breaks == 1 ? "" : "s") + " out of sequence, "
                    + skipped + " skipped as unusable, " + missing + " dwords missing and read as zeros)"));
        }
        return Arrays.copyOf(dwords, count);
    }

    private static boolean hex(byte[] d, int at, int n) {
        for (int i = at; i < at + n; i++) {
            if (Character.digit(d[i], 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static long value(byte[] d, int at, int n) {
        long v = 0;
        for (int i = at; i < at + n; i++) {
            v = v << 4 | Character.digit(d[i], 16);
        }
        return v;
    }
}
