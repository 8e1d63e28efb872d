package io.genscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code genscope} command line. */
@Command(name = "genscope", mixinStandardHelpOptions = true, version = "genscope 0.1.0",
        description = "Intel GEN GPU command streams: decode captures, remap graphics addresses, migrate vGPUs.",
        subcommands = {DecodeCommand.class, SpecCommand.class, MigrateCommand.class, ReceiveCommand.class})
public final class Main implements Runnable {
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
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
