package io.genscope.repl.commands;

import io.genscope.repl.Args;
import io.genscope.repl.Completions;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import java.util.List;

/** {@code help [COMMAND]}. */
final class HelpCommand implements ShellCommand {
    @Override
    public String name() {
        return "help";
    }

    @Override
    public List<String> aliases() {
        return List.of("?");
    }

    @Override
    public String synopsis() {
        return "help [COMMAND]";
    }

    @Override
    public String summary() {
        return "list the commands, or explain one with examples";
    }

    @Override
    public String help() {
        return """
                Without an argument, every command with its usage. With one, its usage, what it does and
                examples. Tab completes commands, GPU command names, field names, register names and
                paths; Ctrl-C stops a running command; Ctrl-D or 'quit' leaves.
                Examples:
                  help
                  help find""";
    }

    @Override
    public boolean needsCapture() {
        return false;
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        args.atMost(1, synopsis());
        if (args.isEmpty()) {
            ctx.out().line("Commands ('help COMMAND' for details and examples):");
            for (ShellCommand c : ctx.registry().commands()) {
                ctx.out().line(String.format("  %-12s %s", c.name(), c.summary()));
            }
            ctx.out().line("Commands are numbered #0, #1, ... across the capture; submissions are s0, s1, ...");
            ctx.out().line("Addresses are hexadecimal with 0x (0xfffefffee000) or decimal; lines starting with # are comments.");
            return;
        }
        ShellCommand c = ctx.registry().find(args.get(0));
        if (c == null) {
            throw new ShellError("no command named '" + args.get(0) + "' ('help' lists them)");
        }
        ctx.out().line("usage: " + c.synopsis());
        ctx.out().line(c.summary());
        if (!c.aliases().isEmpty()) {
            ctx.out().line("also: " + String.join(", ", c.aliases()));
        }
        ctx.out().text(c.help());
    }

    @Override
    public void complete(ShellContext ctx, List<String> words, int index, Completions out) {
        if (index == 1) {
            out.shellCommands(ctx.registry());
        }
    }
}
