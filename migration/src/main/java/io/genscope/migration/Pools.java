package io.genscope.migration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's rules for its thread pools: how many threads a default gives, and how a pool is
 * stopped. A pool is interrupted and then awaited, so that nothing it runs can still read memory its
 * owner releases next (a pool thread reading a freed off-heap slab crashes the JVM).
 */
public final class Pools {
    /** The most threads any default gives, whatever the machine reports. */
    public static final int MAX_DEFAULT_THREADS = 64;

    private static final Logger LOG = Logger.getLogger(Pools.class.getName());

    private Pools() {
    }

    /** One thread per core the JVM sees, clamped to 1..{@link #MAX_DEFAULT_THREADS}. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(MAX_DEFAULT_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Interrupts every task of {@code pool} and waits until all have returned. The tasks check
     * for interruption at least once per unit of work, so this is quick; a pool still running after
     * a minute is logged and waited for all the same (returning early would free memory under it).
     * An interrupt of the caller is kept for it and the wait goes on.
     */
    public static void stop(ExecutorService pool, String name) {
        pool.shutdownNow();
        boolean interrupted = false;
        long waited = 0;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    break;
                }
                if (++waited == 60) {
                    LOG.log(Level.WARNING, "{0}: a task still runs a minute after the pool was stopped", name);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
