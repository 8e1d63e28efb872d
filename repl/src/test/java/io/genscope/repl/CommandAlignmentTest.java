package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.decode.Command;
import io.genscope.repl.diff.CommandAlignment;
import io.genscope.repl.diff.CommandAlignment.Kind;
import io.genscope.repl.diff.CommandAlignment.Step;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diff's alignment on seeded random command sequences (seed in the test name; rerun one with
 * {@code -Dgenscope.seed=N}): every command is accounted for once and in order, SAME pairs are
 * identical and CHANGED pairs share a name, and the number of identical pairs, then of same-name
 * pairs, is the best possible (checked against a plain recursive LCS on short sequences).
 */
class CommandAlignmentTest {
    private static final Spec SPEC = SpecLoader.builtin("gen9");
    private static final String[] NAMES = {"PIPE_CONTROL", "MI_NOOP", "3DSTATE_VS", "MI_LOAD_REGISTER_IMM"};

    static Stream<Long> seeds() {
        String fixed = System.getProperty("genscope.seed");
        if (fixed != null) {
            return Stream.of(Long.parseLong(fixed));
        }
        long base = new SplittableRandom().nextLong();
        return LongStream.range(0, 200).mapToObj(i -> base + i);
    }

    private static Command command(SplittableRandom r) {
        CommandDef def = SPEC.command(NAMES[r.nextInt(NAMES.length)]);
        int[] dwords = new int[2];
        dwords[0] = def.headerValue();
        dwords[1] = r.nextInt(3);
        return new Command(0x1000, Engine.RENDER, AddressSpace.GGTT, def, 2, dwords);
    }

    private static List<Command> edit(List<Command> a, SplittableRandom r) {
        List<Command> b = new ArrayList<>(a);
        int edits = r.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int op = r.nextInt(3);
            int at = b.isEmpty() ? 0 : r.nextInt(b.size());
            if (op == 0 || b.isEmpty()) {
                b.add(at, command(r));
            } else if (op == 1) {
                b.remove(at);
            } else {
                Command c = b.get(at);
                int[] d = c.dwords().clone();
                d[1] ^= 1 + r.nextInt(4);
                b.set(at, new Command(c.address(), c.engine(), c.space(), c.def(), c.length(), d));
            }
        }
        return b;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void alignsLikeTheBestCommonSubsequence(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Command> a = new ArrayList<>();
        int n = r.nextInt(9);
        for (int i = 0; i < n; i++) {
            a.add(command(r));
        }
        List<Command> b = edit(a, r);

        CommandAlignment.Result result = CommandAlignment.align(a, b);

        int nextA = 0;
        int nextB = 0;
        long identical = 0;
        long sameName = 0;
        for (Step s : result.steps()) {
            if (s.a() >= 0) {
                assertThat(s.a()).as("seed %d", seed).isEqualTo(nextA++);
            }
            if (s.b() >= 0) {
                assertThat(s.b()).as("seed %d", seed).isEqualTo(nextB++);
            }
            if (s.kind() == Kind.SAME) {
                assertThat(Arrays.equals(a.get(s.a()).dwords(), b.get(s.b()).dwords())).isTrue();
                identical++;
            } else if (s.kind() == Kind.CHANGED) {
                assertThat(a.get(s.a()).name()).isEqualTo(b.get(s.b()).name());
                assertThat(Arrays.equals(a.get(s.a()).dwords(), b.get(s.b()).dwords())).isFalse();
                sameName++;
            }
        }
        assertThat(nextA).isEqualTo(a.size());
        assertThat(nextB).isEqualTo(b.size());
        assertThat(result.approximate()).isFalse();
        assertThat(identical * 1000 + sameName).as("seed %d: best score", seed).isEqualTo(best(a, b, 0, 0, new Long[a.size() + 1][b.size() + 1]));
    }

    /** Identical pairs count 1000, same-name pairs 1: the score the alignment must reach. */
    private static long best(List<Command> a, List<Command> b, int i, int j, Long[][] memo) {
        if (i == a.size() || j == b.size()) {
            return 0;
        }
        if (memo[i][j] != null) {
            return memo[i][j];
        }
        long v = Math.max(best(a, b, i + 1, j, memo), best(a, b, i, j + 1, memo));
        if (a.get(i).name().equals(b.get(j).name())) {
            long w = Arrays.equals(a.get(i).dwords(), b.get(j).dwords()) ? 1000 : 1;
            v = Math.max(v, w + best(a, b, i + 1, j + 1, memo));
        }
        memo[i][j] = v;
        return v;
    }
}
