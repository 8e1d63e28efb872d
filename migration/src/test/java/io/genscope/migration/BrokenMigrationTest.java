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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A migration that breaks leaves the source running and intact, and the destination with nothing. */
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
                assertThat(r.error()).startsWith("link failed");
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
}
