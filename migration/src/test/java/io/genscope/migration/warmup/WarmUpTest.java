package io.genscope.migration.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.state.GraphicsWindows;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The optional warm-ups: bounded, stoppable, and skipped once they are no longer needed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WarmUpTest {
    /** Many SETUPs at once start one restore warm-up, not one thread each. */
    @Test
    void oneRestoreWarmUpAtATime() {
        GraphicsWindows w = GraphicsWindows.forSize(512L << 20);
        RestoreWarmUp.enable(true);
        try {
            for (int i = 0; i < 200; i++) {
                RestoreWarmUp.deviceState(w, 1 << 18);
            }
            long running = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("genscope-restore-warmup") && t.isAlive()).count();
            assertThat(running).isLessThanOrEqualTo(1);
        } finally {
            RestoreWarmUp.enable(false);
        }
    }

    /** The device-state encodes stop at end() and leave the encoder thread to the real encode. */
    @Test
    void deviceEncodingsStopWhenTheVgpuStops() throws Exception {
        WarmUp warmUp = WarmUp.forSource(true);
        ExecutorService encoder = Executors.newSingleThreadExecutor();
        try {
            AtomicInteger encodes = new AtomicInteger();
            warmUp.deviceEncoding(encoder, () -> {
                encodes.incrementAndGet();
                if (encodes.get() == 3) {
                    warmUp.end();
                }
            });
            // the real encode queued behind the warm-up runs once the warm-up gave way
            assertThat(encoder.submit(() -> "real").get(30, TimeUnit.SECONDS)).isEqualTo("real");
            assertThat(encodes.get()).as("no encode after end()").isLessThanOrEqualTo(3);
        } finally {
            encoder.shutdownNow();
            assertThat(encoder.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Off when not wanted; each part off for good once a migration that ran its code completed here. */
    @Test
    void skippedWhenNotWantedOrOnceAMigrationRanItsCode() {
        assertThat(WarmUp.forSource(false).active()).isFalse();
        WarmUp.sourceCompleted(false);
        AtomicInteger ran = new AtomicInteger();
        WarmUp.forSource(true).deviceEncoding(Runnable::run, ran::incrementAndGet);
        assertThat(ran).as("the device-state encoder ran in the completed migration").hasValue(0);
        WarmUp.sourceCompleted(true);
        assertThat(WarmUp.forSource(true).active()).as("the re-hash ran too").isFalse();
    }
}
