package io.genscope.migration.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.state.VgpuDigest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Holding the vGPU alone (genscope's GPU stop): no GPU write lands while it is held, CPU writes go
 * on until the whole workload pauses, and both resume.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GpuHoldTest {
    private static final SyntheticSpec BUSY = SyntheticSpec.parse(
            "synthetic:memory=32M,graphics=8M,gpu-hot=2M,cpu-hot=4M,gpu-rate=20000,cpu-rate=20000,seed=5");

    @Test
    void aHeldVgpuWritesNothingWhileTheCpuRunsOn() throws Exception {
        try (SyntheticWorkload w = SyntheticWorkload.create(BUSY)) {
            assertThat(w.canPauseGpu()).isTrue();
            w.start();
            waitForWrites(w, 200, 200);
            w.pauseGpu();
            long gpu = w.stats().gpuWrites();
            long cpu = w.stats().cpuWrites();
            waitForWrites(w, 0, cpu + 100);
            assertThat(w.stats().cpuWrites()).as("CPU writes go on").isGreaterThan(cpu);
            assertThat(w.stats().gpuWrites()).as("GPU writes while the vGPU is held").isEqualTo(gpu);
            w.pause();
            VgpuDigest quiet = VgpuDigest.of(w.vgpu());
            Thread.sleep(50);
            assertThat(VgpuDigest.of(w.vgpu())).as("paused: memory frozen").isEqualTo(quiet);
            w.resume();
            w.resumeGpu();
            waitForWrites(w, gpu + 100, 0);
            assertThat(w.stats().gpuWrites()).isGreaterThan(gpu);
            w.vgpu().close();
        }
    }

    private static void waitForWrites(Workload w, long gpu, long cpu) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((w.stats().gpuWrites() < gpu || w.stats().cpuWrites() < cpu) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
