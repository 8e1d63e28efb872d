package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.cli.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tukaani.xz.XZInputStream;

/** Runs shell scripts and {@code genscope decode} in this JVM for tests. */
final class ShellHarness {
    static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures")).toAbsolutePath();

    private ShellHarness() {
    }

    static Path capture(String name) {
        return FIXTURES.resolve("captures").resolve(name + ".aub.xz");
    }

    /** What a piped shell printed. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return ShellHarness.lines(out);
        }
    }

    /** Runs {@code script} as piped standard input would (no terminal). */
    static Run script(String script) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (Shell shell = new Shell();
                PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = ScriptRunner.run(shell, new BufferedReader(new StringReader(script)), null, o, e);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code genscope ARGS} in this JVM: exit code and standard output. */
    static Run genscope(String... args) {
        io.genscope.cli.Cli c = io.genscope.cli.Cli.run(args);
        return new Run(c.exit(), c.out(), c.err());
    }

    private static final java.util.Map<String, List<String>> HEADERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The lines {@code genscope decode --headers} prints after its banner (command lines and notes). */
    static List<String> decodeHeaders(Path capture, String... options) {
        return HEADERS.computeIfAbsent(capture + " " + String.join(" ", options), k -> headers(capture, options));
    }

    private static List<String> headers(Path capture, String... options) {
        List<String> args = new ArrayList<>(List.of("decode", "--headers"));
        args.addAll(List.of(options));
        args.add(capture.toString());
        Run r = genscope(args.toArray(String[]::new));
        List<String> lines = r.lines();
        int blank = lines.indexOf("");
        assertThat(blank).as("banner of decode --headers").isGreaterThan(0);
        return lines.subList(blank + 1, lines.size());
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    static byte[] decompress(Path xz) throws IOException {
        try (XZInputStream in = new XZInputStream(java.nio.file.Files.newInputStream(xz))) {
            return in.readAllBytes();
        }
    }
}
