package io.genscope.api;

/**
 * Where a device stands in a migration, named as VFIO's migration protocol (v2) names the states of
 * a device, so that a hypervisor's VFIO code maps them one to one. genscope tells a
 * {@link MigratableGuest} or {@link MigrationSink} each state it enters.
 *
 * <pre>
 * source:       RUNNING -&gt; PRE_COPY -&gt; STOP_COPY -&gt; STOP        (completed: the guest lives at the destination)
 *                                     \-&gt; RUNNING                 (failed: the source runs on)
 * destination:  STOP -&gt; RESUMING -&gt; RUNNING                       (committed: state loaded, guest may run)
 *                             \-&gt; STOP                            (refused: nothing was loaded)
 * </pre>
 *
 * <pre>{@code
 * public void stateChanged(DeviceMigrationState s) { log.info("vGPU migration state {}", s); }
 * }</pre>
 */
public enum DeviceMigrationState {
    /** Stopped: neither running nor moving state. */
    STOP,
    /** Running normally. */
    RUNNING,
    /** Running while its state is copied (pre-copy rounds, and the one-shot copy of graphics memory). */
    PRE_COPY,
    /** Stopped, its remaining state being copied. */
    STOP_COPY,
    /** Stopped, state being loaded into it at the destination. */
    RESUMING,
    /** A failure left the device in an unknown state. */
    ERROR
}
