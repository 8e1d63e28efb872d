package io.genscope.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code genscope} in this JVM and keeps what it printed. */
public record Cli(int exit, String out, String err) {

    /** Runs {@code genscope ARGS} with standard output and error captured. */
    public static Cli run(String... args) {
        return capture(() -> Main.run(args));
    }

    /** Runs {@code command} (it returns an exit code) with standard output and error captured. */
    public static Cli capture(java.util.function.IntSupplier command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            exit = command.getAsInt();
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
