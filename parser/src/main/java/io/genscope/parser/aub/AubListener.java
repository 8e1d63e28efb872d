package io.genscope.parser.aub;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;

/**
 * Receives what {@link AubReader} finds, in file order. Every method does nothing by default.
 * Exceptions thrown here are not caught by the reader.
 */
public interface AubListener {
    /** A version or classic header packet. */
    default void header(AubHeader header) {
    }

    /** A comment packet's text (NUL-terminated text starting at dword 2). */
    default void comment(long fileOffset, String text) {
    }

    /**
     * An execlist submission, at the moment it happened. {@code memoryNow} shows GPU memory as it
     * is now: copy what you need before returning, because later packets change it.
     */
    default void submission(Submission submission, ContextMemory memoryNow) {
    }

    /** Something wrong with the file; reading goes on where it safely can. */
    default void problem(Problem problem) {
    }

    /** A listener that ignores everything. */
    AubListener NONE = new AubListener() {
    };
}
