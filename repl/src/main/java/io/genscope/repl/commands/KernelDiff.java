package io.genscope.repl.commands;

import io.genscope.parser.eu.EuLine;
import io.genscope.repl.Output;
import io.genscope.repl.ShellContext;
import io.genscope.repl.commands.CaptureKernels.Kernel;
import io.genscope.repl.diff.CommandAlignment.Kind;
import io.genscope.repl.diff.CommandAlignment.Result;
import io.genscope.repl.diff.CommandAlignment.Step;
import io.genscope.repl.diff.SequenceAlignment;
import io.genscope.repl.model.LoadedCapture;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code diff --kernels FILE2}: the kernels of two captures aligned in the order they are first
 * referenced (identical bytes pair first, then kernels of the same kind), and for each changed
 * pair the instructions aligned the same way (identical text, then the same mnemonic).
 */
final class KernelDiff {
    private KernelDiff() {
    }

    /** @param only a kernel address of the open capture to limit the output to, or -1 for all */
    static void print(LoadedCapture a, LoadedCapture b, long only, boolean brief, ShellContext ctx) {
        List<Kernel> ka = CaptureKernels.of(a, ctx.cancel()).kernels();
        List<Kernel> kb = CaptureKernels.of(b, ctx.cancel()).kernels();
        Output out = ctx.out();
        out.line(String.format("--- %s (%d kernels)", a.file(), ka.size()));
        out.line(String.format("+++ %s (%d kernels)", b.file(), kb.size()));
        Result r = SequenceAlignment.align(ka.size(), kb.size(),
                (i, j) -> Arrays.equals(ka.get(i).found().bytes(), kb.get(j).found().bytes()),
                (i, j) -> ka.get(i).type().equals(kb.get(j).type()));
        for (Step s : r.steps()) {
            ctx.cancel().check();
            Kernel x = s.a() >= 0 ? ka.get(s.a()) : null;
            Kernel y = s.b() >= 0 ? kb.get(s.b()) : null;
            if (only >= 0 && (x == null || x.address() != only)) {
                continue;
            }
            switch (s.kind()) {
                case SAME -> {
                    if (only >= 0) {
                        out.line(String.format("= %s -> %s  0x%x  %s: identical", x.label(), y.label(), x.address(),
                                x.type()));
                    }
                }
                case CHANGED -> instructions(x, y, brief, out);
                case REMOVED -> out.line(String.format("- %s  0x%x  %s (%d instructions)", x.label(), x.address(),
                        x.type(), x.lines().size()));
                case ADDED -> out.line(String.format("+ %s  0x%x  %s (%d instructions)", y.label(), y.address(),
                        y.type(), y.lines().size()));
                default -> throw new IllegalStateException();
            }
        }
        if (only < 0) {
            out.line(String.format("kernels: %d same, %d changed, %d removed, %d added", r.count(Kind.SAME),
                    r.count(Kind.CHANGED), r.count(Kind.REMOVED), r.count(Kind.ADDED)));
        } else if (r.steps().stream().noneMatch(s -> s.a() >= 0 && ka.get(s.a()).address() == only)) {
            out.line(String.format("no kernel of %s starts at 0x%x", a.displayName(), only));
        }
    }

    /** One changed pair: its counts, then (unless brief) each instruction removed, added or changed. */
    private static void instructions(Kernel x, Kernel y, boolean brief, Output out) {
        List<EuLine> la = x.lines();
        List<EuLine> lb = y.lines();
        Result r = SequenceAlignment.align(la.size(), lb.size(),
                (i, j) -> text(la.get(i)).equals(text(lb.get(j))),
                (i, j) -> Objects.equals(la.get(i).opcode(), lb.get(j).opcode()));
        out.line(String.format("~ %s -> %s  0x%x -> 0x%x  %s: %d same, %d changed, %d removed, %d added%s", x.label(),
                y.label(), x.address(), y.address(), x.type(), r.count(Kind.SAME), r.count(Kind.CHANGED),
                r.count(Kind.REMOVED), r.count(Kind.ADDED), r.approximate() ? " (too long to align: not aligned)" : ""));
        if (brief) {
            return;
        }
        for (Step s : r.steps()) {
            switch (s.kind()) {
                case SAME -> {
                }
                case CHANGED -> {
                    line(out, '-', la.get(s.a()));
                    line(out, '+', lb.get(s.b()));
                }
                case REMOVED -> line(out, '-', la.get(s.a()));
                case ADDED -> line(out, '+', lb.get(s.b()));
                default -> throw new IllegalStateException();
            }
        }
    }

    private static void line(Output out, char mark, EuLine l) {
        String at = String.format("    %c +0x%04x  ", mark, l.offset());
        out.text(at + text(l).replace("\n", "\n" + " ".repeat(at.length())));
    }

    private static String text(EuLine l) {
        return FindInsnCommand.instruction(l);
    }
}
