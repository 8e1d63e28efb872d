package io.genscope.parser.aub;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;

/**
 * Wraps the caller's listener so that its exceptions can be told apart from the reader's own: they
 * come out of {@link ReadSession} as {@link Failure} and are unwrapped before leaving the reader.
 */
final class GuardedListener implements AubListener {
    /** An exception thrown by the caller's listener. */
    static final class Failure extends RuntimeException {
        Failure(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    private final AubListener delegate;

    GuardedListener(AubListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void header(AubHeader header) {
        try {
            delegate.header(header);
        } catch (RuntimeException e) {
            throw new Failure(e);
        }
    }

    @Override
    public void comment(long fileOffset, String text) {
        try {
            delegate.comment(fileOffset, text);
        } catch (RuntimeException e) {
            throw new Failure(e);
        }
    }

    @Override
    public void submission(Submission submission, ContextMemory memoryNow) {
        try {
            delegate.submission(submission, memoryNow);
        } catch (RuntimeException e) {
            throw new Failure(e);
        }
    }

    @Override
    public void memoryWrite(long packetOffset, long addressOffset, int space, long address, long dataOffset,
            long size) {
        try {
            delegate.memoryWrite(packetOffset, addressOffset, space, address, dataOffset, size);
        } catch (RuntimeException e) {
            throw new Failure(e);
        }
    }

    @Override
    public void registerWrite(long packetOffset, int offset, int value, long valueOffset) {
        try {
            delegate.registerWrite(packetOffset, offset, value, valueOffset);
        } catch (RuntimeException e) {
            throw new Failure(e);
        }
    }

    @Override
    public void note(long fileOffset, String text) {
        try {
            delegate.note(fileOffset, text);
        } catch (RuntimeException e) {
            throw new Failure(e);
        }
    }

    @Override
    public void problem(Problem problem) {
        try {
            delegate.problem(problem);
        } catch (RuntimeException e) {
            throw new Failure(e);
        }
    }
}
