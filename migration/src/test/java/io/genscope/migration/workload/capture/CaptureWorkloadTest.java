package io.genscope.migration.workload.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.migration.dirty.DirtyBitmap;
import io.genscope.migration.dirty.PageSet;
import io.genscope.migration.state.VgpuDigest;
import io.genscope.migration.workload.Workload;
import io.genscope.migration.workload.WorkloadSpec;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The capture-driven workload on iris-tgl: placement, logging, determinism, pause and resume. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CaptureWorkloadTest {
    static final String SMALL = "capture:" + CaptureTraceTest.IRIS_TGL + ",memory=64M,graphics=16M";

    private static CaptureWorkload create(String spec) throws Exception {
        return CaptureWorkload.create(CaptureSpec.parse(spec));
    }

    @Test
    void parsesItsParameters() {
        CaptureSpec s = CaptureSpec.parse("capture:x.aub.xz,speed=2.5,loop,graphics=64M,seed=7");
        assertThat(s.file()).isEqualTo(Path.of("x.aub.xz"));
        assertThat(s.speed()).isEqualTo(2.5);
        assertThat(s.loop()).isTrue();
        assertThat(s.memoryBytes()).isEqualTo(1L << 30);
        assertThat(s.graphicsBytes()).isEqualTo(64L << 20);
        assertThat(s.seed()).isEqualTo(7);
        assertThat(CaptureSpec.parse(s.describe())).isEqualTo(s);
        assertThat(CaptureSpec.parse("capture:y.aub").loop()).isFalse();
        assertThatThrownBy(() -> CaptureSpec.parse("capture:y.aub,speed=0")).hasMessageContaining("speed");
        assertThatThrownBy(() -> CaptureSpec.parse("capture:y.aub,colour=red")).hasMessageContaining("unknown parameter");
        assertThatThrownBy(() -> CaptureSpec.parse("capture:y.aub,graphics=1G,memory=1G")).hasMessageContaining("graphics");
        assertThat(WorkloadSpec.parse("capture:y.aub")).isInstanceOf(WorkloadSpec.Capture.class);
        assertThat(WorkloadSpec.parse("synthetic")).isInstanceOf(WorkloadSpec.Synthetic.class);
    }

    @Test
    void capturePagesAreGraphicsPagesAndHoldTheCapture() throws Exception {
        try (CaptureWorkload w = create(SMALL)) {
            PageSet graphics = w.vgpu().graphicsPages();
            Set<Integer> gfns = new HashSet<>();
            for (int p = 0; p < w.trace().pages(); p++) {
                assertThat(graphics.contains(w.gfnOfPage(p))).as("capture page %d", p).isTrue();
                gfns.add(w.gfnOfPage(p));
            }
            assertThat(gfns).hasSize(w.trace().pages());
            // the last CPU write of the capture is in guest memory
            CaptureTrace t = w.trace();
            int last = -1;
            for (int e = 0; e < t.events(); e++) {
                if (!t.isGpu(e)) {
                    last = e;
                }
            }
            int gfn = w.gfnOfPage(t.page()[last]);
            java.nio.ByteBuffer page = java.nio.ByteBuffer.allocate(4096);
            w.vgpu().memory().read(gfn, page, 0);
            for (int i = 0; i < t.length()[last]; i++) {
                assertThat(page.get(t.offset()[last] + i)).isEqualTo(t.blob()[(int) t.data()[last] + i]);
            }
            w.vgpu().close();
        }
    }

    @Test
    void cpuWritesAreLoggedGpuWritesAreNot() throws Exception {
        try (CaptureWorkload w = create(SMALL)) {
            DirtyBitmap log = new DirtyBitmap(w.vgpu().memory().pageCount());
            w.vgpu().attachDirtyLog(log);
            w.replayPasses(1);
            Set<Integer> cpu = new HashSet<>();
            Set<Integer> gpuOnly = new HashSet<>();
            CaptureTrace t = w.trace();
            for (int e = 0; e < t.events(); e++) {
                (t.isGpu(e) ? gpuOnly : cpu).add(w.gfnOfPage(t.page()[e]));
            }
            gpuOnly.removeAll(cpu);
            assertThat(gpuOnly).isNotEmpty();
            Set<Integer> dirty = new HashSet<>();
            log.harvest(dirty::add);
            assertThat(dirty).isEqualTo(cpu);
            assertThat(w.stats().gpuWrites()).isEqualTo(t.events() - t.cpuEvents());
            assertThat(w.stats().cpuWrites()).isEqualTo(t.cpuEvents());
            w.vgpu().close();
        }
    }

    @Test
    void replayIsDeterministicForASeed() throws Exception {
        VgpuDigest a;
        VgpuDigest b;
        VgpuDigest other;
        VgpuDigest onePass;
        try (CaptureWorkload w = create(SMALL + ",seed=3")) {
            w.replayPasses(3);
            a = VgpuDigest.of(w.vgpu());
            w.vgpu().close();
        }
        try (CaptureWorkload w = create(SMALL + ",seed=3")) {
            w.replayPasses(3);
            b = VgpuDigest.of(w.vgpu());
            w.vgpu().close();
        }
        try (CaptureWorkload w = create(SMALL + ",seed=4")) {
            w.replayPasses(3);
            other = VgpuDigest.of(w.vgpu());
            w.vgpu().close();
        }
        try (CaptureWorkload w = create(SMALL + ",seed=3")) {
            w.replayPasses(1);
            onePass = VgpuDigest.of(w.vgpu());
            w.vgpu().close();
        }
        assertThat(a).isEqualTo(b);
        assertThat(other).isNotEqualTo(a);
        assertThat(onePass).as("each pass leaves new GPU output").isNotEqualTo(a);
    }

    @Test
    void pauseQuiescesAndResumeContinues() throws Exception {
        try (Workload w = WorkloadSpec.parse(SMALL + ",loop,speed=20").create()) {
            w.start();
            awaitWrites(w, 1);
            w.pause();
            Workload.WorkloadStats s1 = w.stats();
            VgpuDigest d1 = VgpuDigest.of(w.vgpu());
            Thread.sleep(150);
            assertThat(w.stats()).isEqualTo(s1);
            assertThat(VgpuDigest.of(w.vgpu())).isEqualTo(d1);
            w.resume();
            awaitWrites(w, s1.gpuWrites() + 1);
            w.close();
            Workload.WorkloadStats s2 = w.stats();
            Thread.sleep(50);
            assertThat(w.stats()).as("closed").isEqualTo(s2);
            w.vgpu().close();
        }
    }

    @Test
    void withoutLoopOnePassAndThenQuiet() throws Exception {
        try (CaptureWorkload w = create(SMALL + ",speed=100")) {
            w.start();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (w.passes() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(w.passes()).isEqualTo(1);
            Thread.sleep(100);
            assertThat(w.passes()).isEqualTo(1);
            assertThat(w.stats().gpuWrites()).isEqualTo(w.trace().events() - w.trace().cpuEvents());
            w.close();
            w.vgpu().close();
        }
    }

    private static void awaitWrites(Workload w, long gpuWrites) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (w.stats().gpuWrites() < gpuWrites && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(w.stats().gpuWrites()).isGreaterThanOrEqualTo(gpuWrites);
    }
}
