package io.genscope.api;

import java.nio.ByteBuffer;

/**
 * The hypervisor's side of an xe VF's migration at the destination: the VF's VRAM and the PF's load
 * of its state ({@link VfLiveMigration#restore}). genscope reads the whole stream and checks it
 * first; only a stream that passed every check reaches the sink: then all of VRAM is written into
 * {@link #vram()} (pages the stream never carried as zeros) and the state is handed to {@link #load}.
 * A damaged, cut-off or partial stream (a descriptor, GGTT, MMIO or GuC packet missing) writes
 * nothing into the sink.
 *
 * <pre>{@code
 * VfLiveMigration.Arrival a = VfLiveMigration.restore(Path.of("vf.xevf"), mySink);
 * if (!a.committed()) System.err.println(a.refusal());
 * }</pre>
 */
public interface VfSink {
    /**
     * The destination VF's VRAM quota from offset 0, as {@link MigratableVf#vram()}; its size is the
     * quota the stream must fit in.
     *
     * @return writable direct buffers, in offset order
     */
    ByteBuffer[] vram();

    /**
     * Loads the state into the destination VF (the PF's restore of GGTT, MMIO and GuC); called after
     * VRAM was written.
     *
     * @param state what the source VF held when it stopped
     * @throws RuntimeException when it cannot be loaded: the stream is then refused
     */
    void load(VfDeviceState state);

    /**
     * The migration state the VF enters (VFIO's names).
     *
     * @param state the new state
     */
    default void stateChanged(DeviceMigrationState state) {
    }
}
