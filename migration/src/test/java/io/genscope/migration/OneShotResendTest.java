package io.genscope.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.stream.EndInfo;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.stream.SetupInfo;
import io.genscope.migration.stream.StreamReader;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticWorkload;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
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
 * gMig's guarantee: a graphics page the GPU changes after the one-shot round copied it is sent
 * again during the stop, although the dirty log never saw the write; a page the GPU rewrote with
 * identical bytes is skipped by its hash.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OneShotResendTest {
    @TempDir
    Path dir;

    /** Writes done by the hook right after the one-shot round, on graphics pages chosen by seed. */
    private static final class GpuWritesAfterOneShot implements MigrationHooks {
        final Vgpu vgpu;
        final int[] changed;
        final int[] rewrittenSame;
        final Map<Integer, byte[]> expected = new HashMap<>();
        boolean done;

        GpuWritesAfterOneShot(Vgpu vgpu, int[] changed, int[] rewrittenSame) {
            this.vgpu = vgpu;
            this.changed = changed;
            this.rewrittenSame = rewrittenSame;
        }

        @Override
        public void afterRound(Phase phase, int round) {
            if (phase != Phase.GPU_COPY) {
                return;
            }
            done = true;
            ByteBuffer src = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < changed.length; i++) {
                int gfn = vgpu.device().gfn(changed[i]);
                src.putLong(0, 0x5a5a_0000_0000_0000L | i);
                vgpu.gpuWriteGraphics(changed[i], 8 * (i % 512), src, 0, 8);
                byte[] page = new byte[PageStore.PAGE_SIZE];
                ByteBuffer copy = ByteBuffer.allocate(PageStore.PAGE_SIZE);
                vgpu.memory().read(gfn, copy, 0);
                copy.get(0, page);
                expected.put(gfn, page);
            }
            for (int index : rewrittenSame) {
                int gfn = vgpu.device().gfn(index);
                ByteBuffer same = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE);
                vgpu.memory().read(gfn, same, 0);
                vgpu.gpuWriteGraphics(index, 0, same, 0, PageStore.PAGE_SIZE);
            }
        }
    }

    /** Which pages each phase's round carried, read back from the recorded stream. */
    static Map<Phase, Set<Long>> pagesByPhase(Path file) throws Exception {
        Map<Phase, Set<Long>> out = new HashMap<>();
        Phase[] current = {null};
        try (FileChannel in = FileChannel.open(file)) {
            StreamReader.Result r = new StreamReader(in, new StreamReader.Handler() {
                public String setup(SetupInfo s) {
                    return null;
                }

                public String roundBegin(long round, Phase phase) {
                    current[0] = phase;
                    return null;
                }

                public String roundEnd(long round, long pages, long zeroPages) {
                    return null;
                }

                public String page(long page, ByteBuffer b, int off) {
                    out.computeIfAbsent(current[0], k -> new HashSet<>()).add(page);
                    return null;
                }

                public String zeroPage(long page) {
                    return page(page, null, 0);
                }

                public String device(long id, long offset, ByteBuffer b, int off, int len) {
                    return null;
                }

                public String end(EndInfo e) {
                    return null;
                }
            }).read();
            assertThat(r.ok()).as("%s", r.rejection()).isTrue();
        }
        return out;
    }

    @Test
    void gpuWriteAfterOneShotCopyIsAlwaysResent() throws Exception {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("one-shot resend seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        SyntheticSpec spec = TestVgpus.quiet(seed);
        try (SyntheticWorkload w = SyntheticWorkload.create(spec)) {
            int graphicsPages = w.vgpu().windows().pages();
            Set<Integer> chosen = new HashSet<>();
            while (chosen.size() < 40) {
                chosen.add(SyntheticSpec.RESERVED_GRAPHICS_PAGES + rnd.nextInt(graphicsPages - SyntheticSpec.RESERVED_GRAPHICS_PAGES));
            }
            List<Integer> all = new ArrayList<>(chosen);
            int[] changed = all.subList(0, 30).stream().mapToInt(Integer::intValue).toArray();
            int[] same = all.subList(30, 40).stream().mapToInt(Integer::intValue).toArray();
            // a graphics page that was all zero when copied, then written
            for (int i = SyntheticSpec.RESERVED_GRAPHICS_PAGES; i < graphicsPages; i++) {
                if (w.vgpu().memory().isZero(w.vgpu().device().gfn(i)) && !chosen.contains(i)) {
                    changed[0] = i;
                    break;
                }
            }
            GpuWritesAfterOneShot hooks = new GpuWritesAfterOneShot(w.vgpu(), changed, same);
            Map<Integer, byte[]> atDestination = new HashMap<>();
            Destination.Options dest = new Destination.Options(Receiver.Options.DEFAULT, c -> {
                for (int gfn : hooks.expected.keySet()) {
                    ByteBuffer b = ByteBuffer.allocate(PageStore.PAGE_SIZE);
                    c.vgpu().memory().read(gfn, b, 0);
                    atDestination.put(gfn, b.array().clone());
                }
            });
            Path file = dir.resolve("oneshot.gsmig");
            w.start();
            MigrationReport r = Migrator.migrate(w, "quiet", MigrationOptions.defaults(Policy.GMIG).withVerify(true),
                    new Target.File(file), hooks, dest);
            assertThat(hooks.done).isTrue();
            assertThat(r.error()).isNull();
            assertThat(r.verified()).isTrue();
            Set<Long> stopPages = pagesByPhase(file).get(Phase.STOP_COPY);
            for (int index : changed) {
                long gfn = w.vgpu().device().gfn(index);
                assertThat(stopPages).as("graphics page %d (gfn 0x%x) changed by the GPU after the one-shot copy", index, gfn)
                        .contains(gfn);
            }
            for (int index : same) {
                assertThat(stopPages).as("graphics page %d rewritten with the same bytes", index)
                        .doesNotContain((long) w.vgpu().device().gfn(index));
            }
            assertThat(stopPages).hasSize(changed.length);
            assertThat(r.pagesSkippedByHash()).isEqualTo(graphicsPages - changed.length);
            for (Map.Entry<Integer, byte[]> e : hooks.expected.entrySet()) {
                assertThat(atDestination.get(e.getKey())).isEqualTo(e.getValue());
            }
            w.vgpu().close();
        }
    }

    /**
     * Like gMig's walk over both bitmaps, the one-shot round also carries the CPU-dirty pages
     * outside graphics memory it finds; the stop carries only those dirtied after it.
     */
    @Test
    void cpuDirtyPagesTravelWithTheOneShotRound() throws Exception {
        SyntheticSpec spec = TestVgpus.quiet(11);
        try (SyntheticWorkload w = SyntheticWorkload.create(spec)) {
            Vgpu v = w.vgpu();
            List<Integer> system = new ArrayList<>();
            var graphics = v.graphicsPages();
            for (int p = 0; p < v.memory().pageCount() && system.size() < 20; p += 37) {
                if (!graphics.contains(p)) {
                    system.add(p);
                }
            }
            Set<Long> beforeOneShot = new HashSet<>();
            Set<Long> afterOneShot = new HashSet<>();
            MigrationHooks hooks = new MigrationHooks() {
                @Override
                public void afterRound(Phase phase, int round) {
                    ByteBuffer src = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
                    src.putLong(0, 0x1234_0000L + round);
                    List<Integer> half = phase == Phase.PRECOPY ? system.subList(0, 10) : system.subList(10, 20);
                    Set<Long> into = phase == Phase.PRECOPY ? beforeOneShot : afterOneShot;
                    if (phase == Phase.STOP_COPY) {
                        return;
                    }
                    for (int gfn : half) {
                        v.cpuWrite(gfn, 64, src, 0, 8);
                        into.add((long) gfn);
                    }
                }
            };
            Path file = dir.resolve("cpu-in-oneshot.gsmig");
            w.start();
            MigrationReport r = Migrator.migrate(w, "quiet", MigrationOptions.defaults(Policy.GMIG).withVerify(true),
                    new Target.File(file), hooks, Destination.Options.DEFAULT);
            assertThat(r.error()).isNull();
            assertThat(r.verified()).isTrue();
            Map<Phase, Set<Long>> byPhase = pagesByPhase(file);
            assertThat(byPhase.get(Phase.GPU_COPY)).containsAll(beforeOneShot);
            assertThat(byPhase.get(Phase.STOP_COPY)).containsExactlyInAnyOrderElementsOf(afterOneShot);
            v.close();
        }
    }

    @Test
    void samplingPreFilterFindsTheSameChanges() throws Exception {
        SyntheticSpec spec = TestVgpus.quiet(5);
        try (SyntheticWorkload w = SyntheticWorkload.create(spec)) {
            int[] changed = {100, 200, 300, 400};
            GpuWritesAfterOneShot hooks = new GpuWritesAfterOneShot(w.vgpu(), changed, new int[] {500});
            w.start();
            MigrationReport r = Migrator.migrate(w, "quiet", MigrationOptions.defaults(Policy.GMIG).withVerify(true)
                    .withSampling(true), new Target.File(dir.resolve("s.gsmig")), hooks, Destination.Options.DEFAULT);
            assertThat(r.verified()).isTrue();
            assertThat(r.pagesSentDowntime()).isEqualTo(changed.length);
            assertThat(r.pagesSkippedByHash()).isEqualTo(w.vgpu().windows().pages() - changed.length);
            w.vgpu().close();
        }
    }

    @Test
    void precopyResendsEveryGraphicsPageAtTheStop() throws Exception {
        SyntheticSpec spec = TestVgpus.quiet(6);
        try (SyntheticWorkload w = SyntheticWorkload.create(spec)) {
            w.start();
            MigrationReport r = Migrator.migrate(w, "quiet", MigrationOptions.defaults(Policy.PRECOPY).withVerify(true),
                    new Target.File(dir.resolve("p.gsmig")), MigrationHooks.NONE, Destination.Options.DEFAULT);
            assertThat(r.verified()).isTrue();
            assertThat(r.pagesSentDowntime()).isEqualTo(w.vgpu().windows().pages());
            w.vgpu().close();
        }
    }

    /**
     * A hash that collides for every page makes gmig skip changed pages: the data would be lost
     * silently, and --verify is what catches it.
     */
    @Test
    void verifyCatchesWhatAHashCollisionWouldLose() throws Exception {
        try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.quiet(9))) {
            GpuWritesAfterOneShot hooks = new GpuWritesAfterOneShot(w.vgpu(), new int[] {123}, new int[0]);
            w.start();
            MigrationReport r = Migrator.migrate(w, "quiet", MigrationOptions.defaults(Policy.GMIG).withVerify(true)
                    .withHash(TestVgpus.COLLIDING), new Target.File(dir.resolve("c.gsmig")), hooks, Destination.Options.DEFAULT);
            assertThat(r.completed()).isTrue();
            assertThat(r.pagesSentDowntime()).isZero();
            assertThat(r.verified()).isFalse();
            assertThat(r.succeeded()).isFalse();
            assertThat(r.error()).startsWith("verification failed");
            w.vgpu().close();
        }
    }
}
