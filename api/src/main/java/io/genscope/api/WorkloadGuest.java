package io.genscope.api;

import io.genscope.migration.dirty.DirtyBitmap;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.workload.Workload;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * genscope's own workloads (synthetic, capture-driven) seen through the hypervisor's interface,
 * so that a migration of them runs the very path a hypervisor's guest does: memory as buffers,
 * the CPU writes through a dirty log fetched and cleared at each sync, the GPU writes unlogged,
 * the pause controls, the device state converted both ways.
 */
final class WorkloadGuest implements MigratableGuest {
    private final Workload workload;
    private final DirtyBitmap log;
    private final ByteBuffer[] memory;
    private final Function<Vgpu, VgpuState> state;

    /**
     * Wraps {@code workload} (not started yet): every slab of its memory is allocated now, so that
     * the buffers cover the whole guest; its CPU writes go to a log of the wrapper's.
     */
    WorkloadGuest(Workload workload, Function<Vgpu, VgpuState> state) {
        this.workload = workload;
        this.state = state;
        Vgpu vgpu = workload.vgpu();
        PageStore store = vgpu.memory();
        memory = new ByteBuffer[store.slabCount()];
        for (int s = 0; s < memory.length; s++) {
            memory[s] = store.slab(s * PageStore.PAGES_PER_SLAB).duplicate().clear();
        }
        log = new DirtyBitmap(store.pageCount());
        vgpu.attachDirtyLog(log);
    }

    @Override
    public ByteBuffer[] memory() {
        return memory.clone();
    }

    @Override
    public VgpuState deviceState() {
        return state.apply(workload.vgpu());
    }

    @Override
    public void fetchAndClearDirtyLog(long[] bitmap) {
        for (int w = 0; w < bitmap.length && w < log.wordCount(); w++) {
            bitmap[w] |= log.harvestWord(w, 0);
        }
    }

    @Override
    public void pause() {
        workload.pause();
    }

    @Override
    public void resume() {
        workload.resume();
    }

    @Override
    public boolean canPauseVgpu() {
        return workload.canPauseGpu();
    }

    @Override
    public void pauseVgpu() {
        workload.pauseGpu();
    }

    @Override
    public void resumeVgpu() {
        workload.resumeGpu();
    }
}
