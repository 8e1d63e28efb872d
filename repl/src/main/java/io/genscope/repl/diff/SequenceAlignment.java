package io.genscope.repl.diff;

import io.genscope.repl.diff.CommandAlignment.Kind;
import io.genscope.repl.diff.CommandAlignment.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligns two short sequences known only through two questions: is element i of the first the
 * same as element j of the second, and failing that, is it a changed version of it (the same
 * opcode, the same shader kind)? A longest common subsequence in which one identical pair
 * outweighs any number of similar ones; steps as {@link CommandAlignment} gives them. Meant for
 * kernels and their instructions (thousands, not millions): beyond {@value #EXACT_CELLS} table
 * cells (8 bytes each) the middle is reported as removed, then added ({@code approximate}).
 */
public final class SequenceAlignment {
    /** Whether element {@code i} of the first sequence pairs with element {@code j} of the second. */
    @FunctionalInterface
    public interface Pairs {
        boolean test(int i, int j);
    }

    /** Largest middle aligned exactly (2,000 by 2,000 instructions). */
    public static final long EXACT_CELLS = 4_000_000L;

    private SequenceAlignment() {
    }

    /** Aligns sequences of {@code n} and {@code m} elements. */
    public static CommandAlignment.Result align(int n, int m, Pairs same, Pairs similar) {
        int lo = 0;
        while (lo < n && lo < m && same.test(lo, lo)) {
            lo++;
        }
        int tail = 0;
        while (tail < n - lo && tail < m - lo && same.test(n - 1 - tail, m - 1 - tail)) {
            tail++;
        }
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < lo; k++) {
            steps.add(new Step(Kind.SAME, k, k));
        }
        int rows = n - lo - tail;
        int cols = m - lo - tail;
        boolean approximate = (long) rows * cols > EXACT_CELLS;
        if (approximate) {
            for (int i = 0; i < rows; i++) {
                steps.add(new Step(Kind.REMOVED, lo + i, -1));
            }
            for (int j = 0; j < cols; j++) {
                steps.add(new Step(Kind.ADDED, -1, lo + j));
            }
        } else {
            middle(lo, rows, cols, same, similar, steps);
        }
        for (int k = tail; k > 0; k--) {
            steps.add(new Step(Kind.SAME, n - k, m - k));
        }
        return new CommandAlignment.Result(steps, approximate);
    }

    /** score[i][j]: best weight of the suffixes from i and j; an identical pair weighs 2^32, a similar one 1. */
    private static void middle(int lo, int rows, int cols, Pairs same, Pairs similar, List<Step> steps) {
        long[][] score = new long[rows + 1][cols + 1];
        for (int i = rows - 1; i >= 0; i--) {
            for (int j = cols - 1; j >= 0; j--) {
                long pair = weight(lo + i, lo + j, same, similar);
                long skip = Math.max(score[i + 1][j], score[i][j + 1]);
                score[i][j] = pair > 0 ? Math.max(skip, score[i + 1][j + 1] + pair) : skip;
            }
        }
        int i = 0;
        int j = 0;
        while (i < rows || j < cols) {
            long pair = i < rows && j < cols ? weight(lo + i, lo + j, same, similar) : 0;
            if (pair > 0 && score[i][j] == score[i + 1][j + 1] + pair) {
                steps.add(new Step(pair > 1 ? Kind.SAME : Kind.CHANGED, lo + i++, lo + j++));
            } else if (j == cols || (i < rows && score[i][j] == score[i + 1][j])) {
                steps.add(new Step(Kind.REMOVED, lo + i++, -1));
            } else {
                steps.add(new Step(Kind.ADDED, -1, lo + j++));
            }
        }
    }

    private static long weight(int i, int j, Pairs same, Pairs similar) {
        return same.test(i, j) ? 1L << 32 : similar.test(i, j) ? 1 : 0;
    }
}
