package io.genscope.migration.policy;

import io.genscope.migration.stream.Phase;

/**
 * Points in a migration where a caller may look or act (tests use them to write guest memory at
 * an exact moment). Called on the migration thread.
 */
public interface MigrationHooks {
    /** A round of {@code phase} was sent completely (the vGPU still runs unless it is STOP_COPY). */
    default void afterRound(Phase phase, int round) {
    }

    /**
     * genscope: the background pre-hash of graphics pages is complete and the hot set is about to
     * be learned (pages changed from now on are hot); the vGPU still runs.
     */
    default void preHashed() {
    }

    /** The vGPU and vCPUs were just stopped; nothing of the stop round was sent yet. */
    default void stopped() {
    }

    /** Progress, at least every 200 ms while pages are being sent. */
    default void progress(Progress p) {
    }

    /** What has been sent so far. */
    record Progress(Phase phase, int round, long pagesSent, long bytesSent, double elapsedMs, long pendingPages) {
    }

    MigrationHooks NONE = new MigrationHooks() {
    };
}
