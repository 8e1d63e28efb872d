package io.genscope.migration.policy;

import java.io.IOException;

/**
 * What one policy does at each step of a migration, in the spirit of QEMU's {@code SaveVMHandlers}
 * (save_setup, save_live_iterate, save_live_complete, save_cleanup). The driver
 * ({@link Migration}) owns the order of the steps, the link, the device state and the report:
 *
 * <pre>
 * setup      before the stream starts: what the policy keeps (a tag store, the stop's page lists)
 * iterate    the guest runs: the live rounds (none for stop-copy)
 *            -- the driver stops the guest and begins the stop-copy round --
 * complete   the guest is stopped: the pages of the stop-copy round
 *            -- the driver sends the device state and END, and waits for the destination --
 * cleanup    always, completed or failed: give back what iterate held (the vGPU alone)
 * </pre>
 */
sealed interface PolicyHandler permits StopCopyHandler, PrecopyHandler, GmigHandler, GenscopeHandler {

    /** The handler of {@code policy}, new for one migration. */
    static PolicyHandler of(Policy policy) {
        return switch (policy) {
            case STOP_COPY -> new StopCopyHandler();
            case PRECOPY -> new PrecopyHandler();
            case GMIG -> new GmigHandler();
            case GENSCOPE -> new GenscopeHandler();
        };
    }

    /** Before the stream starts. */
    default void setup(MigrationRun run) {
    }

    /**
     * Whether the policy hashes graphics pages: the driver then makes the tag store before
     * {@link #setup} and warms the hash threads up.
     */
    default boolean hashes() {
        return false;
    }

    /** The live rounds, while the guest runs. */
    void iterate(MigrationRun run) throws IOException, InterruptedException;

    /** The stop-copy round's pages, the guest stopped and the round begun by the driver. */
    void complete(MigrationRun run) throws IOException, InterruptedException;

    /** After the migration, completed or not ({@code failed}: the guest runs on at the source). */
    default void cleanup(MigrationRun run, boolean failed) {
    }
}
