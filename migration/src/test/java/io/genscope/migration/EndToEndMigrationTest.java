package io.genscope.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.report.ReportJson;
import io.genscope.migration.transport.Bandwidth;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.ReceiverServer;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.SyntheticWorkload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every policy migrates a running synthetic vGPU over a file and over loopback TCP, verified. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndToEndMigrationTest {
    @TempDir
    Path dir;

    private static MigrationOptions options(Policy p) {
        return MigrationOptions.defaults(p).withBandwidth(Bandwidth.parse("2Gbit")).withVerify(true);
    }

    @ParameterizedTest
    @EnumSource(Policy.class)
    void overFile(Policy policy) throws Exception {
        try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.small(7))) {
            w.start();
            MigrationReport r = Migrator.migrate(w, "small", options(policy), new Target.File(dir.resolve("m.gsmig")),
                    MigrationHooks.NONE, Destination.Options.DEFAULT);
            System.out.println(ReportJson.toJson(r));
            check(r, policy);
            w.vgpu().close();
        }
    }

    @ParameterizedTest
    @EnumSource(Policy.class)
    void overLoopbackTcp(Policy policy) throws Exception {
        List<Destination.Result> results = new ArrayList<>();
        try (ReceiverServer server = new ReceiverServer("127.0.0.1", 0, Destination.Options.DEFAULT, 20_000);
                SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.small(8))) {
            Thread t = new Thread(() -> {
                try {
                    server.serve(1, results::add);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.start();
            w.start();
            MigrationReport r = Migrator.migrate(w, "small", options(policy), new Target.Tcp("127.0.0.1", server.port()),
                    MigrationHooks.NONE, Destination.Options.DEFAULT);
            t.join(30_000);
            check(r, policy);
            assertThat(results).hasSize(1);
            assertThat(results.get(0).committed()).isTrue();
            w.vgpu().close();
        }
    }

    private static void check(MigrationReport r, Policy policy) {
        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo("completed");
        assertThat(r.verified()).isTrue();
        assertThat(r.sourceDigest()).isEqualTo(r.destinationDigest());
        assertThat(r.pagesSent()).isGreaterThanOrEqualTo(32L << 20 >> 12);
        assertThat(r.rounds()).isNotEmpty();
        assertThat(r.rounds().get(r.rounds().size() - 1).phase()).isEqualTo("stop-copy");
        assertThat(r.downtimeMs()).isPositive();
        if (policy == Policy.GMIG) {
            assertThat(r.rounds()).anyMatch(x -> x.phase().equals("gpu-copy"));
            assertThat(r.pagesSkippedByHash()).isPositive();
        }
        if (policy == Policy.STOP_COPY) {
            assertThat(r.rounds()).hasSize(1);
            assertThat(r.pagesSentDowntime()).isEqualTo(32L << 20 >> 12);
        }
    }
}
