package io.genscope.migration.warmup;

import io.genscope.migration.dirty.HashWorkers;
import io.genscope.migration.dirty.PageHasher;
import io.genscope.migration.dirty.ScanWarmUp;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The source's optional warm-up: runs, while the guest still runs, the code the stop runs (the
 * parallel re-hash, the device-state encoder), so that the downtime is spent in compiled code
 * rather than in the interpreter. It changes no result, only how soon the first stop is over; the
 * CLI turns it on, the library leaves it to its caller ({@code MigrationOptions.jitWarmUp}), and it
 * is skipped once a migration has completed in this JVM (its code is compiled by then).
 *
 * <p>One instance per migration: {@link #end()} stops whatever still runs when the vGPU stops.
 */
public final class WarmUp {
    /** Encodes of the device state before the stop (the state is small; compiled after ~20). */
    private static final int DEVICE_ENCODES = 30;
    private static final AtomicBoolean SOURCE_COMPLETED = new AtomicBoolean();
    private static final WarmUp NONE = new WarmUp(false);

    private final boolean active;
    private volatile boolean ended;

    private WarmUp(boolean active) {
        this.active = active;
    }

    /**
     * The warm-up of one migration at the source: active when {@code wanted} and no migration has
     * completed in this JVM yet; otherwise every method does nothing.
     */
    public static WarmUp forSource(boolean wanted) {
        return wanted && !SOURCE_COMPLETED.get() ? new WarmUp(true) : NONE;
    }

    /** A migration completed at the source: later ones need no warm-up. */
    public static void sourceCompleted() {
        SOURCE_COMPLETED.set(true);
    }

    public boolean active() {
        return active;
    }

    /** Scans of made-up pages on {@code workers}' threads (policies that re-hash at the stop). */
    public void hashScans(HashWorkers workers, PageHasher hash, boolean sampling) {
        if (active) {
            ScanWarmUp.start(workers, hash, sampling, () -> ended);
        }
    }

    /**
     * Runs {@code encodeOnce} (an encode of the running vGPU's state, thrown away) a few times on
     * {@code encoder}, the thread that will encode the real state at the stop.
     */
    public void deviceEncoding(Executor encoder, Runnable encodeOnce) {
        if (!active) {
            return;
        }
        try {
            encoder.execute(() -> {
                try {
                    for (int i = 0; i < DEVICE_ENCODES && !ended; i++) {
                        encodeOnce.run();
                    }
                } catch (RuntimeException e) {
                    // a warm-up only (the vGPU runs meanwhile); the real encode reports its own
                }
            });
        } catch (RejectedExecutionException e) {
            // the encoder is stopping: the migration is over
        }
    }

    /** The vGPU stops: what still runs gives way (at its next round). */
    public void end() {
        ended = true;
    }
}
