package io.genscope.repl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.jline.builtins.Less;
import org.jline.builtins.Source;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The interactive shell on a terminal: line editing, completion, highlighting, a history file,
 * output paged when taller than the screen, and Ctrl-C that stops the running command (at the
 * prompt it clears the line). The terminal is given, so tests can drive it with a
 * {@link org.jline.terminal.impl.DumbTerminal}.
 */
public final class TerminalRunner {
    /**
     * @param historyFile where the history is kept (null: none kept)
     * @param pager whether output taller than the screen goes through the pager
     */
    public record Options(Path historyFile, boolean pager) {
    }

    private final Shell shell;
    private final Terminal terminal;
    private final Options options;

    public TerminalRunner(Shell shell, Terminal terminal, Options options) {
        this.shell = shell;
        this.terminal = terminal;
        this.options = options;
    }

    /** Whether the terminal can show colours and run the pager (not a dumb one). */
    boolean capable() {
        String type = terminal.getType();
        return type != null && !type.equals(Terminal.TYPE_DUMB) && !type.equals(Terminal.TYPE_DUMB_COLOR);
    }

    /** Reads and runs lines until {@code quit} or end of input; returns the exit code. */
    public int run() {
        return run(java.util.List.of());
    }

    /** As {@link #run()}, running {@code initial} lines first (as if typed). */
    public int run(java.util.List<String> initial) {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("genscope")
                .parser(shell.parser())
                .completer(new ShellCompleter(shell))
                .history(new DefaultHistory())
                .variable(LineReader.HISTORY_SIZE, 5000)
                .variable(LineReader.HISTORY_FILE_SIZE, 5000)
                .variable(LineReader.LIST_MAX, 200)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true);
        if (capable()) {
            builder.highlighter(new ShellHighlighter(shell));
        }
        if (options.historyFile() != null) {
            builder.variable(LineReader.HISTORY_FILE, options.historyFile());
        }
        LineReader reader = builder.build();
        PrintWriter out = terminal.writer();
        try {
            for (String line : initial) {
                runLine(line, out);
            }
            while (!shell.context().quitRequested()) {
                String line;
                try {
                    line = reader.readLine(shell.context().prompt());
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                runLine(line, out);
            }
        } finally {
            try {
                reader.getHistory().save();
            } catch (IOException | RuntimeException e) {
                out.println("genscope: could not save the history: " + e.getMessage());
            }
            out.flush();
        }
        int code = shell.context().requestedExitCode();
        return Math.max(code, 0);
    }

    private void runLine(String line, PrintWriter out) {
        try (PagedOutput buffer = new PagedOutput()) {
            Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> shell.context().cancel().cancel());
            Shell.Outcome outcome;
            try {
                outcome = shell.execute(line, buffer);
            } finally {
                terminal.handle(Terminal.Signal.INT, previous);
            }
            show(buffer, out);
            if (outcome.status() == Shell.Status.FAILED) {
                String message = "error: " + outcome.message();
                if (capable()) {
                    message = new AttributedStringBuilder()
                            .styled(AttributedStyle.DEFAULT.foreground(AttributedStyle.RED), message)
                            .toAnsi(terminal);
                }
                out.println(message);
            }
        } catch (IOException | RuntimeException e) {
            out.println("error: " + e.getMessage());
        }
        out.flush();
    }

    /**
     * Whether keys were typed while the command ran: they belong to the next prompt, so the output
     * is printed rather than paged (the pager would read them as its own commands).
     */
    private boolean typedAhead() {
        // in the terminal's normal (canonical) mode a read waits for a whole line: peek in raw mode,
        // where it gives up after a tenth of a second; a peeked key stays queued for the next reader
        org.jline.terminal.Attributes saved = terminal.enterRawMode();
        try {
            return terminal.reader().peek(1) >= 0;
        } catch (IOException e) {
            return false;
        } finally {
            terminal.setAttributes(saved);
        }
    }

    /** Erases the pager's status line (its ':' prompt), which it leaves under the last page. */
    private void clearStatusLine() {
        terminal.puts(org.jline.utils.InfoCmp.Capability.carriage_return);
        terminal.puts(org.jline.utils.InfoCmp.Capability.clr_eol);
        terminal.flush();
    }

    private void show(PagedOutput buffer, PrintWriter out) throws IOException {
        int height = terminal.getHeight();
        if (options.pager() && capable() && height > 2 && buffer.lineCount() > height - 2 && !typedAhead()) {
            try (InputStream in = buffer.open()) {
                Less less = new Less(terminal, shell.context().workingDirectory());
                less.noInit = true; // the last page stays on the screen after 'q'
                less.run(new Source.InputStreamSource(in, false, "genscope"));
                clearStatusLine();
                return;
            } catch (InterruptedException e) {
                Thread.interrupted(); // the pager was stopped; the shell goes on
                return;
            } catch (IOException | RuntimeException e) {
                // fall back to printing it
            }
        }
        buffer.printTo(out);
    }
}
