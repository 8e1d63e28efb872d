package io.genscope.migration;

import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.policy.Migration;
import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.Link;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.Workload;
import java.io.IOException;

/** Entry point: migrates a running workload's vGPU to a target. */
public final class Migrator {
    private Migrator() {
    }

    /**
     * Opens a link to {@code target}, runs one migration and closes the link. The workload must
     * be started; after a completed migration it is left paused (the vGPU now lives at the
     * destination), after a failed one it keeps running.
     *
     * @param destination for a file target, how the in-process destination restores the stream
     * @throws IOException when the link cannot be opened (nothing was migrated)
     */
    public static MigrationReport migrate(Workload workload, String workloadName, MigrationOptions options, Target target,
            MigrationHooks hooks, Destination.Options destination) throws IOException {
        try (Link link = Link.open(target, destination)) {
            return new Migration(workload, options, link, hooks, workloadName, target.toString()).run();
        }
    }

    /** As above, with page compression ({@code --compress}): copy, encode and send pipelined. */
    public static MigrationReport migrate(Workload workload, String workloadName, MigrationOptions options, Target target,
            MigrationHooks hooks, Destination.Options destination, CompressionOptions compression) throws IOException {
        try (Link link = Link.open(target, destination)) {
            return new Migration(workload, options, link, hooks, workloadName, target.toString(), compression).run();
        }
    }
}
