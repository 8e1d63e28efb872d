package io.genscope.migration.stream;

import java.io.InterruptedIOException;

/** Decides when bytes may go out on the link (a token bucket, or nothing). */
@FunctionalInterface
public interface Pacer {
    /** Blocks until {@code bytes} more may be sent. */
    void acquire(int bytes) throws InterruptedIOException;

    Pacer UNLIMITED = bytes -> {
    };
}
