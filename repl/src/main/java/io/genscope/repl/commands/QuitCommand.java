package io.genscope.repl.commands;

import io.genscope.repl.Args;
import io.genscope.repl.Numbers;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import java.util.List;

/** {@code quit [CODE]}. */
final class QuitCommand implements ShellCommand {
    @Override
    public String name() {
        return "quit";
    }

    @Override
    public List<String> aliases() {
        return List.of("exit", "q");
    }

    @Override
    public String synopsis() {
        return "quit [CODE]";
    }

    @Override
    public String summary() {
        return "leave the shell";
    }

    @Override
    public String help() {
        return """
                Leaves the shell. In a script, the exit code is 1 when a command failed, else 0, unless
                CODE is given. Ctrl-D (end of input) also leaves.
                Examples:
                  quit
                  exit 3""";
    }

    @Override
    public boolean needsCapture() {
        return false;
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        args.atMost(1, synopsis());
        ctx.quit(args.isEmpty() ? -1 : (int) Math.min(255, Numbers.parse(args.get(0), "an exit code")));
    }
}
