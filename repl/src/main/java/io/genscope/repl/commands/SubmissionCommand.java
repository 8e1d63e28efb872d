package io.genscope.repl.commands;

import io.genscope.repl.Args;
import io.genscope.repl.Completions;
import io.genscope.repl.Numbers;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import java.util.List;

/** {@code submission N}: makes a submission the current one. */
final class SubmissionCommand implements ShellCommand {
    @Override
    public String name() {
        return "submission";
    }

    @Override
    public List<String> aliases() {
        return List.of("sub");
    }

    @Override
    public String synopsis() {
        return "submission [N]";
    }

    @Override
    public String summary() {
        return "select submission N (mem, regs, list and follow work on the current one)";
    }

    @Override
    public String help() {
        return """
                Puts the cursor on the first command of submission N (sN in listings); without N, shows the
                current submission. Its problems are listed.
                Examples:
                  submission 2
                  sub""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        args.atMost(1, synopsis());
        LoadedCapture c = ctx.capture();
        if (c.items().isEmpty()) {
            throw new ShellError("the capture has no submissions");
        }
        if (!args.isEmpty()) {
            String w = args.get(0);
            ctx.selectItem(Numbers.index(w.startsWith("s") ? w.substring(1) : w, c.items().size(), "submission"));
        }
        Item i = ctx.currentItem();
        ctx.out().line(Lines.item(i));
        for (var p : i.problems()) {
            ctx.out().line("  problem " + p);
        }
    }

    @Override
    public void complete(ShellContext ctx, List<String> words, int index, Completions out) {
        if (index == 1 && ctx.hasCapture()) {
            for (Item i : ctx.capture().items()) {
                out.add(Integer.toString(i.index()), "submissions", i.engine().specName() + ", " + i.commandCount()
                        + " commands", true);
            }
        }
    }
}
