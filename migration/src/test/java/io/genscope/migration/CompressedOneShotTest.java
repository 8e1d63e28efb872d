package io.genscope.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.compress.Compression;
import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.report.RoundReport;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticWorkload;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With compression on, gmig's tags still describe the copy the destination gets: pages the GPU
 * changes after the one-shot round are resent (as small deltas with --compress delta), pages it
 * rewrote with the same bytes are skipped, and the migration verifies.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressedOneShotTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"LZ4", "DELTA"})
    void gpuWritesAfterTheOneShotRoundAreResentAndNothingElse(Compression c) throws Exception {
        SyntheticSpec spec = SyntheticSpec.parse(
                "synthetic:memory=16M,graphics=4M,gpu-hot=1M,gpu-rate=0,cpu-rate=0,seed=4,compressibility=3");
        int[] changed = {100, 200, 300, 400, 777};
        int[] same = {500, 600};
        try (SyntheticWorkload w = SyntheticWorkload.create(spec)) {
            Vgpu vgpu = w.vgpu();
            MigrationHooks hooks = new MigrationHooks() {
                @Override
                public void afterRound(Phase phase, int round) {
                    if (phase != Phase.GPU_COPY) {
                        return;
                    }
                    ByteBuffer src = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < changed.length; i++) {
                        src.putLong(0, 0x5a5a_0000_0000_0000L | i);
                        vgpu.gpuWriteGraphics(changed[i], 64 * i, src, 0, 8);
                    }
                    for (int index : same) {
                        vgpu.memory().read(vgpu.device().gfn(index), src, 0);
                        vgpu.gpuWriteGraphics(index, 0, src, 0, PageStore.PAGE_SIZE);
                    }
                }
            };
            w.start();
            MigrationReport r = Migrator.migrate(w, "quiet", MigrationOptions.defaults(Policy.GMIG).withVerify(true),
                    new Target.File(dir.resolve("o.gsmig")), hooks, Destination.Options.DEFAULT, CompressionOptions.of(c));
            assertThat(r.error()).isNull();
            assertThat(r.verified()).isTrue();
            assertThat(r.pagesSentDowntime()).isEqualTo(changed.length);
            assertThat(r.pagesSkippedByHash()).isEqualTo(vgpu.windows().pages() - changed.length);
            RoundReport stop = r.rounds().get(r.rounds().size() - 1);
            assertThat(stop.phase()).isEqualTo("stop-copy");
            if (c == Compression.DELTA) {
                assertThat(stop.encoding().delta()).as("one word changed: a delta").isEqualTo(changed.length);
                assertThat(stop.encoding().bytesAfter()).isEqualTo(changed.length * (1 + 1 + 8));
            } else {
                assertThat(stop.encoding().lz4()).isEqualTo(changed.length);
            }
            vgpu.close();
        }
    }
}
