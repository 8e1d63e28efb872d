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
 * CLI turns it on, the library leaves it to its caller ({@code MigrationOptions.jitWarmUp}), and each
 * part is skipped once a migration that ran its code has completed in this JVM (compiled by then).
 *
 * <p>One instance per migration: {@link #end()} stops whatever still runs when the vGPU stops.
 */
public final class WarmUp {
    /** Encodes of the device state before the stop (the state is small; compiled after ~20). */
    private static final int DEVICE_ENCODES = 30;
    /** A migration completed here: the device-state encoder ran. */
    private static final AtomicBoolean ENCODED = new AtomicBoolean();
    /** A migration that re-hashes graphics pages completed here: the scan ran too. */
    private static final AtomicBoolean SCANNED = new AtomicBoolean();
    private static final WarmUp NONE = new WarmUp(false, false);

    private final boolean encodes;
    private final boolean scans;
    private volatile boolean ended;

    private WarmUp(boolean encodes, boolean scans) {
        this.encodes = encodes;
        this.scans = scans;
    }

    /**
     * The warm-up of one migration at the source when {@code wanted}: of the code no migration
     * completed in this JVM has run yet (a stop-copy or pre-copy run leaves the re-hash cold, so a
     * gmig run after it still warms that up); otherwise every method does nothing.
     */
    public static WarmUp forSource(boolean wanted) {
        return wanted && !(ENCODED.get() && SCANNED.get()) ? new WarmUp(!ENCODED.get(), !SCANNED.get()) : NONE;
    }

    /** A migration completed at the source, re-hashing graphics pages at its stop or not. */
    public static void sourceCompleted(boolean hashed) {
        ENCODED.set(true);
        if (hashed) {
            SCANNED.set(true);
        }
    }

    /** Whether any part still runs. */
    public boolean active() {
        return encodes || scans;
    }

    /** Scans of made-up pages on {@code workers}' threads (policies that re-hash at the stop). */
    public void hashScans(HashWorkers workers, PageHasher hash, boolean sampling) {
        if (scans) {
            ScanWarmUp.start(workers, hash, sampling, () -> ended);
        }
    }

    /**
     * Runs {@code encodeOnce} (an encode of the running vGPU's state, thrown away) a few times on
     * {@code encoder}, the thread that will encode the real state at the stop.
     */
    public void deviceEncoding(Executor encoder, Runnable encodeOnce) {
        if (!encodes) {
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
