package io.genscope.migration.workload;

import io.genscope.migration.state.Vgpu;

/**
 * What runs in the guest while it migrates: writers on their own threads that change guest memory
 * through the CPU (logged) and through the GPU (not logged). The migration pauses it to stop the
 * vGPU and resumes it when a migration fails.
 */
public interface Workload extends AutoCloseable {
    /** The vGPU it runs on. */
    Vgpu vgpu();

    /** Starts the writer threads. */
    void start();

    /** Stops every writer and waits until no write is in flight; memory is quiescent afterwards. */
    void pause();

    /** Lets the writers continue after {@link #pause()}. */
    void resume();

    /**
     * Whether the vGPU's work can be held on its own, the vCPUs running on (a mediator that stops
     * scheduling the vGPU's workloads: GVT-g queues them per vGPU). Without it, GPU writes stop
     * only with {@link #pause()}.
     */
    default boolean canPauseGpu() {
        return false;
    }

    /**
     * Holds the vGPU: returns once no GPU write is in flight; no GPU write happens until
     * {@link #resumeGpu()}, while CPU writes (logged) go on until {@link #pause()}. Only when
     * {@link #canPauseGpu()}.
     */
    default void pauseGpu() {
        throw new UnsupportedOperationException("this workload cannot hold its GPU work alone");
    }

    /** Lets GPU writes continue after {@link #pauseGpu()}. */
    default void resumeGpu() {
    }

    /** Writes done so far. */
    WorkloadStats stats();

    /** Stops the threads for good (the vGPU stays). */
    @Override
    void close();

    /** Writes done: CPU page writes (logged) and GPU page writes (not logged). */
    record WorkloadStats(long cpuWrites, long gpuWrites) {
    }
}
