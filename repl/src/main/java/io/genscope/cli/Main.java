package io.genscope.cli;

import io.genscope.repl.ShellLauncher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code genscope} command line. Without arguments on a terminal it opens the shell on the
 * bundled capture; without a terminal it prints its usage.
 *
 * <p>Exit codes, the same for every command: {@value #OK} ok, {@value #PROBLEMS} problems found in
 * the input (the output is still written), {@value #ERROR} usage or I/O error (nothing written),
 * {@value #INTERRUPTED} interrupted (Ctrl-C).
 */
@Command(name = "genscope", mixinStandardHelpOptions = true, version = "genscope 0.1.0",
        header = "Decode Intel GEN GPU command streams, remap their graphics addresses and live-migrate vGPUs.",
        description = {"Every command answers --help. Without a command, on a terminal, genscope opens the"
                + " interactive shell on the bundled capture."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:problems found in the input (the output is still written)",
                "2:usage or I/O error (nothing written)", "130:interrupted (Ctrl-C)"},
        subcommands = {DecodeCommand.class, SpecCommand.class, ShellCliCommand.class, AsmCommand.class,
                RemapCommand.class, MigrateCommand.class, ReceiveCommand.class, ReportCommand.class,
                ReplayCommand.class, VfImageCommand.class, DisasmCommand.class, CompletionCommand.class, ManCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    /** Exit code: everything went well. */
    public static final int OK = 0;
    /** Exit code: problems were found in the input. */
    public static final int PROBLEMS = 1;
    /** Exit code: a usage or I/O error; nothing was written. */
    public static final int ERROR = 2;
    /** Exit code: interrupted. */
    public static final int INTERRUPTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The command line with every command, its error handling and exit codes. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> failed(ex, cmd.getErr()::println));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String name = qualifiedName(c);
            c.getErr().println(name + ": " + ex.getMessage());
            c.getErr().println("Try '" + name + " --help' for more.");
            return ERROR;
        });
        return cl;
    }

    private static String qualifiedName(CommandLine c) {
        return c.getCommandSpec().qualifiedName(" ");
    }

    /** What a command's exception says on standard error (through {@code err}), and its exit code. */
    private static int failed(Exception ex, java.util.function.Consumer<String> err) {
        if (ex instanceof InterruptedException) {
            err.accept("genscope: interrupted");
            return INTERRUPTED;
        }
        err.accept("genscope: " + CliFiles.describe(ex));
        return ERROR;
    }

    /**
     * Runs the command line and returns its exit code (also for tests). A plain {@code decode}
     * line runs without picocli ({@link QuickDecode}), with the same output and exit code.
     */
    public static int run(String... args) {
        DecodeCommand quick = QuickDecode.parse(args);
        if (quick == null) {
            return commandLine().execute(args);
        }
        try {
            return quick.call();
        } catch (Exception ex) {
            return failed(ex, System.err::println);
        }
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
