package io.genscope.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.compress.Compression;
import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.report.PageCounts;
import io.genscope.migration.report.ReportJson;
import io.genscope.migration.report.RoundReport;
import io.genscope.migration.transport.Bandwidth;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.ReceiverServer;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticWorkload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every policy with --compress lz4 and delta migrates a running synthetic vGPU whose pages compress
 * about 3:1, over a file and over loopback TCP, verified; the counters add up.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressedMigrationTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Compression c : new Compression[] {Compression.LZ4, Compression.DELTA}) {
            for (Policy p : Policy.values()) {
                out.add(Arguments.of(c, p));
            }
        }
        return out.stream();
    }

    private static SyntheticSpec spec(long seed) {
        return SyntheticSpec.parse("synthetic:memory=32M,graphics=8M,gpu-hot=2M,gpu-rate=20000,cpu-rate=5000,cpu-hot=4M,"
                + "compressibility=3,seed=" + seed);
    }

    private static MigrationOptions options(Policy p) {
        return MigrationOptions.defaults(p).withBandwidth(Bandwidth.parse("2Gbit")).withVerify(true);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void overFile(Compression c, Policy policy) throws Exception {
        try (SyntheticWorkload w = SyntheticWorkload.create(spec(17))) {
            w.start();
            MigrationReport r = Migrator.migrate(w, "small", options(policy), new Target.File(dir.resolve("m.gsmig")),
                    MigrationHooks.NONE, Destination.Options.DEFAULT, CompressionOptions.of(c));
            System.out.println(ReportJson.toJson(r));
            check(r, c, policy);
            w.vgpu().close();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void overLoopbackTcp(Compression c, Policy policy) throws Exception {
        List<Destination.Result> results = new ArrayList<>();
        try (ReceiverServer server = new ReceiverServer("127.0.0.1", 0, Destination.Options.DEFAULT, 20_000);
                SyntheticWorkload w = SyntheticWorkload.create(spec(18))) {
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
                    MigrationHooks.NONE, Destination.Options.DEFAULT, CompressionOptions.of(c));
            t.join(30_000);
            check(r, c, policy);
            assertThat(results).hasSize(1);
            assertThat(results.get(0).committed()).isTrue();
            w.vgpu().close();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aDroppedLinkFailsThePipelineAndTheSourceRunsOn(Compression c, Policy policy) throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket()) {
            server.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            Thread dropper = new Thread(() -> {
                try (java.net.Socket s = server.accept(); java.io.InputStream in = s.getInputStream()) {
                    in.readNBytes(1 << 20);
                    s.setSoLinger(true, 0);
                } catch (java.io.IOException e) {
                    // the test checks the source side
                }
            });
            dropper.start();
            try (SyntheticWorkload w = SyntheticWorkload.create(spec(19))) {
                w.start();
                MigrationReport r = Migrator.migrate(w, "small", options(policy), new Target.Tcp("127.0.0.1",
                        server.getLocalPort()), MigrationHooks.NONE, Destination.Options.DEFAULT, CompressionOptions.of(c));
                dropper.join(10_000);
                assertThat(r.status()).isEqualTo("failed");
                assertThat(r.error()).startsWith("failed during ").contains(": link failed");
                long writes = w.stats().gpuWrites();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (w.stats().gpuWrites() == writes && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(w.stats().gpuWrites()).as("the source runs again").isGreaterThan(writes);
                assertThat(Thread.getAllStackTraces().keySet()).as("pipeline threads stopped")
                        .noneMatch(t -> t.isAlive() && (t.getName().equals("genscope-encode")
                                || t.getName().equals("genscope-send") || t.getName().startsWith("genscope-compress")));
                w.vgpu().close();
            }
        }
    }

    private static void check(MigrationReport r, Compression c, Policy policy) {
        assertThat(r.error()).isNull();
        assertThat(r.status()).isEqualTo("completed");
        assertThat(r.verified()).isTrue();
        assertThat(r.compression()).isNotNull();
        assertThat(r.compression().mode()).isEqualTo(c.cliName());
        PageCounts t = r.compression().totals();
        assertThat(t.pages()).isEqualTo(r.pagesSent());
        assertThat(t.zero()).isEqualTo(r.zeroPages());
        assertThat(t.lz4()).isPositive();
        assertThat(t.bytesBefore()).isEqualTo((t.raw() + t.lz4() + t.delta()) * 4096);
        assertThat(t.ratio()).as("pages made to compress about 3:1").isGreaterThan(2);
        assertThat(r.bytesSent()).isLessThan(t.bytesBefore());
        long roundPages = 0;
        for (RoundReport x : r.rounds()) {
            assertThat(x.encoding()).isNotNull();
            assertThat(x.encoding().pages()).isEqualTo(x.pages());
            roundPages += x.pages();
        }
        assertThat(roundPages).isEqualTo(r.pagesSent());
        if (c == Compression.LZ4) {
            assertThat(t.delta()).isZero();
        } else if (policy != Policy.STOP_COPY) {
            assertThat(t.delta()).as("resent pages go as deltas").isPositive();
        }
    }
}
