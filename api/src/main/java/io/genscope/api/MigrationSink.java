package io.genscope.api;

import java.nio.ByteBuffer;

/**
 * The hypervisor's side of a live migration at the destination: the memory and the device the
 * guest moves into ({@link LiveMigration#listen}). genscope stages the whole stream and checks it
 * first; only a stream that passed every check reaches the sink: then every page is written into
 * {@link #memory()} and the device state is handed to {@link #load}, before the source is told that
 * the guest resumed. A refused or cut-off stream writes nothing into the sink.
 *
 * <pre>{@code
 * try (LiveMigration.Incoming in = LiveMigration.listen(4444, mySink)) {
 *     LiveMigration.Arrival a = in.await(600_000);
 *     if (a.committed()) startTheGuest();
 * }
 * }</pre>
 */
public interface MigrationSink {
    /**
     * The destination guest's memory from address 0, as {@link MigratableGuest#memory()}; its size
     * must be the source's.
     *
     * @return writable direct buffers, in address order
     */
    ByteBuffer[] memory();

    /**
     * Loads the device state into the destination's vGPU; called after every page was written.
     *
     * @param state what the source's vGPU held when it stopped
     * @throws RuntimeException when it cannot be loaded: the stream is then refused and the source
     *     keeps running
     */
    void load(VgpuState state);

    /**
     * The migration state the device enters (VFIO's names).
     *
     * @param state the new state
     */
    default void stateChanged(DeviceMigrationState state) {
    }
}
