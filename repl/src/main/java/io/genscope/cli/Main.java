package io.genscope.cli;

import io.genscope.repl.ShellLauncher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code genscope} command line. Without arguments on a terminal it opens the shell on the
 * bundled capture; without a terminal it prints its usage.
 */
@Command(name = "genscope", mixinStandardHelpOptions = true, version = "genscope 0.1.0",
        description = "Intel GEN GPU command streams: decode captures, remap graphics addresses, migrate vGPUs.",
        subcommands = {DecodeCommand.class, SpecCommand.class, ShellCliCommand.class, AsmCommand.class,
                RemapCommand.class, MigrateCommand.class, ReceiveCommand.class, ReportCommand.class,
                ReplayCommand.class})
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("genscope: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (ShellLauncher.isTerminal()) {
            Path bundled = ShellLauncher.bundledCapture();
            if (bundled == null) {
                System.err.println("genscope: the bundled capture " + ShellLauncher.BUNDLED_CAPTURE
                        + " was not found; opening the shell without a capture");
            }
            return ShellLauncher.launch(bundled, null, null);
        }
        spec.commandLine().usage(System.out);
        return 0;
    }
}
