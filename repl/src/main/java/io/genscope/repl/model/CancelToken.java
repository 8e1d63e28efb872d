package io.genscope.repl.model;

/**
 * Set from another thread (the terminal's Ctrl-C handler) to stop the running shell command at
 * its next check. Long loops call {@link #check()}.
 */
public final class CancelToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public void reset() {
        cancelled = false;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link Cancelled} once {@link #cancel()} was called. */
    public void check() {
        if (cancelled) {
            throw new Cancelled();
        }
    }

    /** A token nobody cancels. */
    public static CancelToken never() {
        return new CancelToken();
    }
}
