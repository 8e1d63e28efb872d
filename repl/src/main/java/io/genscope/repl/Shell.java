package io.genscope.repl;

import io.genscope.repl.commands.StandardCommands;
import io.genscope.repl.model.CancelToken;
import io.genscope.repl.model.Cancelled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;

/**
 * Runs shell command lines: splits a line into words (quotes and backslashes as in a Unix shell),
 * finds the command and runs it. Nothing a command throws leaves here: every failure becomes an
 * {@link Outcome} with a one-line message, so a runner never stops on an error.
 */
public final class Shell implements AutoCloseable {
    /** How a line went. */
    public enum Status {
        OK, FAILED, EMPTY
    }

    /** @param message why it failed (null when it did not) */
    public record Outcome(Status status, String message) {
        static final Outcome OK = new Outcome(Status.OK, null);
        static final Outcome EMPTY = new Outcome(Status.EMPTY, null);

        static Outcome failed(String message) {
            return new Outcome(Status.FAILED, message);
        }
    }

    private final ShellRegistry registry;
    private final ShellContext ctx;
    private final DefaultParser parser = new DefaultParser();

    /** A shell with the standard commands, resolving paths from the process's working directory. */
    public Shell() {
        this(new ShellRegistry(StandardCommands.all()), Path.of("").toAbsolutePath());
    }

    public Shell(ShellRegistry registry, Path workingDirectory) {
        this.registry = registry;
        this.ctx = new ShellContext(registry, new CancelToken(), workingDirectory);
    }

    public ShellContext context() {
        return ctx;
    }

    public ShellRegistry registry() {
        return registry;
    }

    /** The parser the line editor uses too, so completion and execution split words alike. */
    public DefaultParser parser() {
        return parser;
    }

    /** Words of a line as the shell runs them (quotes removed, escapes applied). */
    public List<String> split(String line) {
        List<String> words = new ArrayList<>(parser.parse(line, line.length(), Parser.ParseContext.ACCEPT_LINE).words());
        if (!words.isEmpty() && words.get(words.size() - 1).isEmpty() && !line.isEmpty()
                && Character.isWhitespace(line.charAt(line.length() - 1))) {
            words.remove(words.size() - 1);
        }
        return words;
    }

    /**
     * Runs one line, sending what it prints to {@code sink}. Blank lines and lines starting with
     * {@code #} do nothing.
     */
    public Outcome execute(String line, Output.Sink sink) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return Outcome.EMPTY;
        }
        ctx.cancel().reset();
        Output out = new Output(sink, ctx.cancel());
        ctx.setOut(out);
        try {
            List<String> words = split(trimmed);
            if (words.isEmpty()) {
                return Outcome.EMPTY;
            }
            ShellCommand command = registry.find(words.get(0));
            if (command == null) {
                List<String> near = registry.suggestions(words.get(0));
                return Outcome.failed("unknown command '" + words.get(0) + "'"
                        + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?")
                        + " ('help' lists the commands)");
            }
            if (command.needsCapture() && !ctx.hasCapture()) {
                return Outcome.failed(command.name() + ": no capture is open; use: open FILE");
            }
            command.run(ctx, new Args(words.subList(1, words.size())));
            return Outcome.OK;
        } catch (ShellError e) {
            return Outcome.failed(e.getMessage());
        } catch (Cancelled e) {
            return Outcome.failed("interrupted");
        } catch (IllegalArgumentException e) {
            return Outcome.failed(String.valueOf(e.getMessage()));
        } catch (IOException e) {
            return Outcome.failed(ioMessage(e));
        } catch (UncheckedIOException e) {
            return Outcome.failed(ioMessage(e.getCause()));
        } catch (OutOfMemoryError e) {
            return Outcome.failed("out of memory (give the JVM more with GENSCOPE_JAVA_OPTS=-Xmx...)");
        } catch (StackOverflowError e) {
            return Outcome.failed("internal error: stack overflow");
        } catch (Exception | LinkageError | AssertionError e) {
            StackTraceElement[] st = e.getStackTrace();
            return Outcome.failed("internal error: " + e + (st.length > 0 ? " at " + st[0] : ""));
        }
    }

    private static String ioMessage(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + (f.getReason() == null ? "cannot be read" : f.getReason());
        }
        return "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    @Override
    public void close() {
        ctx.close();
    }
}
