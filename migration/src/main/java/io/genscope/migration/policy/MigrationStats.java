package io.genscope.migration.policy;

import io.genscope.migration.dirty.HashWorkers;

/**
 * What one migration counted while it ran: the policy handlers and the driver add to it, and the
 * report is built from it at the end. Only the migration's own thread writes it.
 *
 * <pre>
 * times (ns)   start, setup end, stop, GPU hold, hashing (all threads), stop re-hash (wall),
 *              device state (encode + send + END), END to RESUMED
 * counts       dirty syncs, pages hashed / sampled out / skipped by hash, pages of the stop round
 * bytes        stream bytes at the stop, device-state bytes
 * estimates    dirty-page rate and expected downtime at the last dirty sync
 * </pre>
 */
final class MigrationStats {
    final long startNanos = System.nanoTime();
    long setupNanos;
    /** When the vCPUs stopped (0: they never did). */
    long stopNanos;
    /** When the destination's RESUMED arrived. */
    long resumedNanos;
    /** When genscope held the vGPU alone, before the vCPUs stopped (0: it did not). */
    long gpuHoldNanos;
    long hashNanos;
    long pagesHashed;
    long pagesSampledOut;
    long skippedByHash;
    long stopHashNanos;
    int dirtySyncs;
    double dirtyPagesRate;
    double expectedDowntimeMs = -1;
    long stopBytes;
    long stopPages;
    long deviceBytes;
    long deviceNanos;
    long resumeWaitNanos;
    long cpuWritesAtStart;
    long gpuWritesAtStart;

    /** Adds what a parallel re-hash did. */
    void addScan(HashWorkers.Scan scan) {
        hashNanos += scan.nanos();
        pagesHashed += scan.hashed();
        pagesSampledOut += scan.sampledOut();
    }

    /** Adds hashing done on this thread (a tag stored, a pre-hash). */
    void addHashing(long nanos, long pages) {
        hashNanos += nanos;
        pagesHashed += pages;
    }

    /** The estimates after a dirty sync: {@code pendingPages} left, found over {@code sinceSyncNanos}. */
    void estimate(int pendingPages, long sinceSyncNanos, double expectedDowntime) {
        dirtyPagesRate = pendingPages / Math.max(1e-9, sinceSyncNanos / 1e9);
        expectedDowntimeMs = Double.isFinite(expectedDowntime) ? expectedDowntime : -1;
    }

    boolean stopped() {
        return stopNanos != 0;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
