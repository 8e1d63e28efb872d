package io.genscope.migration.policy;

import java.util.ArrayDeque;

/**
 * The send rate the convergence rule uses: bytes over time of the most recent rounds covering at
 * least 100 ms (QEMU measures over windows of at least 100 ms), so a tiny round does not make a
 * wild estimate.
 */
public final class BandwidthEstimator {
    private static final long WINDOW_NANOS = 100_000_000L;

    private record Sample(long bytes, long nanos) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    public void add(long bytes, long nanos) {
        samples.addFirst(new Sample(bytes, Math.max(1, nanos)));
        long covered = 0;
        int keep = 0;
        for (Sample s : samples) {
            keep++;
            covered += s.nanos();
            if (covered >= WINDOW_NANOS) {
                break;
            }
        }
        while (samples.size() > keep) {
            samples.removeLast();
        }
    }

    /** Bytes per millisecond, or 0 before any sample. */
    public double bytesPerMs() {
        long bytes = 0;
        long nanos = 0;
        for (Sample s : samples) {
            bytes += s.bytes();
            nanos += s.nanos();
        }
        return nanos == 0 ? 0 : bytes / (nanos / 1e6);
    }
}
