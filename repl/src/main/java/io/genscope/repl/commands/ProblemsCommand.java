package io.genscope.repl.commands;

import io.genscope.parser.capture.Problem;
import io.genscope.repl.Args;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;

/** {@code problems}: everything wrong with the open capture. */
final class ProblemsCommand implements ShellCommand {
    @Override
    public String name() {
        return "problems";
    }

    @Override
    public String synopsis() {
        return "problems";
    }

    @Override
    public String summary() {
        return "what is wrong with the capture: damaged packets, unknown commands, loops, unmapped batches";
    }

    @Override
    public String help() {
        return """
                Problems found reading the file (with their byte offset), then those found walking each
                submission's commands (with the GPU address), as 'genscope decode' reports them on stderr.
                Example:
                  problems""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        args.atMost(0, synopsis());
        LoadedCapture c = ctx.capture();
        int n = 0;
        for (Problem p : c.readProblems()) {
            ctx.out().line("file: " + p);
            n++;
        }
        for (Item i : c.items()) {
            for (Problem p : i.problems()) {
                ctx.out().line("s" + i.index() + ": " + p);
                n++;
            }
        }
        ctx.out().line(n == 0 ? "no problems" : n + " problem" + (n == 1 ? "" : "s"));
    }
}
