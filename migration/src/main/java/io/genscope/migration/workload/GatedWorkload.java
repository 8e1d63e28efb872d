package io.genscope.migration.workload;

/**
 * A workload whose writer threads pass two gates: {@link #gate}, shared by CPU and GPU writes and
 * closed by {@link #pause()} (vCPUs and vGPU stopped), and {@link #gpuGate}, passed before GPU
 * writes only and closed by {@link #pauseGpu()} (the vGPU held alone). A GPU writer that waits on
 * the GPU gate must not hold the shared one, so that {@link #pause()} can still close it.
 */
public abstract class GatedWorkload implements Workload {
    /** Passed by every write batch; closed while the whole guest is stopped. */
    protected final RunGate gate = new RunGate();
    /** Passed by GPU write batches (before {@link #gate}); closed while the vGPU is held. */
    protected final RunGate gpuGate = new RunGate();

    @Override
    public void pause() {
        gate.close();
    }

    @Override
    public void resume() {
        gate.open();
    }

    @Override
    public boolean canPauseGpu() {
        return true;
    }

    @Override
    public void pauseGpu() {
        gpuGate.close();
    }

    @Override
    public void resumeGpu() {
        gpuGate.open();
    }

    /** Opens both gates, for {@link #close()}: writers blocked on them see they must end. */
    protected void openGates() {
        gate.open();
        gpuGate.open();
    }
}
