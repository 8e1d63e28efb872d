package io.genscope.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.state.VgpuDigest;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.Reply;
import io.genscope.migration.transport.ReplyCodec;
import io.genscope.migration.transport.ReceiverServer;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.SyntheticWorkload;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.genscope.migration.replay.Replay;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.stream.RecordKind;
import io.genscope.migration.transport.Link;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A migration that breaks leaves the source running and intact, and the destination with nothing;
 * a retry succeeds. Faults are injected by {@link FaultyLink} (connection closed at each phase, a
 * flipped byte, another stream version), by a proxy that kills the connection to a real receiver
 * mid-stream, and by cutting a recording.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokenMigrationTest {
    @TempDir
    Path dir;

    @Test
    void destinationDroppingTheConnectionLeavesTheSourceIntactAndRunning() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread dropper = new Thread(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    in.readNBytes(3 << 20);
                    s.setSoLinger(true, 0);
                } catch (java.io.IOException e) {
                    // the test checks the source side
                }
            });
            dropper.start();
            try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.quiet(11))) {
                VgpuDigest before = VgpuDigest.of(w.vgpu());
                w.start();
                MigrationReport r = Migrator.migrate(w, "quiet", MigrationOptions.defaults(Policy.GMIG).withVerify(true),
                        new Target.Tcp("127.0.0.1", server.getLocalPort()), MigrationHooks.NONE, Destination.Options.DEFAULT);
                dropper.join(10_000);
                assertThat(r.status()).isEqualTo("failed");
                assertThat(r.error()).contains("link failed").contains("failed during ");
                assertThat(VgpuDigest.of(w.vgpu())).isEqualTo(before);
                w.vgpu().close();
            }
        }
    }

    @Test
    void refusedStreamResumesTheRunningSource() throws Exception {
        Destination.Options tooSmall = new Destination.Options(new Receiver.Options(1 << 20), c -> {
        });
        try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.small(12))) {
            w.start();
            MigrationReport r = Migrator.migrate(w, "small", MigrationOptions.defaults(Policy.STOP_COPY),
                    new Target.File(dir.resolve("refused.gsmig")), MigrationHooks.NONE, tooSmall);
            assertThat(r.status()).isEqualTo("failed");
            assertThat(r.error()).contains("the destination refused the stream").contains("record #0 (SETUP)")
                    .contains("this receiver's limit");
            long writes = w.stats().gpuWrites();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (w.stats().gpuWrites() == writes && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(w.stats().gpuWrites()).as("the source runs again").isGreaterThan(writes);
            w.close();
            w.vgpu().close();
        }
    }

    @Test
    void refusalOverTcpReachesTheSourceWithTheRecord() throws Exception {
        Destination.Options tooSmall = new Destination.Options(new Receiver.Options(1 << 20), c -> {
        });
        List<Destination.Result> results = new ArrayList<>();
        try (ReceiverServer server = new ReceiverServer("127.0.0.1", 0, tooSmall, 5_000);
                SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.quiet(14))) {
            Thread t = new Thread(() -> {
                try {
                    server.serve(1, results::add);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.start();
            VgpuDigest before = VgpuDigest.of(w.vgpu());
            w.start();
            MigrationReport r = Migrator.migrate(w, "quiet", MigrationOptions.defaults(Policy.GMIG),
                    new Target.Tcp("127.0.0.1", server.port()), MigrationHooks.NONE, Destination.Options.DEFAULT);
            t.join(10_000);
            assertThat(r.status()).isEqualTo("failed");
            assertThat(r.error()).contains("the destination refused the stream").contains("record #0 (SETUP)");
            assertThat(VgpuDigest.of(w.vgpu())).isEqualTo(before);
            w.vgpu().close();
        }
        assertThat(results).hasSize(1);
        assertThat(results.get(0).committed()).isFalse();
    }

    @Test
    void receiverRefusesAStreamCutByTheSourceAndSaysWhy() throws Exception {
        byte[] stream = Recordings.record(TestVgpus.quiet(13), Policy.PRECOPY, dir);
        List<Destination.Result> results = new ArrayList<>();
        List<Long> kept = new ArrayList<>();
        Destination.Options options = new Destination.Options(Receiver.Options.DEFAULT, c -> kept.add(1L));
        try (ReceiverServer server = new ReceiverServer("127.0.0.1", 0, options, 5_000)) {
            Thread t = new Thread(() -> {
                try {
                    server.serve(1, results::add);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.start();
            try (SocketChannel sc = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
                ByteBuffer half = ByteBuffer.wrap(Arrays.copyOf(stream, stream.length / 2));
                while (half.hasRemaining()) {
                    sc.write(half);
                }
                sc.shutdownOutput();
                Reply reply = ReplyCodec.read(sc.socket().getInputStream());
                assertThat(reply).isInstanceOf(Reply.Rejected.class);
                assertThat(((Reply.Rejected) reply).message()).contains("truncated");
            }
            t.join(10_000);
        }
        assertThat(results).hasSize(1);
        assertThat(results.get(0).committed()).isFalse();
        assertThat(kept).isEmpty();
    }

    /** Where a connection is closed, and the stage the source's report must name. */
    static Stream<Arguments> phases() {
        List<Arguments> out = new ArrayList<>();
        for (String transport : List.of("file", "tcp")) {
            out.add(Arguments.of(transport, "setup", FaultyLink.Fault.close(RecordKind.SETUP, null, 30), "during setup"));
            out.add(Arguments.of(transport, "pre-copy", FaultyLink.Fault.close(RecordKind.PAGE_RAW, Phase.PRECOPY, 1 << 20),
                    "during pre-copy round 1"));
            out.add(Arguments.of(transport, "one-shot", FaultyLink.Fault.close(RecordKind.PAGE_RAW, Phase.GPU_COPY, 100_000),
                    "during the one-shot round"));
            out.add(Arguments.of(transport, "stop-and-copy",
                    FaultyLink.Fault.close(RecordKind.ROUND_BEGIN, Phase.STOP_COPY, 40), "during stop-and-copy"));
            out.add(Arguments.of(transport, "device state", FaultyLink.Fault.close(RecordKind.DEVICE, null, 1000),
                    "during device state"));
            out.add(Arguments.of(transport, "corrupted byte",
                    FaultyLink.Fault.corrupt(RecordKind.PAGE_RAW, Phase.PRECOPY, 5000), "corrupt: CRC-32C mismatch"));
            out.add(Arguments.of(transport, "version mismatch", FaultyLink.Fault.version(2),
                    "unsupported: stream version 2, this reader knows 1"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("phases")
    void faultAtEachPhaseLeavesTheSourceIntactAndARetrySucceeds(String transport, String what, FaultyLink.Fault fault,
            String expected) throws Exception {
        AtomicInteger commits = new AtomicInteger();
        Destination.Options dest = new Destination.Options(Receiver.Options.DEFAULT, c -> commits.incrementAndGet());
        List<Destination.Result> served = Collections.synchronizedList(new ArrayList<>());
        ReceiverServer server = transport.equals("tcp") ? new ReceiverServer("127.0.0.1", 0, dest, 5_000) : null;
        Thread serving = null;
        if (server != null) {
            serving = new Thread(() -> {
                try {
                    server.serve(2, served::add);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            serving.start();
        }
        Target target = server != null ? new Target.Tcp("127.0.0.1", server.port()) : new Target.File(dir.resolve("f.gsmig"));
        ScriptedWorkload w = new ScriptedWorkload(TestVgpus.quiet(21));
        List<FaultyLink> faulty = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<Boolean> intact = new ArrayList<>();
        List<Integer> commitsAtFailure = new ArrayList<>();
        MigrationHooks hooks = new MigrationHooks() {
            @Override
            public void afterRound(Phase phase, int round) {
                if (phase == Phase.GPU_COPY) {
                    w.writeNow(900); // GPU writes after the one-shot copy: a stop round of about 3 MiB
                }
            }
        };
        try {
            w.start();
            Thread.sleep(20);
            MigrationReport r = Migrator.migrate(w, "scripted", MigrationOptions.defaults(Policy.GMIG).withVerify(true),
                    target.toString(), attempt -> {
                        Link link = Link.open(target, dest);
                        if (attempt > 0) {
                            return link;
                        }
                        FaultyLink f = new FaultyLink(link, fault);
                        faulty.add(f);
                        return f;
                    }, hooks, 1, why -> {
                        failures.add(why);
                        commitsAtFailure.add(commits.get());
                        w.pause();
                        intact.add(w.memoryNow().equals(w.expectedMemory(w.writes())));
                        long n = w.writes();
                        w.resume();
                        long deadline = System.nanoTime() + 5_000_000_000L;
                        while (w.writes() == n && System.nanoTime() < deadline) {
                            Thread.yield();
                        }
                        intact.add(w.writes() > n);
                    });
            assertThat(faulty.get(0).fired()).as("the fault was injected").isTrue();
            assertThat(failures).as("one failed attempt").hasSize(1);
            System.out.println(transport + " " + what + ": " + failures.get(0));
            assertThat(failures.get(0)).contains(expected);
            assertThat(intact).as("source memory equals what the workload wrote; the workload runs again")
                    .containsExactly(true, true);
            assertThat(commitsAtFailure).as("the destination kept nothing of the failed attempt").containsExactly(0);
            assertThat(r.error()).isNull();
            assertThat(r.completed()).isTrue();
            assertThat(r.verified()).as("the retry verifies").isTrue();
            if (server != null) {
                serving.join(20_000);
                assertThat(served).hasSize(2);
                assertThat(served.get(0).committed()).isFalse();
                assertThat(served.get(1).committed()).isTrue();
            }
            assertThat(commits.get()).isEqualTo(1);
        } finally {
            w.close();
            w.vgpu().close();
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void receiverKilledMidStreamKeepsNothingAndTheSourceRetries() throws Exception {
        AtomicInteger commits = new AtomicInteger();
        Destination.Options dest = new Destination.Options(Receiver.Options.DEFAULT, c -> commits.incrementAndGet());
        List<Destination.Result> served = Collections.synchronizedList(new ArrayList<>());
        try (ReceiverServer server = new ReceiverServer("127.0.0.1", 0, dest, 5_000);
                ServerSocket proxy = new ServerSocket()) {
            proxy.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread serving = new Thread(() -> {
                try {
                    server.serve(2, served::add);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            serving.start();
            // the first session goes through a proxy that forwards 2 MiB and then resets both sides,
            // as if the receiving process had been killed
            Thread killer = new Thread(() -> {
                try (Socket in = proxy.accept(); Socket out = new Socket("127.0.0.1", server.port())) {
                    InputStream from = in.getInputStream();
                    OutputStream to = out.getOutputStream();
                    byte[] buf = new byte[64 << 10];
                    long left = 2 << 20;
                    while (left > 0) {
                        int n = from.read(buf, 0, (int) Math.min(buf.length, left));
                        if (n < 0) {
                            break;
                        }
                        to.write(buf, 0, n);
                        left -= n;
                    }
                    in.setSoLinger(true, 0);
                    out.setSoLinger(true, 0);
                } catch (java.io.IOException e) {
                    // the test looks at both ends
                }
            });
            killer.start();
            // 64 MiB of guest memory: far more than the socket buffers on the way hold
            ScriptedWorkload w = new ScriptedWorkload(io.genscope.migration.workload.SyntheticSpec.parse(
                    "synthetic:memory=64M,graphics=8M,gpu-hot=1M,gpu-rate=0,cpu-rate=0,seed=22"));
            List<String> failures = new ArrayList<>();
            List<Boolean> intact = new ArrayList<>();
            try {
                w.start();
                Target viaProxy = new Target.Tcp("127.0.0.1", proxy.getLocalPort());
                Target direct = new Target.Tcp("127.0.0.1", server.port());
                MigrationReport r = Migrator.migrate(w, "scripted", MigrationOptions.defaults(Policy.PRECOPY).withVerify(true),
                        "tcp", attempt -> Link.open(attempt == 0 ? viaProxy : direct, dest), MigrationHooks.NONE, 2, why -> {
                            failures.add(why);
                            w.pause();
                            intact.add(w.memoryNow().equals(w.expectedMemory(w.writes())));
                            w.resume();
                        });
                killer.join(10_000);
                serving.join(20_000);
                assertThat(failures).hasSize(1);
                assertThat(failures.get(0)).contains("failed during").contains("link failed");
                assertThat(intact).containsExactly(true);
                assertThat(r.completed()).isTrue();
                assertThat(r.verified()).isTrue();
                assertThat(served).hasSize(2);
                assertThat(served.get(0).committed()).isFalse();
                assertThat(((Receiver.Rejected) served.get(0).outcome()).rejection().problemKind())
                        .isEqualTo(io.genscope.parser.capture.Problem.Kind.TRUNCATED);
                assertThat(served.get(1).committed()).isTrue();
                assertThat(commits.get()).isEqualTo(1);
            } finally {
                w.close();
                w.vgpu().close();
            }
        }
    }

    @Test
    void truncatedRecordingIsRefusedByReplayAndKeepsNothing() throws Exception {
        byte[] stream = Recordings.record(TestVgpus.quiet(23), Policy.GMIG, dir);
        Path whole = dir.resolve("whole.gsmig");
        Files.write(whole, stream);
        try (Replay.Result ok = Replay.open(whole, Receiver.Options.DEFAULT)) {
            assertThat(ok.committed()).isTrue();
            assertThat(ok.history().rounds()).extracting(x -> x.phase()).containsExactly(Phase.PRECOPY, Phase.GPU_COPY,
                    Phase.STOP_COPY);
        }
        for (int cut : new int[] {10, 16 + 24 + 10, stream.length / 3, stream.length - 1}) {
            Path part = dir.resolve("cut-" + cut + ".gsmig");
            Files.write(part, Arrays.copyOf(stream, cut));
            try (Replay.Result r = Replay.open(part, Receiver.Options.DEFAULT)) {
                assertThat(r.committed()).as("cut at %d", cut).isFalse();
                Receiver.Rejected rej = (Receiver.Rejected) r.outcome();
                assertThat(rej.rejection().problemKind()).as("cut at %d: %s", cut, rej.rejection())
                        .isEqualTo(io.genscope.parser.capture.Problem.Kind.TRUNCATED);
            }
        }
    }
}
