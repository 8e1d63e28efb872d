package io.genscope.api;

import java.nio.ByteBuffer;

/**
 * The hypervisor's side of a live migration at the source: a running guest with a vGPU, which the
 * hypervisor owns and genscope moves ({@link LiveMigration.Source#guest}). genscope reads guest
 * memory in place, fetches the CPU dirty log at every dirty sync, finds GPU writes itself by hashing
 * graphics memory (a GPU's writes reach no CPU dirty log), and stops the guest for the last copy.
 *
 * <p>Calls come from the migration's thread, except {@link #memory()}'s buffers, which genscope's
 * hashing and sending threads read concurrently with the guest's writes (as a hypervisor's
 * migration thread reads guest RAM).
 *
 * <pre>{@code
 * MigrationResult r = LiveMigration.of(LiveMigration.Source.guest(myGuest))
 *         .policy(LiveMigration.Policy.GMIG).verify(true)
 *         .to(LiveMigration.Target.tcp("127.0.0.1", 4444));
 * }</pre>
 */
public interface MigratableGuest {
    /**
     * Guest-physical memory from address 0: writable direct buffers, e.g. a mapping of the VMM's
     * memory file, one after the other. Every part but the last is a whole number of 4 MiB; the
     * total is a whole number of 4 KiB pages. Called once, before the migration starts.
     *
     * @return the parts, in address order
     */
    ByteBuffer[] memory();

    /**
     * The vGPU's device state now: called once before the migration starts (its GGTT says which
     * guest pages are graphics memory) and once while the guest is stopped (what travels).
     *
     * @return the state
     */
    VgpuState deviceState();

    /**
     * The CPU dirty log: sets in {@code bitmap} the bit of every page the vCPUs (or any logged
     * writer) wrote since the previous call, and clears those in the hypervisor's log, as KVM's
     * get-and-clear of a memory slot's dirty log does. Page p is word {@code p >>> 6}, bit
     * {@code p & 63}. A page written during the call is reported now or at the next call, never lost.
     *
     * @param bitmap one bit per guest page, all zero on entry
     */
    void fetchAndClearDirtyLog(long[] bitmap);

    /** Stops the guest: returns once no vCPU runs and no GPU write is in flight. */
    void pause();

    /** Lets the guest run again (after a failed migration). */
    void resume();

    /**
     * Whether the mediator can hold the vGPU's work alone while the vCPUs run (GVT-g can: it stops
     * scheduling the vGPU's workloads). The {@code genscope} policy uses it when it can.
     *
     * @return whether {@link #pauseVgpu()} works
     */
    default boolean canPauseVgpu() {
        return false;
    }

    /** Holds the vGPU's work alone: returns once no GPU write is in flight; the vCPUs run on. */
    default void pauseVgpu() {
        throw new UnsupportedOperationException("this guest cannot hold its vGPU alone");
    }

    /** Lets the vGPU's work continue after {@link #pauseVgpu()}. */
    default void resumeVgpu() {
    }

    /**
     * The migration state the device enters (VFIO's names).
     *
     * @param state the new state
     */
    default void stateChanged(DeviceMigrationState state) {
    }
}
