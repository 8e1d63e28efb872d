package io.genscope.migration.workload;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets writer threads run until the vCPUs and the vGPU are stopped: each writer holds the gate
 * (shared) while it writes a batch; stopping takes it exclusively, which waits for batches in
 * flight and blocks new ones until {@link #open()}.
 */
public final class RunGate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    /** A writer enters before a batch of writes. */
    public void enter() {
        lock.readLock().lock();
    }

    /** Enters when the gate is open now (true), else returns false at once. */
    public boolean tryEnter() {
        return lock.readLock().tryLock();
    }

    /** A writer leaves after a batch. */
    public void leave() {
        lock.readLock().unlock();
    }

    /** Stops the writers; returns once no write is in flight. Idempotent. */
    public void close() {
        if (!lock.isWriteLockedByCurrentThread()) {
            lock.writeLock().lock();
        }
    }

    /** Lets writers run again (only the thread that closed the gate may open it). */
    public void open() {
        if (lock.isWriteLockedByCurrentThread()) {
            lock.writeLock().unlock();
        }
    }

    public boolean isClosed() {
        return lock.isWriteLocked();
    }
}
