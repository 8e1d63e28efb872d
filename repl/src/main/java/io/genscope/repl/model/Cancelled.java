package io.genscope.repl.model;

/** The running command was stopped with Ctrl-C. */
public final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Cancelled() {
        super("interrupted", null, false, false);
    }
}
