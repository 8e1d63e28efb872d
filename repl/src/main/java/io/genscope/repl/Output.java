package io.genscope.repl;

import io.genscope.repl.model.CancelToken;

/**
 * Where a shell command prints: whole lines of plain text. Every line checks for Ctrl-C, so a
 * command that prints a lot stops promptly. The runner decides where lines go (streamed to a pipe,
 * collected for the pager on a terminal).
 */
public final class Output {
    /** Receives finished lines (without line terminator). */
    @FunctionalInterface
    public interface Sink {
        void line(String text);
    }

    private final Sink sink;
    private final CancelToken cancel;
    private long lines;

    public Output(Sink sink, CancelToken cancel) {
        this.sink = sink;
        this.cancel = cancel;
    }

    /** One line. */
    public void line(CharSequence text) {
        cancel.check();
        sink.line(text.toString());
        lines++;
    }

    /** An empty line. */
    public void line() {
        line("");
    }

    /** Formatted text; every {@code \n} in it ends a line, and the text ends one. */
    public void printf(String format, Object... args) {
        text(String.format(format, args));
    }

    /** Text of one or more lines (a final newline does not add an empty line). */
    public void text(String text) {
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (String l : t.split("\n", -1)) {
            line(l);
        }
    }

    /** Lines printed so far. */
    public long lineCount() {
        return lines;
    }

    /** An {@link Appendable} that hands each finished line to this output (for printers). */
    public Appendable appendable() {
        return new LineSplitter(this::line);
    }

    /** Collects characters and passes on each line at its {@code \n}. */
    public static final class LineSplitter implements Appendable {
        private final Sink sink;
        private final StringBuilder pending = new StringBuilder(128);

        public LineSplitter(Sink sink) {
            this.sink = sink;
        }

        @Override
        public Appendable append(CharSequence csq) {
            return append(csq, 0, csq.length());
        }

        @Override
        public Appendable append(CharSequence csq, int start, int end) {
            for (int i = start; i < end; i++) {
                append(csq.charAt(i));
            }
            return this;
        }

        @Override
        public Appendable append(char c) {
            if (c == '\n') {
                sink.line(pending.toString());
                pending.setLength(0);
            } else {
                pending.append(c);
            }
            return this;
        }

        /** Passes on an unfinished last line, if any. */
        public void flush() {
            if (pending.length() > 0) {
                sink.line(pending.toString());
                pending.setLength(0);
            }
        }
    }
}
