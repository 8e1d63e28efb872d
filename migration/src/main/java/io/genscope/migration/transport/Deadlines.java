package io.genscope.migration.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines of links: one daemon timer thread for the whole process runs every check (a task
 * only closes a socket, never blocks), so a deadline costs no thread of its own.
 */
final class Deadlines {
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "genscope-link-deadlines");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private Deadlines() {
    }

    /** Runs {@code action} once after {@code millis} unless cancelled. */
    static ScheduledFuture<?> after(long millis, Runnable action) {
        return TIMER.schedule(action, Math.max(1, millis), TimeUnit.MILLISECONDS);
    }

    /**
     * Watches writes: when one write (at most {@link SocketChannels#CHUNK} bytes) has made no progress
     * for {@code stallMillis}, runs {@code onStall} (which closes the socket, so the write fails).
     */
    static WriteWatch watchWrites(long stallMillis, Runnable onStall) {
        return new WriteWatch(stallMillis, onStall);
    }

    /** One link's write watchdog. */
    static final class WriteWatch implements AutoCloseable {
        private final long stallNanos;
        private final long stallMillis;
        private final Runnable onStall;
        private final ScheduledFuture<?> task;
        private volatile long writingSince;
        private volatile boolean fired;

        private WriteWatch(long stallMillis, Runnable onStall) {
            this.stallMillis = stallMillis;
            this.stallNanos = stallMillis * 1_000_000L;
            this.onStall = onStall;
            long period = Math.max(10, Math.min(500, stallMillis / 4));
            this.task = TIMER.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        }

        private void check() {
            long since = writingSince;
            if (!fired && since != 0 && System.nanoTime() - since > stallNanos) {
                fired = true;
                task.cancel(false);
                onStall.run();
            }
        }

        void begin() {
            writingSince = System.nanoTime() | 1;
        }

        void end() {
            writingSince = 0;
        }

        boolean fired() {
            return fired;
        }

        long stallMillis() {
            return stallMillis;
        }

        @Override
        public void close() {
            task.cancel(false);
        }
    }
}
