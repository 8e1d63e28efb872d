package io.genscope.repl.diff;

import io.genscope.parser.decode.Command;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aligns two command sequences: a longest common subsequence over commands, where a command
 * matches another with the same name, and an identical one (same name and dwords) counts for more
 * than any number of name-only matches. Identical pairs are {@link Kind#SAME}, name-only pairs
 * {@link Kind#CHANGED}, the rest {@link Kind#REMOVED} (only in the first) or {@link Kind#ADDED}.
 *
 * <p>Common leading and trailing runs are taken off first; the middle is aligned exactly when
 * its table has at most {@value #EXACT_CELLS} cells (one byte each), otherwise greedily with a
 * look-ahead of {@value #WINDOW} commands ({@link Result#approximate()}).
 */
public final class CommandAlignment {
    /** Largest n×m middle aligned exactly. */
    public static final long EXACT_CELLS = 16_000_000L;
    /** How far the greedy alignment looks ahead for a command of the same name. */
    public static final int WINDOW = 256;
    private static final long EXACT = 1L << 32;

    /** What happened to a command. */
    public enum Kind {
        SAME, CHANGED, REMOVED, ADDED
    }

    /** One step: indexes into the first and second sequence, -1 where absent. */
    public record Step(Kind kind, int a, int b) {
    }

    /** The steps in order, and whether the middle was too large to align exactly. */
    public record Result(List<Step> steps, boolean approximate) {
        public long count(Kind kind) {
            return steps.stream().filter(s -> s.kind() == kind).count();
        }
    }

    private final int[] nameA;
    private final int[] nameB;
    private final List<Command> a;
    private final List<Command> b;
    private final long[] hashA;
    private final long[] hashB;

    private CommandAlignment(List<Command> a, List<Command> b) {
        this.a = a;
        this.b = b;
        Map<String, Integer> ids = new HashMap<>();
        nameA = ids(a, ids);
        nameB = ids(b, ids);
        hashA = hashes(a);
        hashB = hashes(b);
    }

    /** Aligns {@code a} (the old sequence) with {@code b} (the new one). */
    public static Result align(List<Command> a, List<Command> b) {
        return new CommandAlignment(a, b).run();
    }

    private static int[] ids(List<Command> cs, Map<String, Integer> ids) {
        int[] out = new int[cs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.computeIfAbsent(cs.get(i).name(), k -> ids.size());
        }
        return out;
    }

    private static long[] hashes(List<Command> cs) {
        long[] out = new long[cs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.hashCode(cs.get(i).dwords()) * 31L + cs.get(i).length();
        }
        return out;
    }

    private boolean sameName(int i, int j) {
        return nameA[i] == nameB[j];
    }

    private boolean identical(int i, int j) {
        return nameA[i] == nameB[j] && hashA[i] == hashB[j] && a.get(i).length() == b.get(j).length()
                && Arrays.equals(a.get(i).dwords(), b.get(j).dwords());
    }

    private Result run() {
        int n = a.size();
        int m = b.size();
        int prefix = 0;
        while (prefix < n && prefix < m && identical(prefix, prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < n - prefix && suffix < m - prefix && identical(n - 1 - suffix, m - 1 - suffix)) {
            suffix++;
        }
        List<Step> steps = new ArrayList<>(Math.max(n, m) + 8);
        for (int i = 0; i < prefix; i++) {
            steps.add(new Step(Kind.SAME, i, i));
        }
        int midA = n - prefix - suffix;
        int midB = m - prefix - suffix;
        boolean approximate = (long) midA * midB > EXACT_CELLS;
        if (approximate) {
            greedy(prefix, prefix + midA, prefix, prefix + midB, steps);
        } else {
            exact(prefix, prefix + midA, prefix, prefix + midB, steps);
        }
        for (int k = 0; k < suffix; k++) {
            steps.add(new Step(Kind.SAME, n - suffix + k, m - suffix + k));
        }
        return new Result(steps, approximate);
    }

    /** Weighted LCS by dynamic programming, filled from the end so the walk back goes forward. */
    private void exact(int a0, int a1, int b0, int b1, List<Step> steps) {
        int n = a1 - a0;
        int m = b1 - b0;
        byte[] dir = new byte[n * m];
        long[] next = new long[m + 1];
        long[] cur = new long[m + 1];
        for (int i = n - 1; i >= 0; i--) {
            cur[m] = 0;
            for (int j = m - 1; j >= 0; j--) {
                long best = next[j];
                byte d = 0;
                if (cur[j + 1] > best) {
                    best = cur[j + 1];
                    d = 1;
                }
                long w = identical(a0 + i, b0 + j) ? EXACT : sameName(a0 + i, b0 + j) ? 1 : 0;
                if (w > 0 && next[j + 1] + w >= best) {
                    best = next[j + 1] + w;
                    d = 2;
                }
                cur[j] = best;
                dir[i * m + j] = d;
            }
            long[] t = next;
            next = cur;
            cur = t;
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            byte d = dir[i * m + j];
            if (d == 2) {
                steps.add(new Step(identical(a0 + i, b0 + j) ? Kind.SAME : Kind.CHANGED, a0 + i, b0 + j));
                i++;
                j++;
            } else if (d == 0) {
                steps.add(new Step(Kind.REMOVED, a0 + i++, -1));
            } else {
                steps.add(new Step(Kind.ADDED, -1, b0 + j++));
            }
        }
        rest(a0 + i, a1, b0 + j, b1, steps);
    }

    /** Walks both sequences, resynchronising on the nearest command of the same name. */
    private void greedy(int i, int a1, int j, int b1, List<Step> steps) {
        while (i < a1 && j < b1) {
            if (sameName(i, j)) {
                steps.add(new Step(identical(i, j) ? Kind.SAME : Kind.CHANGED, i++, j++));
                continue;
            }
            int skipA = -1;
            int skipB = -1;
            for (int d = 1; d <= WINDOW && skipA < 0 && skipB < 0; d++) {
                if (i + d < a1 && sameName(i + d, j)) {
                    skipA = d;
                } else if (j + d < b1 && sameName(i, j + d)) {
                    skipB = d;
                }
            }
            if (skipA > 0) {
                for (int k = 0; k < skipA; k++) {
                    steps.add(new Step(Kind.REMOVED, i++, -1));
                }
            } else if (skipB > 0) {
                for (int k = 0; k < skipB; k++) {
                    steps.add(new Step(Kind.ADDED, -1, j++));
                }
            } else {
                steps.add(new Step(Kind.REMOVED, i++, -1));
                steps.add(new Step(Kind.ADDED, -1, j++));
            }
        }
        rest(i, a1, j, b1, steps);
    }

    private static void rest(int i, int a1, int j, int b1, List<Step> steps) {
        while (i < a1) {
            steps.add(new Step(Kind.REMOVED, i++, -1));
        }
        while (j < b1) {
            steps.add(new Step(Kind.ADDED, -1, j++));
        }
    }
}
