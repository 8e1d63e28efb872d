package io.genscope.parser.errorstate;

import io.genscope.parser.capture.InflateLimits;
import io.genscope.parser.capture.Problem;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Turns one buffer payload line of a modern error state into dwords.
 *
 * <pre>
 * :&lt;ascii85 of a zlib stream&gt;     the buffer compressed (kernel built with error compression)
 * ~&lt;ascii85 of the dwords&gt;        the buffer as is
 * </pre>
 *
 * Damage is reported, never thrown: the dwords decoded before it are kept. Inflated sizes are
 * bounded per buffer and per file ({@link InflateLimits}), since a few bytes of zlib can claim
 * gigabytes; a payload over the limit is cut there, with a problem naming the buffer and the limit.
 */
final class Payload {
    /** The most bytes one array can hold, whatever the limits say. */
    private static final long ARRAY_BYTES = (Integer.MAX_VALUE - 64) & ~3L;

    private Payload() {
    }

    /** How many inflated bytes one buffer may produce, and the rest of the file still may. */
    static final class Budget {
        private final long perBuffer;
        private final long total;
        private long remaining;

        Budget(InflateLimits limits) {
            this(limits.perBuffer(), limits.perErrorState());
        }

        Budget(long perBuffer, long total) {
            this.perBuffer = perBuffer;
            this.total = total;
            this.remaining = total;
        }

        long remaining() {
            return remaining;
        }

        void spend(long bytes) {
            remaining = Math.max(0, remaining - bytes);
        }
    }

    /**
     * Decodes the payload in {@code text[from..to)} (after the marker character).
     *
     * @param buffer the buffer's name, for problems
     * @param line where the payload is, for problems
     */
    static int[] decode(byte[] text, int from, int to, boolean compressed, Budget budget, String buffer,
            TextLine line, ParseProblems problems) {
        Ascii85.Decoded a = Ascii85.decode(text, from, to);
        if (a.error() != null) {
            problems.add(line.problem(a.truncated() ? Problem.Kind.TRUNCATED : Problem.Kind.CORRUPT,
                    a.errorAt() - line.start(), "bad ascii85 payload at column " + (a.errorAt() - line.start() + 1) + ": " + a.error() + "; keeping the "
                            + a.count() + " dwords before it"));
        }
        if (!compressed) {
            return a.count() == a.dwords().length ? a.dwords() : Arrays.copyOf(a.dwords(), a.count());
        }
        return inflate(a.dwords(), a.count(), budget, buffer, line, problems, a.error() != null);
    }

    private static int[] inflate(int[] words, int count, Budget budget, String buffer, TextLine line,
            ParseProblems problems, boolean alreadyDamaged) {
        byte[] in = new byte[4 * count];
        for (int i = 0; i < count; i++) {
            int v = words[i];
            in[4 * i] = (byte) v;
            in[4 * i + 1] = (byte) (v >>> 8);
            in[4 * i + 2] = (byte) (v >>> 16);
            in[4 * i + 3] = (byte) (v >>> 24);
        }
        boolean bufferBound = Math.min(budget.perBuffer, ARRAY_BYTES) <= budget.remaining();
        long cap = Math.min(Math.min(budget.perBuffer, ARRAY_BYTES), budget.remaining()) & ~3L;
        byte[] out = new byte[(int) Math.min(cap, Math.max(4096, 4L * in.length))];
        int len = 0;
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(in);
            while (!inflater.finished()) {
                if (len == out.length) {
                    if (out.length >= cap) {
                        if (inflater.inflate(new byte[1]) > 0) {
                            problems.add(line.problem(Problem.Kind.CORRUPT, 0, "the payload of '" + buffer
                                    + "' inflates to more than " + InflateLimits.format(cap) + " bytes, the limit "
                                    + (bufferBound ? "per buffer" : "left for this file (" + InflateLimits.format(
                                    budget.total) + " in all)") + "; keeping the first " + InflateLimits.format(cap)
                                    + " (raise it with --max-inflate or -D" + InflateLimits.PROPERTY + ")"));
                        }
                        break;
                    }
                    out = Arrays.copyOf(out, (int) Math.min(cap, 2L * out.length));
                }
                int k = inflater.inflate(out, len, out.length - len);
                len += k;
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    if (!alreadyDamaged) {
                        problems.add(line.problem(Problem.Kind.TRUNCATED, 0, "compressed payload ends before its zlib"
                                + " stream does; keeping the " + len + " bytes inflated so far"));
                    }
                    break;
                }
            }
        } catch (DataFormatException e) {
            if (!alreadyDamaged) {
                problems.add(line.problem(Problem.Kind.CORRUPT, 0, "bad zlib data in payload (" + e.getMessage()
                        + "); keeping the " + len + " bytes inflated before it"));
            }
        } finally {
            inflater.end();
        }
        budget.spend(len);
        int[] dwords = new int[(len + 3) / 4];
        for (int i = 0; i < len; i++) {
            dwords[i >>> 2] |= (out[i] & 0xff) << (8 * (i & 3));
        }
        return dwords;
    }
}
