package io.genscope.api;

import java.nio.ByteBuffer;

/**
 * The hypervisor's side of an xe SR-IOV VF's live migration at the source: a VM with a VF bound to
 * {@code xe-vfio-pci}, which the VMM owns and genscope moves ({@link VfLiveMigration#of}). genscope
 * reads the VF's VRAM in place, finds what changed in it by hashing pages (VRAM has no dirty log:
 * the GPU writes it, and a VM's dirty log covers guest RAM only), and writes the xe VF migration
 * data (version 1 packets) that a destination PF reads.
 *
 * <p>Calls come from the migration's thread, except {@link #vram()}'s buffers, which genscope's
 * hashing and sending threads read concurrently with the VF's own writes.
 *
 * <pre>{@code
 * VfLiveMigration.Result r = VfLiveMigration.of(myVf)
 *         .policy(VfLiveMigration.Policy.GMIG).bandwidth("10Gbit")
 *         .to(Path.of("vf.xevf"));
 * }</pre>
 */
public interface MigratableVf {
    /**
     * The VF's VRAM quota from offset 0: direct buffers, e.g. the VMM's mapping of the VF's VRAM
     * BAR, one after the other. Every part but the last is a whole number of 4 MiB; the total is a
     * whole number of 4 KiB pages. Called once, before the migration starts.
     *
     * @return the parts, in offset order
     */
    ByteBuffer[] vram();

    /**
     * The VF's state as the PF saves it, i.e. what the VMM reads from the VFIO migration fd besides
     * VRAM (descriptor, GGTT, MMIO, GuC packets); called while the VF is stopped.
     *
     * @return the state
     */
    VfDeviceState deviceState();

    /** Stops the VF: returns once no vCPU runs and no write of VRAM (GPU or CPU) is in flight. */
    void pause();

    /** Lets the VF run again (after a failed migration). */
    void resume();

    /**
     * Whether the PF can hold the VF's GPU work while the vCPUs run (it stops scheduling the VF on
     * the GuC) and the VMM write-protects the guest's mapping of the VRAM BAR, so that no writer of
     * VRAM runs. The {@code genscope} policy uses it when it can.
     *
     * @return whether {@link #holdGpu()} works
     */
    default boolean canHoldGpu() {
        return false;
    }

    /** Holds every writer of VRAM: returns once none is in flight; the vCPUs run on. */
    default void holdGpu() {
        throw new UnsupportedOperationException("this VF cannot hold its GPU work alone");
    }

    /** Lets the VF's GPU work (and CPU writes of VRAM) continue after {@link #holdGpu()}. */
    default void releaseGpu() {
    }

    /**
     * The migration state the VF enters (VFIO's names).
     *
     * @param state the new state
     */
    default void stateChanged(DeviceMigrationState state) {
    }
}
