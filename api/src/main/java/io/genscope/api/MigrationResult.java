package io.genscope.api;

import io.genscope.migration.report.InfoMigrate;
import io.genscope.migration.report.MigrationReport;

/**
 * What one live migration did, in QEMU's {@code info migrate} vocabulary. A failed migration is a
 * result too ({@link #succeeded()} false, {@link #error()} says why), never an exception.
 *
 * <pre>{@code
 * MigrationResult r = LiveMigration.of(LiveMigration.Source.synthetic("memory=64M,graphics=16M"))
 *         .verify(true).to(LiveMigration.Target.file(Path.of("run.gsmig")));
 * System.out.printf("%s: downtime %.1f ms, %s%n", r.policy(), r.downtimeMs(), r.verification());
 * }</pre>
 *
 * @param policy the policy that ran ({@code gmig}, {@code genscope}, {@code precopy}, {@code stop-copy})
 * @param succeeded completed, and verified when verification was asked
 * @param error why it failed, or empty
 * @param verification whether the destination was compared with the source, and the outcome
 * @param totalMs start to destination resumed
 * @param downtimeMs source stopped (vCPUs and vGPU) to destination resumed
 * @param gpuStallMs vGPU held to destination resumed: the downtime, or longer with the genscope
 *     policy, which holds the vGPU alone first and checks graphics memory before the vCPUs stop
 * @param rounds how many rounds were sent
 * @param pagesSent page records sent (raw and zero)
 * @param pagesSentDowntime of them, sent while the source was stopped
 * @param bytesSent stream bytes in all
 * @param memoryBytes the guest memory migrated
 * @param report the full report as {@code genscope migrate} prints it
 */
public record MigrationResult(String policy, boolean succeeded, String error, Verification verification, double totalMs,
        double downtimeMs, double gpuStallMs, int rounds, long pagesSent, long pagesSentDowntime, long bytesSent, long memoryBytes,
        String report) {

    /**
     * Whether the destination was checked against the source.
     *
     * <pre>{@code
     * if (result.verification() == MigrationResult.Verification.MISMATCHED) keepTheSourceRunning();
     * }</pre>
     */
    public enum Verification {
        /** Not asked for. */
        NOT_CHECKED,
        /** Every page and the device state match. */
        MATCHED,
        /** The digests differ (or the destination sent none). */
        MISMATCHED
    }

    static MigrationResult of(MigrationReport r) {
        Verification v = r.verified() == null ? Verification.NOT_CHECKED
                : r.verified() ? Verification.MATCHED : Verification.MISMATCHED;
        return new MigrationResult(r.policy(), r.succeeded(), r.error() == null ? "" : r.error(), v, r.totalMs(),
                r.downtimeMs(), r.gpuStallMs(), r.rounds().size(), r.pagesSent(), r.pagesSentDowntime(), r.bytesSent(), r.memoryBytes(),
                InfoMigrate.format(r));
    }
}
