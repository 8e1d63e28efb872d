package io.genscope.repl;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: shell command names for the first word, then whatever the command offers for
 * its words (GPU command names, field names, register names, paths).
 */
final class ShellCompleter implements Completer {
    private final Shell shell;

    ShellCompleter(Shell shell) {
        this.shell = shell;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        for (Completions.Candidate c : candidates(shell, line.words(), line.wordIndex()).candidates()) {
            candidates.add(new Candidate(c.value(), c.value(), c.group(), c.description(), null, null, c.complete()));
        }
    }

    /** What can complete word {@code index} of a line split into {@code words}. */
    static Completions candidates(Shell shell, List<String> words, int index) {
        Completions out = new Completions();
        try {
            if (index <= 0) {
                out.shellCommands(shell.registry());
            } else {
                ShellCommand command = shell.registry().find(words.get(0));
                if (command != null) {
                    command.complete(shell.context(), words, index, out);
                }
            }
        } catch (RuntimeException e) {
            // a completion problem never disturbs typing
        }
        return out;
    }
}
