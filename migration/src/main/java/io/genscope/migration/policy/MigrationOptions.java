package io.genscope.migration.policy;

import io.genscope.migration.Pools;
import io.genscope.migration.dirty.PageHash;
import io.genscope.migration.dirty.PageHasher;
import io.genscope.migration.transport.Bandwidth;

/**
 * How to migrate.
 *
 * @param policy what to send when
 * @param bandwidth link rate to emulate (token bucket), or unlimited
 * @param downtimeLimitMs the downtime the convergence rule aims at (QEMU's default 300 ms)
 * @param maxRounds pre-copy rounds after which the vGPU is stopped whatever is left
 * @param verify compare digests of source and destination after the move
 * @param hash the page hash
 * @param sampling gMig's sampling pre-filter before a full hash
 * @param hashThreads threads that re-hash graphics pages at the stop
 * @param replyTimeoutMs how long to wait for each reply of the destination
 * @param gpuStop genscope: hold the vGPU alone and check graphics pages before the vCPUs stop
 * @param jitWarmUp run the stop's code ahead of the stop ({@link io.genscope.migration.warmup.WarmUp});
 *     on in the CLI, off by default here
 */
public record MigrationOptions(Policy policy, Bandwidth bandwidth, long downtimeLimitMs, int maxRounds, boolean verify,
        PageHasher hash, boolean sampling, int hashThreads, long replyTimeoutMs, boolean gpuStop, boolean jitWarmUp) {

    public static final long DEFAULT_DOWNTIME_LIMIT_MS = 300;
    public static final int DEFAULT_MAX_ROUNDS = 30;

    public MigrationOptions {
        if (downtimeLimitMs <= 0 || maxRounds < 1 || hashThreads < 1 || replyTimeoutMs <= 0) {
            throw new IllegalArgumentException("downtime limit, rounds, hash threads and reply timeout must be positive");
        }
    }

    /** Defaults for {@code policy}: unlimited link, 300 ms limit, 30 rounds, XXH64, all cores. */
    public static MigrationOptions defaults(Policy policy) {
        return new MigrationOptions(policy, Bandwidth.UNLIMITED, DEFAULT_DOWNTIME_LIMIT_MS, DEFAULT_MAX_ROUNDS, false,
                PageHash.XXH64, false, Pools.defaultThreads(), 60_000, true, false);
    }

    /**
     * genscope: whether to hold the vGPU alone (GPU-stop round) before the vCPUs stop, when the
     * workload can; the other policies ignore it.
     */
    public MigrationOptions withGpuStop(boolean g) {
        return new MigrationOptions(policy, bandwidth, downtimeLimitMs, maxRounds, verify, hash, sampling, hashThreads,
                replyTimeoutMs, g, jitWarmUp);
    }

    public MigrationOptions withBandwidth(Bandwidth b) {
        return new MigrationOptions(policy, b, downtimeLimitMs, maxRounds, verify, hash, sampling, hashThreads, replyTimeoutMs, gpuStop, jitWarmUp);
    }

    public MigrationOptions withVerify(boolean v) {
        return new MigrationOptions(policy, bandwidth, downtimeLimitMs, maxRounds, v, hash, sampling, hashThreads, replyTimeoutMs, gpuStop, jitWarmUp);
    }

    public MigrationOptions withPolicy(Policy p) {
        return new MigrationOptions(p, bandwidth, downtimeLimitMs, maxRounds, verify, hash, sampling, hashThreads, replyTimeoutMs, gpuStop, jitWarmUp);
    }

    public MigrationOptions withSampling(boolean s) {
        return new MigrationOptions(policy, bandwidth, downtimeLimitMs, maxRounds, verify, hash, s, hashThreads, replyTimeoutMs, gpuStop, jitWarmUp);
    }

    public MigrationOptions withDowntimeLimit(long ms) {
        return new MigrationOptions(policy, bandwidth, ms, maxRounds, verify, hash, sampling, hashThreads, replyTimeoutMs, gpuStop, jitWarmUp);
    }

    public MigrationOptions withMaxRounds(int n) {
        return new MigrationOptions(policy, bandwidth, downtimeLimitMs, n, verify, hash, sampling, hashThreads, replyTimeoutMs, gpuStop, jitWarmUp);
    }

    public MigrationOptions withHash(PageHasher h) {
        return new MigrationOptions(policy, bandwidth, downtimeLimitMs, maxRounds, verify, h, sampling, hashThreads, replyTimeoutMs, gpuStop, jitWarmUp);
    }

    public MigrationOptions withHashThreads(int n) {
        return new MigrationOptions(policy, bandwidth, downtimeLimitMs, maxRounds, verify, hash, sampling, n, replyTimeoutMs, gpuStop, jitWarmUp);
    }

    /** How long to wait for each reply of the destination. */
    public MigrationOptions withReplyTimeout(long ms) {
        return new MigrationOptions(policy, bandwidth, downtimeLimitMs, maxRounds, verify, hash, sampling, hashThreads, ms, gpuStop,
                jitWarmUp);
    }

    /** Whether to warm up the stop's code ahead of the stop (see {@link io.genscope.migration.warmup.WarmUp}). */
    public MigrationOptions withJitWarmUp(boolean w) {
        return new MigrationOptions(policy, bandwidth, downtimeLimitMs, maxRounds, verify, hash, sampling, hashThreads,
                replyTimeoutMs, gpuStop, w);
    }
}
