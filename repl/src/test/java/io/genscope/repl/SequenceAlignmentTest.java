package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.repl.diff.CommandAlignment.Kind;
import io.genscope.repl.diff.CommandAlignment.Result;
import io.genscope.repl.diff.CommandAlignment.Step;
import io.genscope.repl.diff.SequenceAlignment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel diff's alignment: instructions as {@code opcode:operands}, identical when equal,
 * similar when the opcode is; on seeded random edits (rerun one with {@code -Dgenscope.seed=N})
 * every element is accounted for once and in order, SAME pairs are equal, CHANGED ones similar.
 */
class SequenceAlignmentTest {
    static Stream<Long> seeds() {
        String fixed = System.getProperty("genscope.seed");
        return fixed != null ? Stream.of(Long.parseLong(fixed)) : LongStream.range(1, 101).boxed();
    }

    private static Result align(List<String> a, List<String> b) {
        return SequenceAlignment.align(a.size(), b.size(), (i, j) -> a.get(i).equals(b.get(j)),
                (i, j) -> op(a.get(i)).equals(op(b.get(j))));
    }

    private static String op(String insn) {
        return insn.substring(0, insn.indexOf(':'));
    }

    @Test
    void oneChangedAndOneAddedInstruction() {
        Result r = align(List.of("mov:g1", "add:g2", "mul:g3"), List.of("mov:g1", "add:g9", "mul:g3", "send:g4"));
        assertThat(r.steps()).containsExactly(new Step(Kind.SAME, 0, 0), new Step(Kind.CHANGED, 1, 1),
                new Step(Kind.SAME, 2, 2), new Step(Kind.ADDED, -1, 3));
        assertThat(r.approximate()).isFalse();
        assertThat(align(List.of(), List.of("mov:g1")).steps()).containsExactly(new Step(Kind.ADDED, -1, 0));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyElementOnceInOrder(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] ops = {"mov", "add", "mul", "send"};
        List<String> a = new ArrayList<>();
        for (int i = r.nextInt(40); i > 0; i--) {
            a.add(ops[r.nextInt(ops.length)] + ":g" + r.nextInt(4));
        }
        List<String> b = new ArrayList<>(a);
        for (int e = r.nextInt(6); e > 0; e--) {
            int at = b.isEmpty() ? 0 : r.nextInt(b.size());
            switch (r.nextInt(3)) {
                case 0 -> b.add(at, ops[r.nextInt(ops.length)] + ":g" + r.nextInt(4));
                case 1 -> {
                    if (!b.isEmpty()) {
                        b.remove(at);
                    }
                }
                default -> {
                    if (!b.isEmpty()) {
                        b.set(at, op(b.get(at)) + ":g" + (4 + r.nextInt(4)));
                    }
                }
            }
        }
        Result res = align(a, b);
        int nextA = 0;
        int nextB = 0;
        for (Step s : res.steps()) {
            if (s.kind() != Kind.ADDED) {
                assertThat(s.a()).as("seed %d", seed).isEqualTo(nextA++);
            }
            if (s.kind() != Kind.REMOVED) {
                assertThat(s.b()).as("seed %d", seed).isEqualTo(nextB++);
            }
            if (s.kind() == Kind.SAME) {
                assertThat(a.get(s.a())).isEqualTo(b.get(s.b()));
            } else if (s.kind() == Kind.CHANGED) {
                assertThat(op(a.get(s.a()))).isEqualTo(op(b.get(s.b())));
                assertThat(a.get(s.a())).isNotEqualTo(b.get(s.b()));
            }
        }
        assertThat(nextA).as("seed %d", seed).isEqualTo(a.size());
        assertThat(nextB).as("seed %d", seed).isEqualTo(b.size());
        // at most one SAME pair fewer than unchanged elements per edit: an edit breaks one pair at most
        assertThat(res.count(Kind.SAME)).as("seed %d", seed).isGreaterThanOrEqualTo(Math.min(a.size(), b.size()) - 5);
    }
}
