package io.genscope.migration.xe.precopy;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.xe.XePacket;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every VF policy migrates a 64 MiB VF into xe VF migration data that {@code XeVfReader} reads back
 * without a problem and whose restore holds the source's VRAM and state at its stop (digest). The
 * scripted tests write VRAM through the GPU between rounds, pages chosen by seed, with no writer
 * thread, so what each round must carry is known; the live ones run the writer and check only what
 * holds whatever the timing.
 */
@Timeout(120)
class VfPrecopyTest {
    private static final String QUIET = "xe-vf:quota=64M,hot=8M,rate=0,ggtt=1M,guc=4K,fill=0.5";
    private static final long QUOTA = 64L << 20;

    @TempDir
    Path dir;

    private static long seed() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("VF pre-copy seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        return seed;
    }

    /** Result, and the pages the hooks wrote after the one copy of VRAM. */
    private record Run(VfResult result, RestoredVf restored, TreeSet<Integer> writtenAfterCopy) {
    }

    private Run scripted(VfPolicy policy, long seed, boolean gpuStop) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        TreeSet<Integer> written = new TreeSet<>();
        int[] repeat = new int[80];
        try (SyntheticVf vf = SyntheticVf.create(VfSpec.parse(QUIET + ",seed=" + seed))) {
            int pages = vf.spec().pages();
            int hot = vf.hotExtentPages()[0];
            for (int i = 0; i < repeat.length; i++) {
                repeat[i] = hot + 6 * i + rnd.nextInt(6); // distinct: enough for a second hash round
            }
            VfOptions.Hooks hooks = (phase, index) -> {
                if (phase.equals("gpu-copy") || phase.equals("precopy")) {
                    // pages written after every round (hot), and fresh ones anywhere, one of them
                    // the last page and runs of neighbours
                    for (int p : repeat) {
                        vf.gpuWrite(p, rnd.nextInt(4), rnd.nextLong());
                        written.add(p);
                    }
                    for (int i = 0; i < 30; i++) {
                        int p = rnd.nextInt(pages);
                        int run = 1 + rnd.nextInt(3);
                        for (int q = p; q < Math.min(pages, p + run); q++) {
                            vf.gpuWrite(q, rnd.nextInt(4), rnd.nextLong());
                            written.add(q);
                        }
                    }
                    vf.gpuWrite(pages - 1, 3, rnd.nextLong());
                    written.add(pages - 1);
                }
            };
            Path file = dir.resolve(policy.name() + "-" + gpuStop + ".bin");
            VfResult r;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                r = VfMigration.migrate(vf, policy, VfOptions.unlimited().withGpuStop(gpuStop).withHooks(hooks), ch);
            }
            RestoredVf restored = VfRestore.restore(file, QUOTA);
            assertThat(restored.problems()).isEmpty();
            assertThat(restored.matches(vf)).as("%s: restored VRAM and state equal the source's at its stop", policy.name())
                    .isTrue();
            List<XePacket> packets = restored.data().packets();
            assertThat(packets.get(0)).isInstanceOf(XePacket.Descriptor.class);
            assertThat(packets.get(packets.size() - 1)).isInstanceOf(XePacket.Trailer.class);
            assertThat(packets).hasSize(r.packets());
            assertThat(restored.data().size()).isEqualTo(r.bytesSent());
            return new Run(r, restored, written);
        }
    }

    @Test
    void stopCopySendsTheWholeQuotaWhileStoppedInLinuxOrder() throws Exception {
        Run run = scripted(new XeStopCopy(), seed(), true);
        try (RestoredVf restored = run.restored()) {
            VfResult r = run.result();
            assertThat(r.bytesDowntime()).isEqualTo(r.bytesSent());
            assertThat(r.pagesDowntime()).isEqualTo(QUOTA / 4096);
            List<String> kinds = new ArrayList<>();
            for (XePacket p : restored.data().packets()) {
                kinds.add(p.header().typeLabel());
                if (p instanceof XePacket.Vram v) {
                    assertThat(v.header().size()).isLessThanOrEqualTo(VfRun.CHUNK_BYTES);
                }
            }
            assertThat(kinds).containsExactly("descriptor", "GuC state", "GGTT", "MMIO", "VRAM", "trailer");
            VfOrder order = restored.order();
            assertThat(order.saveOrder()).as(order.describe()).isTrue();
            assertThat(order.vramBeforeState()).isZero();
            assertThat(order.resentBytes()).isZero();
        }
    }

    @Test
    void gmigSendsExactlyThePagesWrittenAfterTheCopyInTheStop() throws Exception {
        Run run = scripted(new GmigOneShot(), seed(), true);
        try (RestoredVf restored = run.restored()) {
            VfResult r = run.result();
            assertThat(r.rounds()).extracting(VfRound::phase).containsExactly("gpu-copy", "stop-copy");
            // one write per page changes it (fresh random bytes), so the stop re-hash finds each one
            assertThat(r.pagesDowntime()).isGreaterThanOrEqualTo(run.writtenAfterCopy().size());
            assertThat(r.rounds().get(1).hashed()).isEqualTo(QUOTA / 4096);
            assertThat(r.bytesDowntime()).isLessThan(QUOTA / 10);
            // not Linux's save order, yet what its restore takes: the copy's VRAM before the state,
            // and every page sent in the stop sent before
            VfOrder order = restored.order();
            assertThat(order.saveOrder()).isFalse();
            assertThat(order.firstDeparture()).contains("packet 2 (GuC state)", "after the GT's VRAM");
            assertThat(order.vramBeforeState()).isEqualTo(1);
            assertThat(order.resentBytes()).isEqualTo(r.pagesDowntime() * 4096);
        }
    }

    @Test
    void genscopeLearnsTheHotSetAndLeavesNothingForTheStopWhenItHoldsTheGpu() throws Exception {
        Run run = scripted(new GenscopeVf(), seed(), true);
        try (RestoredVf restored = run.restored()) {
            VfResult r = run.result();
            assertThat(r.rounds()).extracting(VfRound::phase).startsWith("gpu-copy", "precopy").endsWith("gpu-stop",
                    "stop-copy");
            assertThat(r.hotPages()).isPositive();
            VfRound stop = r.rounds().get(r.rounds().size() - 1);
            assertThat(stop.pages()).isZero();
            assertThat(r.pagesDowntime()).isZero();
            assertThat(r.gpuStallMs()).isGreaterThanOrEqualTo(r.downtimeMs());
        }
    }

    @Test
    void genscopeWithoutTheGpuHoldChecksInTheStop() throws Exception {
        Run run = scripted(new GenscopeVf(), seed(), false);
        try (RestoredVf restored = run.restored()) {
            VfResult r = run.result();
            assertThat(r.rounds()).extracting(VfRound::phase).doesNotContain("gpu-stop");
            assertThat(r.pagesDowntime()).isPositive().isLessThan(QUOTA / 4096 / 10);
        }
    }

    @Test
    void everyPolicyMigratesARunningVfVerified() throws Exception {
        long seed = seed();
        for (VfPolicy policy : VfPolicy.ALL) {
            for (boolean gpuStop : new boolean[] {true, false}) {
                if (!gpuStop && !(policy instanceof GenscopeVf)) {
                    continue;
                }
                try (SyntheticVf vf = SyntheticVf.create(VfSpec.parse("xe-vf:quota=64M,hot=8M,rate=20000,ggtt=1M,guc=4K,seed="
                        + seed))) {
                    vf.start();
                    Path file = dir.resolve("live-" + policy.name() + "-" + gpuStop + ".bin");
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        VfMigration.migrate(vf, policy, VfOptions.unlimited().withGpuStop(gpuStop), ch);
                    }
                    try (RestoredVf restored = VfRestore.restore(file, QUOTA)) {
                        assertThat(restored.problems()).isEmpty();
                        assertThat(restored.matches(vf)).as(policy.name() + " gpu-stop " + gpuStop).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void scatteredPagesFitAPacketBudgetBySendingTheShortestGaps() throws Exception {
        long seed = seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        Path file = dir.resolve("budget.bin");
        try (SyntheticVf vf = SyntheticVf.create(VfSpec.parse(QUIET + ",seed=" + seed));
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TreeSet<Integer> pages = new TreeSet<>();
            while (pages.size() < 500) {
                pages.add(rnd.nextInt(vf.spec().pages()));
            }
            int[] sorted = pages.stream().mapToInt(Integer::intValue).toArray();
            int budget = 1 + rnd.nextInt(40);
            VfRun run = new VfRun(vf, VfOptions.unlimited(), ch);
            run.begin("precopy");
            run.sendPages(sorted, sorted.length, true, budget);
            run.end();
            VfRound round = run.result("test").rounds().get(0);
            assertThat(round.packets()).isBetween(1, budget);
            // every page is in a run, and each run starts and ends at a page of the list
            assertThat(round.pages()).isBetween((long) sorted.length, (long) (sorted[sorted.length - 1] - sorted[0] + 1));
            for (int p : sorted) {
                assertThat(run.tags.has(p)).isTrue();
            }
            run.close();
        }
    }

    @Test
    void aDamagedStreamRestoresWithProblemsNotExceptions() throws IOException {
        Path file = dir.resolve("short.bin");
        java.nio.file.Files.write(file, new byte[] {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0,
            1, 0, 0});
        try (RestoredVf restored = VfRestore.restore(file, QUOTA)) {
            assertThat(restored.problems()).isNotEmpty();
            assertThat(restored.state().deviceId()).isEqualTo(-1);
        }
    }

    @Test
    void mutatedStreamsRestoreWithProblemsNeverAnException() throws Exception {
        long seed = seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        Path good = dir.resolve("good.bin");
        try (SyntheticVf vf = SyntheticVf.create(VfSpec.parse("xe-vf:quota=8M,hot=2M,rate=0,ggtt=64K,guc=4K,seed=" + seed));
                FileChannel ch = FileChannel.open(good, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            VfOptions.Hooks hooks = (phase, index) -> vf.gpuWrite(rnd.nextInt(vf.spec().pages()), 0, rnd.nextLong());
            VfMigration.migrate(vf, new GenscopeVf(), VfOptions.unlimited().withHooks(hooks), ch);
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(good);
        java.util.List<XePacket> packets = VfRestore.restore(good, 8L << 20).data().packets();
        for (int c = 0; c < 20; c++) {
            byte[] bad = bytes.clone();
            // a header byte of a random packet, or any byte; sometimes the file cut short
            XePacket p = packets.get(rnd.nextInt(packets.size()));
            int at = rnd.nextBoolean() ? (int) p.at() + rnd.nextInt(24) : rnd.nextInt(bad.length);
            bad[at] ^= (byte) (1 + rnd.nextInt(255));
            int length = rnd.nextInt(4) == 0 ? rnd.nextInt(bad.length) : bad.length;
            Path file = dir.resolve("bad-" + c + ".bin");
            java.nio.file.Files.write(file, java.util.Arrays.copyOf(bad, length));
            try (RestoredVf restored = VfRestore.restore(file, 8L << 20)) {
                // a flip in VRAM bytes is no problem of the format; every other damage is reported
                assertThat(restored.problems()).allSatisfy(pr -> assertThat(pr.offset()).isBetween(0L, (long) length));
            }
        }
    }

    @Test
    void specParsesAndRefusesNonsense() {
        assertThat(VfSpec.parse("xe-vf").quota()).isEqualTo(4L << 30);
        assertThat(VfSpec.parse("xe-vf:quota=64M").hot()).isEqualTo(8L << 20);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VfSpec.parse("xe-vf:quota=32G"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16G");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VfSpec.parse("xe-vf:colour=blue"))
                .hasMessageContaining("colour");
    }
}
