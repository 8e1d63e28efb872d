package io.genscope.migration.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.migration.Migrator;
import io.genscope.migration.LiveRounds;
import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.report.RoundReport;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The policy simulation on recorded histories: the recorded policy re-run on its own recording
 * gives back exactly the rounds, pages and stream bytes the migration reported; other policies
 * follow the model in docs/migration.md.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PolicySimulationTest {
    private static final SyntheticSpec BUSY = SyntheticSpec.parse(
            "synthetic:memory=32M,graphics=8M,gpu-hot=2M,gpu-rate=20000,cpu-rate=5000,cpu-hot=4M,seed=41");

    @TempDir
    Path dir;

    private MigrationReport record(Policy policy, Path file) throws Exception {
        try (SyntheticWorkload w = SyntheticWorkload.create(BUSY)) {
            w.start();
            Thread.sleep(50);
            MigrationReport r = Migrator.migrate(w, "busy", MigrationOptions.defaults(policy), new Target.File(file),
                    MigrationHooks.NONE, Destination.Options.DEFAULT);
            assertThat(r.error()).isNull();
            w.vgpu().close();
            return r;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Policy.class, names = {"PRECOPY", "GMIG"})
    void theRecordedPolicyReproducesItsOwnRun(Policy policy) throws Exception {
        Path file = dir.resolve(policy.cliName() + ".gsmig");
        MigrationReport rec = record(policy, file);
        try (Replay.Result r = Replay.open(file, Receiver.Options.DEFAULT)) {
            assertThat(r.committed()).isTrue();
            Receiver.Committed c = (Receiver.Committed) r.outcome();
            PolicySimulation.Run sim = PolicySimulation.simulate(r.history(), c.vgpu().graphicsPages(),
                    c.vgpu().memory().pageCount(), policy, 1.25e9);
            assertThat(sim.note()).isEqualTo("exact");
            assertThat(sim.rounds()).extracting(RoundReport::phase)
                    .isEqualTo(rec.rounds().stream().map(RoundReport::phase).toList());
            assertThat(sim.rounds()).extracting(RoundReport::pages)
                    .isEqualTo(rec.rounds().stream().map(RoundReport::pages).toList());
            assertThat(sim.rounds()).extracting(RoundReport::zeroPages)
                    .isEqualTo(rec.rounds().stream().map(RoundReport::zeroPages).toList());
            assertThat(sim.rounds()).extracting(RoundReport::bytes)
                    .isEqualTo(rec.rounds().stream().map(RoundReport::bytes).toList());
            assertThat(sim.pagesDowntime()).isEqualTo(rec.pagesSentDowntime());
            assertThat(sim.bytesSent()).as("every stream byte").isEqualTo(rec.bytesSent()).isEqualTo(Files.size(file));
        }
    }

    @Test
    void aCompressedRecordingWithDeltasReplaysWithTheSamePages() throws Exception {
        Path file = dir.resolve("delta.gsmig");
        MigrationReport rec;
        try (SyntheticWorkload w = SyntheticWorkload.create(BUSY)) {
            w.start();
            rec = Migrator.migrate(w, "busy", MigrationOptions.defaults(Policy.GMIG), new Target.File(file),
                    LiveRounds.untilTheGpuHasWritten(w), Destination.Options.DEFAULT,
                    io.genscope.migration.compress.CompressionOptions.of(io.genscope.migration.compress.Compression.DELTA));
            assertThat(rec.error()).isNull();
            assertThat(rec.compression().totals().delta()).as("the stop round carries deltas").isPositive();
            w.vgpu().close();
        }
        try (Replay.Result r = Replay.open(file, Receiver.Options.DEFAULT)) {
            assertThat(r.committed()).as("a recording with PAGE_DELTA records restores").isTrue();
            assertThat(r.history().rounds()).extracting(RecordedRound::pages)
                    .extracting(p -> p.length)
                    .isEqualTo(rec.rounds().stream().map(x -> (int) x.pages()).toList());
        }
    }

    @Test
    void otherPoliciesOnAGmigHistory() throws Exception {
        Path file = dir.resolve("g.gsmig");
        record(Policy.GMIG, file);
        try (Replay.Result r = Replay.open(file, Receiver.Options.DEFAULT)) {
            Receiver.Committed c = (Receiver.Committed) r.outcome();
            var graphics = c.vgpu().graphicsPages();
            int pages = c.vgpu().memory().pageCount();
            List<RecordedRound> rounds = r.history().rounds();
            RecordedRound stop = rounds.get(rounds.size() - 1);
            long stopSystem = java.util.Arrays.stream(stop.pages()).filter(p -> !graphics.contains(p)).count();

            PolicySimulation.Run stopCopy = PolicySimulation.simulate(r.history(), graphics, pages, Policy.STOP_COPY, 1.25e9);
            assertThat(stopCopy.rounds()).hasSize(1);
            assertThat(stopCopy.pagesDowntime()).isEqualTo(pages);

            PolicySimulation.Run precopy = PolicySimulation.simulate(r.history(), graphics, pages, Policy.PRECOPY, 1.25e9);
            assertThat(precopy.rounds().get(0).pages()).isEqualTo(pages);
            assertThat(precopy.pagesDowntime()).as("stop: CPU-dirty system pages and every graphics page")
                    .isEqualTo(stopSystem + graphics.size());
            assertThat(precopy.note()).startsWith("estimated");
            assertThat(precopy.downtimeLinkMs()).isEqualTo(precopy.bytesDowntime() / 1.25e6);
        }
    }

    @Test
    void aStopCopyRecordingHasNoHistoryToReRun() throws Exception {
        Path file = dir.resolve("s.gsmig");
        record(Policy.STOP_COPY, file);
        try (Replay.Result r = Replay.open(file, Receiver.Options.DEFAULT)) {
            Receiver.Committed c = (Receiver.Committed) r.outcome();
            assertThatThrownBy(() -> PolicySimulation.simulate(r.history(), c.vgpu().graphicsPages(),
                    c.vgpu().memory().pageCount(), Policy.GMIG, 1.25e9)).hasMessageContaining("no dirty history");
        }
    }
}
