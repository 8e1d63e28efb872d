package io.genscope.repl.commands;

import io.genscope.repl.ShellCommand;
import java.util.List;

/**
 * The shell's commands, in the order {@code help} lists them. This is the one place a command is
 * registered: a new feature adds its {@link ShellCommand} here (a feature not built yet can be
 * listed as a {@link NotInThisBuild} placeholder).
 */
public final class StandardCommands {
    private StandardCommands() {
    }

    public static List<ShellCommand> all() {
        return List.of(
                new OpenCommand(),
                new InfoCommand(),
                new PacketsCommand(),
                new SubmissionsCommand(),
                new SubmissionCommand(),
                new ContextsCommand(),
                new ListCommand(),
                new ShowCommand(),
                new KernelCommand(),
                new FollowCommand(),
                new BackCommand(),
                new FindCommand(),
                new FindInsnCommand(),
                new RefsCommand(),
                new MemCommand(),
                new RegsCommand(),
                new StatsCommand(),
                new DiffCommand(),
                new ProblemsCommand(),
                new RemapCommand(),
                new MigrateCommand(),
                new ReplayCommand(),
                new HelpCommand(),
                new QuitCommand());
    }
}
