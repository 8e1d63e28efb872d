package io.genscope.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticWorkload;
import io.genscope.migration.workload.Workload;
import io.genscope.migration.workload.WorkloadSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The genscope policy never loses a write: pages the GPU changes while the hot set is learned are
 * left out of the one-shot round and sent at the stop; pages the GPU changes after their one-shot
 * copy are found by their hash; CPU-dirty graphics pages are resent only when their bytes changed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GenscopePolicyTest {
    @TempDir
    Path dir;

    /** Writes at exact moments of a genscope migration, on graphics pages chosen by seed. */
    private static final class Writes implements MigrationHooks {
        final Vgpu vgpu;
        final int[] hot;
        final int[] gpuAfterCopy;
        final int[] cpuSameBytes;
        final int[] cpuNewBytes;
        /** Written by the CPU after the GPU-stop round checked them (vGPU held, vCPUs running). */
        int[] cpuDuringHold = new int[0];
        final Map<Integer, byte[]> expected = new HashMap<>();
        boolean preHashed;
        boolean copied;

        Writes(Vgpu vgpu, int[] hot, int[] gpuAfterCopy, int[] cpuSameBytes, int[] cpuNewBytes) {
            this.vgpu = vgpu;
            this.hot = hot;
            this.gpuAfterCopy = gpuAfterCopy;
            this.cpuSameBytes = cpuSameBytes;
            this.cpuNewBytes = cpuNewBytes;
        }

        @Override
        public void preHashed() {
            preHashed = true;
            ByteBuffer src = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < hot.length; i++) {
                src.putLong(0, 0x4807_0000_0000_0000L | i);
                vgpu.gpuWriteGraphics(hot[i], 8 * (i % 512), src, 0, 8);
            }
        }

        @Override
        public void afterRound(Phase phase, int round) {
            if (phase == Phase.GPU_STOP) {
                ByteBuffer src = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < cpuDuringHold.length; i++) {
                    src.putLong(0, 0x4011_0000_0000_0000L | i);
                    vgpu.cpuWrite(vgpu.device().gfn(cpuDuringHold[i]), 128, src, 0, 8);
                    remember(cpuDuringHold[i]);
                }
                return;
            }
            if (phase != Phase.GPU_COPY) {
                return;
            }
            copied = true;
            ByteBuffer src = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < gpuAfterCopy.length; i++) {
                src.putLong(0, 0x5a5a_0000_0000_0000L | i);
                vgpu.gpuWriteGraphics(gpuAfterCopy[i], 8 * (i % 512), src, 0, 8);
                remember(gpuAfterCopy[i]);
            }
            for (int index : cpuSameBytes) {
                int gfn = vgpu.device().gfn(index);
                ByteBuffer same = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE);
                vgpu.memory().read(gfn, same, 0);
                vgpu.cpuWrite(gfn, 512, same, 512, 256);
            }
            for (int i = 0; i < cpuNewBytes.length; i++) {
                src.putLong(0, 0xc0c0_0000_0000_0000L | i);
                vgpu.cpuWrite(vgpu.device().gfn(cpuNewBytes[i]), 64, src, 0, 8);
                remember(cpuNewBytes[i]);
            }
        }

        private void remember(int index) {
            int gfn = vgpu.device().gfn(index);
            ByteBuffer copy = ByteBuffer.allocate(PageStore.PAGE_SIZE);
            vgpu.memory().read(gfn, copy, 0);
            expected.put(gfn, copy.array().clone());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "gpu stop {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void hotPagesWaitForTheStopAndNothingIsLost(boolean gpuStop) throws Exception {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("genscope policy seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.quiet(seed))) {
            int graphicsPages = w.vgpu().windows().pages();
            Set<Integer> chosen = new HashSet<>();
            while (chosen.size() < 55) {
                chosen.add(SyntheticSpec.RESERVED_GRAPHICS_PAGES + rnd.nextInt(graphicsPages - SyntheticSpec.RESERVED_GRAPHICS_PAGES));
            }
            List<Integer> all = new ArrayList<>(chosen);
            int[] hot = ints(all.subList(0, 10));
            int[] gpuAfter = ints(all.subList(10, 30));
            int[] cpuSame = ints(all.subList(30, 40));
            int[] cpuNew = ints(all.subList(40, 50));
            Writes hooks = new Writes(w.vgpu(), hot, gpuAfter, cpuSame, cpuNew);
            hooks.cpuDuringHold = gpuStop ? ints(all.subList(50, 55)) : new int[0];
            Map<Integer, byte[]> atDestination = new HashMap<>();
            Destination.Options dest = new Destination.Options(Receiver.Options.DEFAULT, c -> {
                for (int gfn : hooks.expected.keySet()) {
                    ByteBuffer b = ByteBuffer.allocate(PageStore.PAGE_SIZE);
                    c.vgpu().memory().read(gfn, b, 0);
                    atDestination.put(gfn, b.array().clone());
                }
            });
            Path file = dir.resolve("genscope.gsmig");
            w.start();
            MigrationReport r = Migrator.migrate(w, "quiet",
                    MigrationOptions.defaults(Policy.GENSCOPE).withVerify(true).withGpuStop(gpuStop), new Target.File(file),
                    hooks, dest);
            assertThat(hooks.preHashed).isTrue();
            assertThat(hooks.copied).isTrue();
            assertThat(r.error()).isNull();
            assertThat(r.verified()).isTrue();
            Map<Phase, Set<Long>> byPhase = OneShotResendTest.pagesByPhase(file);
            Set<Long> oneShot = byPhase.get(Phase.GPU_COPY);
            // with the GPU stop, the checks of the stop happen in the GPU-stop round (vGPU held)
            Set<Long> stop = new HashSet<>(byPhase.getOrDefault(gpuStop ? Phase.GPU_STOP : Phase.STOP_COPY, Set.of()));
            Set<Long> finalRound = byPhase.getOrDefault(Phase.STOP_COPY, Set.of());
            assertThat(byPhase.containsKey(Phase.GPU_STOP)).as("a GPU-stop round").isEqualTo(gpuStop);
            if (gpuStop) {
                assertThat(r.gpuStallMs()).isGreaterThan(r.downtimeMs());
                Set<Long> held = new HashSet<>();
                for (int index : hooks.cpuDuringHold) {
                    held.add((long) w.vgpu().device().gfn(index));
                }
                assertThat(finalRound).as("pages the CPU wrote after the GPU-stop round checked them").isEqualTo(held);
            }
            for (int index : hot) {
                long gfn = w.vgpu().device().gfn(index);
                assertThat(oneShot).as("hot graphics page %d left out of the one-shot round", index).doesNotContain(gfn);
                assertThat(stop).as("hot graphics page %d sent at the stop", index).contains(gfn);
            }
            for (int index : gpuAfter) {
                assertThat(stop).as("graphics page %d changed by the GPU after its copy", index)
                        .contains((long) w.vgpu().device().gfn(index));
            }
            for (int index : cpuNew) {
                assertThat(stop).as("graphics page %d changed by the CPU after its copy", index)
                        .contains((long) w.vgpu().device().gfn(index));
            }
            for (int index : cpuSame) {
                assertThat(stop).as("graphics page %d written by the CPU with the bytes it had", index)
                        .doesNotContain((long) w.vgpu().device().gfn(index));
            }
            assertThat(stop).hasSize(hot.length + gpuAfter.length + cpuNew.length);
            assertThat(oneShot).hasSize(graphicsPages - hot.length);
            assertThat(r.pagesSkippedByHash()).isEqualTo(graphicsPages - hot.length - gpuAfter.length - cpuNew.length);
            for (Map.Entry<Integer, byte[]> e : hooks.expected.entrySet()) {
                assertThat(atDestination.get(e.getKey())).isEqualTo(e.getValue());
            }
            w.vgpu().close();
        }
    }

    /** gmig, for contrast: the dirty log alone decides, so a same-bytes CPU write is resent. */
    @Test
    void gmigResendsCpuDirtyGraphicsPagesWhateverTheirBytes() throws Exception {
        try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.quiet(11))) {
            Writes hooks = new Writes(w.vgpu(), new int[0], new int[0], new int[] {300, 301}, new int[0]);
            w.start();
            MigrationReport r = Migrator.migrate(w, "quiet", MigrationOptions.defaults(Policy.GMIG).withVerify(true),
                    new Target.File(dir.resolve("g.gsmig")), hooks, Destination.Options.DEFAULT);
            assertThat(r.verified()).isTrue();
            assertThat(r.pagesSentDowntime()).isEqualTo(2);
            w.vgpu().close();
        }
    }

    @Test
    void verifyCatchesWhatAHashCollisionWouldLose() throws Exception {
        try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.quiet(9))) {
            Writes hooks = new Writes(w.vgpu(), new int[0], new int[] {123}, new int[0], new int[0]);
            w.start();
            MigrationReport r = Migrator.migrate(w, "quiet", MigrationOptions.defaults(Policy.GENSCOPE).withVerify(true)
                    .withHash(TestVgpus.COLLIDING), new Target.File(dir.resolve("c.gsmig")), hooks, Destination.Options.DEFAULT);
            assertThat(r.completed()).isTrue();
            assertThat(r.verified()).isFalse();
            assertThat(r.error()).startsWith("verification failed");
            w.vgpu().close();
        }
    }

    /** Every policy migrates the looping capture workload, with its GPU writes racing the copy, verified. */
    @Test
    void everyPolicyMigratesALoopingCaptureVerified() throws Exception {
        String spec = "capture:" + System.getProperty("genscope.fixtures", "../fixtures")
                + "/captures/iris-tgl.aub.xz,loop,speed=4,memory=64M,graphics=16M";
        for (Policy p : Policy.values()) {
            try (Workload w = WorkloadSpec.parse(spec).create()) {
                w.start();
                MigrationReport r = Migrator.migrate(w, spec, MigrationOptions.defaults(p).withVerify(true),
                        new Target.File(dir.resolve("cap-" + p.cliName() + ".gsmig")), LiveRounds.untilTheGpuHasWritten(w),
                        Destination.Options.DEFAULT);
                assertThat(r.error()).as(p.cliName()).isNull();
                assertThat(r.verified()).as(p.cliName()).isTrue();
                if (p != Policy.STOP_COPY) {
                    // stop-copy stops right after SETUP: no copy for the GPU to race
                    assertThat(r.gpuWrites()).as(p.cliName()).isPositive();
                }
                w.close();
                w.vgpu().close();
            }
        }
    }

    /** The same over loopback TCP, with the GPU writes of a fast loop. */
    @Test
    void genscopeMigratesALoopingCaptureOverTcp() throws Exception {
        String spec = "capture:" + System.getProperty("genscope.fixtures", "../fixtures")
                + "/captures/iris-tgl.aub.xz,loop,speed=8,memory=64M,graphics=16M";
        List<Destination.Result> results = new ArrayList<>();
        try (io.genscope.migration.transport.ReceiverServer server = new io.genscope.migration.transport.ReceiverServer(
                "127.0.0.1", 0, Destination.Options.DEFAULT, 20_000);
                Workload w = WorkloadSpec.parse(spec).create()) {
            Thread t = new Thread(() -> {
                try {
                    server.serve(1, results::add);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.start();
            w.start();
            MigrationReport r = Migrator.migrate(w, spec, MigrationOptions.defaults(Policy.GENSCOPE).withVerify(true),
                    new Target.Tcp("127.0.0.1", server.port()), MigrationHooks.NONE, Destination.Options.DEFAULT);
            t.join(30_000);
            assertThat(r.error()).isNull();
            assertThat(r.verified()).isTrue();
            assertThat(results).hasSize(1);
            assertThat(results.get(0).committed()).isTrue();
            w.close();
            w.vgpu().close();
        }
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
