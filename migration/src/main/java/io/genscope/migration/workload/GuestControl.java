package io.genscope.migration.workload;

/**
 * How a hypervisor stops and starts the guest it hands to a migration: the whole guest (its vCPUs
 * and its vGPU's work), and, where the mediator can, the vGPU's work alone while the vCPUs run.
 */
public interface GuestControl {
    /** Returns once no vCPU runs and no GPU write of the guest is in flight. */
    void pause();

    /** Lets the guest run again after {@link #pause()}. */
    void resume();

    /** Whether {@link #pauseGpu()} is possible. */
    default boolean canPauseGpu() {
        return false;
    }

    /** Returns once no GPU write of the guest is in flight; the vCPUs run on. */
    default void pauseGpu() {
        throw new UnsupportedOperationException("this guest cannot hold its GPU work alone");
    }

    /** Lets the vGPU's work continue after {@link #pauseGpu()}. */
    default void resumeGpu() {
    }
}
