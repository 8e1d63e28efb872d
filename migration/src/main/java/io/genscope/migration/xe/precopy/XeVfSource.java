package io.genscope.migration.xe.precopy;

import io.genscope.migration.workload.GuestControl;
import java.nio.ByteBuffer;

/**
 * An SR-IOV virtual function at the source, as the VMM and the PF's xe driver see it: its VRAM
 * quota readable in place, its state as the PF saves it, and the controls to stop it. The device
 * interface's {@code io.genscope.api.MigratableVf} reaches the engine as one of these (an adapter in
 * api); like {@code MigratableGuest} but with one thing missing on purpose: VRAM has no dirty log
 * (the GPU writes it, and the VM's dirty log covers guest RAM only), so a policy finds changed VRAM
 * pages by hashing them or not at all.
 *
 * <p>{@link #pauseGpu()} (when {@link #canPauseGpu()}) must hold every writer of VRAM while the vCPUs
 * run: the PF stops scheduling the VF's work on the GuC and waits for the work in flight, and the
 * VMM write-protects the guest's mapping of the VRAM BAR (a vCPU that writes VRAM then waits at the
 * fault until the VF runs again or stops). Without the second half a held VF could still change
 * VRAM through the CPU, unseen.
 */
public interface XeVfSource extends GuestControl {
    /**
     * The VRAM quota from offset 0: writable direct buffers, one after the other; every part but the
     * last is a whole number of 4 MiB, the total a whole number of 4 KiB pages. Read concurrently
     * with the VF's own writes.
     */
    ByteBuffer[] vram();

    /** The VF's state as the PF saves it (device ids, GGTT range, scratch registers, GuC state); called while stopped. */
    XeVfState state();
}
