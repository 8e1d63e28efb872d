package io.genscope.repl;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Starts the shell the way {@code genscope shell} and a bare {@code genscope} on a terminal do:
 * on a terminal, the JLine line editor (the terminal is built only here, so other commands never
 * touch it); with {@code --batch SCRIPT} or when standard input or output is not a terminal, plain
 * line-by-line execution with no prompts and no escape codes.
 */
public final class ShellLauncher {
    /** The capture a bare {@code genscope} opens, relative to the project root. */
    public static final String BUNDLED_CAPTURE = "fixtures/captures/iris-skl.aub.xz";

    private ShellLauncher() {
    }

    /**
     * @param capture a capture to open first, or null
     * @param gen decode it as this device or generation, or null
     * @param script a script to run instead of reading commands, or null
     * @return the exit code
     */
    public static int launch(Path capture, String gen, Path script) throws IOException {
        return launch(capture, gen, null, script);
    }

    /**
     * As {@link #launch(Path, String, Path)}, with xe VF migration data's GGTT base for the capture
     * opened first ({@code open FILE --ggtt-base ADDR}), or null.
     */
    public static int launch(Path capture, String gen, String ggttBase, Path script) throws IOException {
        List<String> initial = new ArrayList<>();
        if (capture != null) {
            initial.add("open " + escape(capture.toString()) + (gen == null ? "" : " --gen " + escape(gen))
                    + (ggttBase == null ? "" : " --ggtt-base " + escape(ggttBase)));
        }
        try (Shell shell = new Shell()) {
            if (script != null || !isTerminal()) {
                PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16),
                        false, StandardCharsets.UTF_8);
                try {
                    if (script != null) {
                        try (BufferedReader in = Files.newBufferedReader(script, StandardCharsets.UTF_8)) {
                            return ScriptRunner.run(shell, initial, in, script.toString(), out, System.err);
                        }
                    }
                    return ScriptRunner.run(shell, initial, reader(System.in), null, out, System.err);
                } finally {
                    out.flush();
                }
            }
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                return new TerminalRunner(shell, terminal, new TerminalRunner.Options(historyFile(), true)).run(initial);
            }
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** A word as the shell's parser reads it back unchanged. */
    static String escape(String word) {
        StringBuilder sb = new StringBuilder(word.length() + 8);
        for (char c : word.toCharArray()) {
            if (Character.isWhitespace(c) || c == '\\' || c == '"' || c == '\'') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Whether standard input and output are both a terminal. */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal"); // JDK 22+: a console may exist without a terminal
            return (Boolean) m.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /** {@code ~/.genscope_history}, or the file the {@code genscope.history} property names. */
    static Path historyFile() {
        String p = System.getProperty("genscope.history");
        return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".genscope_history");
    }

    /**
     * The bundled capture: under the directory the launcher names ({@code -Dgenscope.home}), else
     * relative to the jar ({@code repl/target/genscope.jar} is two levels below the project root),
     * else under the working directory; null when none exists.
     */
    public static Path bundledCapture() {
        List<Path> roots = new ArrayList<>();
        String home = System.getProperty("genscope.home");
        if (home != null) {
            roots.add(Path.of(home));
        }
        try {
            var source = ShellLauncher.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                Path jar = Path.of(source.getLocation().toURI()).toAbsolutePath();
                for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                    roots.add(p);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not from a file
        }
        roots.add(Path.of("").toAbsolutePath());
        for (Path r : roots) {
            Path candidate = r.resolve(BUNDLED_CAPTURE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
