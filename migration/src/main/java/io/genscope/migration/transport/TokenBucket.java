package io.genscope.migration.transport;

import io.genscope.migration.stream.Pacer;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Emulates a link of a given bandwidth: tokens (bytes) accrue at {@code bytesPerSecond} up to a
 * burst; sending takes tokens, and a sender that takes more than there are waits until the debt
 * is paid. Over any long interval the average rate is the configured one.
 */
public final class TokenBucket implements Pacer {
    /** A clock and a way to wait, replaceable in tests. */
    public interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedIOException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedIOException {
                LockSupport.parkNanos(nanos);
                if (Thread.interrupted()) {
                    throw new InterruptedIOException("interrupted while pacing the link");
                }
            }
        };
    }

    private final double bytesPerNano;
    private final double burst;
    private final Clock clock;
    private double tokens;
    private long last;
    private long waitedNanos;

    /**
     * @param bytesPerSecond link rate
     * @param burstBytes tokens that may accrue while idle
     */
    public TokenBucket(double bytesPerSecond, long burstBytes, Clock clock) {
        if (bytesPerSecond <= 0 || burstBytes <= 0) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and burst");
        }
        this.bytesPerNano = bytesPerSecond / 1e9;
        this.burst = burstBytes;
        this.clock = clock;
        this.tokens = burstBytes;
        this.last = clock.nanoTime();
    }

    /**
     * A bucket for this rate with a burst of 256 KiB or 10 ms of traffic, whichever is larger. The
     * burst must be well above the time a sleeping thread oversleeps (here 0.1 to 0.6 ms for a
     * 50 us to 1 ms park): credit earned while oversleeping beyond the burst would be lost and the
     * link would run slower than its rate.
     */
    public static TokenBucket forRate(double bytesPerSecond) {
        return new TokenBucket(bytesPerSecond, Math.max(256 << 10, (long) (bytesPerSecond / 100)), Clock.SYSTEM);
    }

    @Override
    public void acquire(int bytes) throws InterruptedIOException {
        long now = clock.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * bytesPerNano);
        last = now;
        tokens -= bytes;
        while (tokens < 0) {
            long wait = (long) Math.ceil(-tokens / bytesPerNano);
            clock.sleepNanos(wait);
            waitedNanos += wait;
            now = clock.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * bytesPerNano);
            last = now;
        }
    }

    /** Total time the sender was asked to wait. */
    public long waitedNanos() {
        return waitedNanos;
    }
}
