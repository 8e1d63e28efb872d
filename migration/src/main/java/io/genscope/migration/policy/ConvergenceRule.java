package io.genscope.migration.policy;

/**
 * QEMU's switchover test: stop when what is still dirty can be sent within the downtime limit at
 * the bandwidth measured so far.
 *
 * <pre>
 * threshold_bytes = bandwidth_bytes_per_ms x downtime_limit_ms
 * switch over when pending_bytes &lt; threshold_bytes
 * expected_downtime_ms = pending_bytes / bandwidth_bytes_per_ms
 * </pre>
 */
public record ConvergenceRule(long downtimeLimitMs) {
    public double thresholdBytes(double bytesPerMs) {
        return bytesPerMs * downtimeLimitMs;
    }

    public boolean converged(long pendingBytes, double bytesPerMs) {
        return pendingBytes == 0 || pendingBytes < thresholdBytes(bytesPerMs);
    }

    public static double expectedDowntimeMs(long pendingBytes, double bytesPerMs) {
        return bytesPerMs <= 0 ? Double.POSITIVE_INFINITY : pendingBytes / bytesPerMs;
    }
}
