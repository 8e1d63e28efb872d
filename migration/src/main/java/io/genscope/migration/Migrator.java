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
import java.util.function.Consumer;

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

    /** Opens the link of one attempt (0 for the first). */
    @FunctionalInterface
    public interface LinkFactory {
        Link open(int attempt) throws IOException;
    }

    /**
     * Like {@link #migrate(Workload, String, MigrationOptions, Target, MigrationHooks, Destination.Options)},
     * and when an attempt fails (the workload resumed, the destination kept nothing) tries again on a
     * new link, up to {@code retries} more times, after a pause of 200 ms x attempt during which the
     * workload runs. Each failure goes to {@code failed} (attempt number, report or connection error).
     *
     * @return the last attempt's report
     * @throws IOException when the last attempt could not even open its link
     */
    public static MigrationReport migrate(Workload workload, String workloadName, MigrationOptions options, Target target,
            MigrationHooks hooks, Destination.Options destination, int retries, Consumer<String> failed) throws IOException {
        return migrate(workload, workloadName, options, target, hooks, destination, CompressionOptions.NONE, retries, failed);
    }

    /** The retrying migration with page compression ({@code --compress}). */
    public static MigrationReport migrate(Workload workload, String workloadName, MigrationOptions options, Target target,
            MigrationHooks hooks, Destination.Options destination, CompressionOptions compression, int retries,
            Consumer<String> failed) throws IOException {
        return migrate(workload, workloadName, options, target.toString(), attempt -> Link.open(target, destination), hooks,
                compression, retries, failed);
    }

    /** The retrying migration over links {@code links} makes (tests inject faults through it). */
    public static MigrationReport migrate(Workload workload, String workloadName, MigrationOptions options,
            String transportName, LinkFactory links, MigrationHooks hooks, int retries, Consumer<String> failed)
            throws IOException {
        return migrate(workload, workloadName, options, transportName, links, hooks, CompressionOptions.NONE, retries, failed);
    }

    /** The retrying migration over links {@code links} makes, with page compression. */
    public static MigrationReport migrate(Workload workload, String workloadName, MigrationOptions options,
            String transportName, LinkFactory links, MigrationHooks hooks, CompressionOptions compression, int retries,
            Consumer<String> failed) throws IOException {
        for (int attempt = 0;; attempt++) {
            MigrationReport r;
            try (Link link = links.open(attempt)) {
                r = new Migration(workload, options, link, hooks, workloadName, transportName, compression).run();
            } catch (IOException e) {
                if (attempt >= retries) {
                    throw e;
                }
                failed.accept("attempt " + (attempt + 1) + ": " + e.getMessage());
                pause(attempt);
                continue;
            }
            if (r.completed() || attempt >= retries) {
                return r;
            }
            failed.accept("attempt " + (attempt + 1) + ": " + r.error());
            pause(attempt);
        }
    }

    private static void pause(int attempt) throws IOException {
        try {
            Thread.sleep(200L * (attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted between migration attempts");
        }
    }
}
