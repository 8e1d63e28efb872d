package io.genscope.migration.report;

import java.util.List;

/**
 * What a migration did, in the vocabulary of QEMU's {@code query-migrate} where one exists. Times
 * in milliseconds, sizes in bytes, rates per second.
 *
 * @param policy stop-copy, precopy or gmig
 * @param status completed or failed
 * @param error why it failed (null when completed)
 * @param workload the workload's full description
 * @param transport where the stream went
 * @param bandwidthLimitMbps the emulated link rate (0: unlimited)
 * @param downtimeLimitMs the convergence rule's limit
 * @param memoryBytes guest memory
 * @param graphicsBytes graphics memory mapped by the vGPU
 * @param totalMs start to destination resumed
 * @param setupMs start to the first round (dirty log, tag store, stream header)
 * @param downtimeMs source stop to destination resumed (the reply received by the source)
 * @param expectedDowntimeMs what the last dirty sync predicted (pending bytes / bandwidth)
 * @param rounds every round
 * @param pagesSent page records sent (raw and zero)
 * @param zeroPages of them, zero pages (QEMU: duplicate)
 * @param pagesSentDowntime page records sent while stopped
 * @param bytesSent stream bytes (headers, pages, device state)
 * @param bytesSentDowntime stream bytes sent while stopped
 * @param deviceStateBytes device-state region bytes
 * @param deviceStateMs while stopped: encoding and sending the device state and END
 * @param resumeWaitMs while stopped: END sent to RESUMED received (the destination's last checks and commit, one round trip)
 * @param pagesSkippedByHash graphics pages not resent at the stop because their hash was unchanged
 * @param pagesHashed pages hashed in full (one-shot round and stop)
 * @param pagesSampledOut pages the sampling pre-filter found changed without a full hash
 * @param hashMs time spent hashing, all threads together
 * @param stopHashMs wall time of the parallel re-hash while stopped
 * @param throughputMbps bytesSent in megabits over (total - setup) seconds
 * @param dirtyPagesRate CPU pages dirtied per second at the last dirty sync
 * @param dirtySyncCount dirty-log syncs
 * @param cpuWrites CPU page writes of the workload during the migration
 * @param gpuWrites GPU page writes of the workload during the migration
 * @param verified null when not asked, else whether the digests matched
 * @param sourceDigest digest of the source at its stop (null when not asked)
 * @param destinationDigest digest of the destination after it resumed (null when not asked or not received)
 * @param compression what page compression did (null when it was off)
 * @param gpuStallMs vGPU held to destination resumed: the downtime, or longer when genscope held the
 *     vGPU alone before the vCPUs stopped (its GPU-stop round)
 */
public record MigrationReport(String policy, String status, String error, String workload, String transport,
        double bandwidthLimitMbps, long downtimeLimitMs, long memoryBytes, long graphicsBytes, double totalMs, double setupMs,
        double downtimeMs, double expectedDowntimeMs, List<RoundReport> rounds, long pagesSent, long zeroPages,
        long pagesSentDowntime, long bytesSent, long bytesSentDowntime, long deviceStateBytes, double deviceStateMs,
        double resumeWaitMs, long pagesSkippedByHash,
        long pagesHashed, long pagesSampledOut, double hashMs, double stopHashMs, double throughputMbps, double dirtyPagesRate,
        int dirtySyncCount, long cpuWrites, long gpuWrites, Boolean verified, String sourceDigest,
        String destinationDigest, CompressionReport compression, double gpuStallMs) {

    public MigrationReport {
        rounds = List.copyOf(rounds);
    }

    /** A report of a migration without compression. */
    public MigrationReport(String policy, String status, String error, String workload, String transport,
            double bandwidthLimitMbps, long downtimeLimitMs, long memoryBytes, long graphicsBytes, double totalMs, double setupMs,
            double downtimeMs, double expectedDowntimeMs, List<RoundReport> rounds, long pagesSent, long zeroPages,
            long pagesSentDowntime, long bytesSent, long bytesSentDowntime, long deviceStateBytes, double deviceStateMs,
            double resumeWaitMs, long pagesSkippedByHash,
            long pagesHashed, long pagesSampledOut, double hashMs, double stopHashMs, double throughputMbps, double dirtyPagesRate,
            int dirtySyncCount, long cpuWrites, long gpuWrites, Boolean verified, String sourceDigest,
            String destinationDigest) {
        this(policy, status, error, workload, transport, bandwidthLimitMbps, downtimeLimitMs, memoryBytes, graphicsBytes,
                totalMs, setupMs, downtimeMs, expectedDowntimeMs, rounds, pagesSent, zeroPages, pagesSentDowntime, bytesSent,
                bytesSentDowntime, deviceStateBytes, deviceStateMs, resumeWaitMs, pagesSkippedByHash, pagesHashed,
                pagesSampledOut, hashMs, stopHashMs, throughputMbps, dirtyPagesRate, dirtySyncCount, cpuWrites, gpuWrites,
                verified, sourceDigest, destinationDigest, null, downtimeMs);
    }

    public boolean completed() {
        return "completed".equals(status);
    }

    /** Completed, and verified when verification was asked. */
    public boolean succeeded() {
        return completed() && !Boolean.FALSE.equals(verified);
    }
}
