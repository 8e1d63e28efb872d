package io.genscope.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Runs shell lines from a script file or a pipe: output is plain text on stdout, with no prompts
 * and no escape codes; each failure is one line on stderr naming the script line, and the script
 * goes on. Reads with a {@link BufferedReader}, so a last line without a newline still runs.
 */
public final class ScriptRunner {
    private ScriptRunner() {
    }

    /**
     * @param source the script's name for messages, or null for standard input
     * @return 0 when every command succeeded, 1 when one failed, or the code given to {@code exit}
     */
    public static int run(Shell shell, BufferedReader in, String source, PrintStream out, PrintStream err)
            throws IOException {
        return run(shell, java.util.List.of(), in, source, out, err);
    }

    /** As {@link #run(Shell, BufferedReader, String, PrintStream, PrintStream)}, running {@code initial} lines first. */
    public static int run(Shell shell, java.util.List<String> initial, BufferedReader in, String source, PrintStream out,
            PrintStream err) throws IOException {
        int failures = 0;
        for (String line : initial) {
            Shell.Outcome o = shell.execute(line, out::println);
            out.flush();
            if (o.status() == Shell.Status.FAILED) {
                failures++;
                err.println("genscope: " + o.message());
                err.flush();
            }
        }
        int lineNumber = 0;
        String line;
        while (!shell.context().quitRequested() && (line = in.readLine()) != null) {
            lineNumber++;
            Shell.Outcome o = shell.execute(line, out::println);
            out.flush();
            if (o.status() == Shell.Status.FAILED) {
                failures++;
                err.println("genscope: " + (source == null ? "line " + lineNumber : source + ":" + lineNumber) + ": "
                        + o.message());
                err.flush();
            }
            if (shell.context().quitRequested()) {
                break;
            }
        }
        int code = shell.context().requestedExitCode();
        return code >= 0 ? code : failures > 0 ? 1 : 0;
    }
}
