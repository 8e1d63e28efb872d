package io.genscope.repl;

/** A command could not do what was asked; the message says why, in one line, for the user. */
public final class ShellError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShellError(String message) {
        super(message, null, false, false);
    }
}
