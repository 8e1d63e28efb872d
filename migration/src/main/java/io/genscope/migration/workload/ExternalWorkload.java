package io.genscope.migration.workload;

import io.genscope.migration.dirty.DirtyLogSource;
import io.genscope.migration.state.Vgpu;
import java.util.Objects;

/**
 * A guest that runs outside genscope: its memory is the hypervisor's ({@code PageStore.over}), its
 * CPU writes are logged by the hypervisor ({@link DirtyLogSource}, fetched at every dirty sync), its
 * GPU writes are logged by nobody, and it stops and starts through {@link GuestControl}. genscope
 * counts none of its writes.
 */
public final class ExternalWorkload implements Workload {
    private final Vgpu vgpu;
    private final GuestControl control;

    /** The guest of {@code vgpu}; its CPU writes are in {@code log}. */
    public ExternalWorkload(Vgpu vgpu, DirtyLogSource log, GuestControl control) {
        this.vgpu = Objects.requireNonNull(vgpu);
        this.control = Objects.requireNonNull(control);
        vgpu.useExternalDirtyLog(log);
    }

    @Override
    public Vgpu vgpu() {
        return vgpu;
    }

    /** The guest runs already: nothing to start. */
    @Override
    public void start() {
    }

    @Override
    public void pause() {
        control.pause();
    }

    @Override
    public void resume() {
        control.resume();
    }

    @Override
    public boolean canPauseGpu() {
        return control.canPauseGpu();
    }

    @Override
    public void pauseGpu() {
        control.pauseGpu();
    }

    @Override
    public void resumeGpu() {
        control.resumeGpu();
    }

    /** The hypervisor does not tell genscope how many writes its guest made. */
    @Override
    public WorkloadStats stats() {
        return new WorkloadStats(0, 0);
    }

    /** The guest is the hypervisor's: closing lets go of it, nothing more. */
    @Override
    public void close() {
    }
}
