package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.api.VfLiveMigration;
import io.genscope.migration.xe.precopy.VfWire;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genscope migrate --workload xe-vf --to tcp:...} into {@code genscope receive --vf} over
 * loopback, in this JVM: kept only when whole and checked; cut, damaged or partial streams refused
 * with nothing written; an existing output never replaced.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReceiveVfCommandTest {
    private static final String VF = "xe-vf:quota=32M,hot=4M,rate=20000,seed=5";

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A receiver for one session in a thread of its own; its output kept. */
    private static Thread receiver(List<String> args, AtomicReference<Cli> result) {
        Thread t = new Thread(() -> result.set(Cli.capture(() -> Main.run(args.toArray(String[]::new)))));
        t.start();
        return t;
    }

    /** Connects to the receiver once it listens. */
    private static Socket connect(int port) throws Exception {
        for (int i = 0; ; i++) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (java.net.ConnectException e) {
                if (i > 200) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aVfMigratesOverAPreSharedKeyAndIsKeptOnlyWhenChecked() throws Exception {
        Path psk = dir.resolve("psk");
        Files.writeString(psk, "a key both sides hold, 32 bytes!\n");
        Path out = dir.resolve("dst.xevf");
        int port = freePort();
        AtomicReference<Cli> rx = new AtomicReference<>();
        Thread t = new Thread(() -> rx.set(new Cli(Main.run("receive", "--vf", "--listen", Integer.toString(port),
                "--psk-file", psk.toString(), "-o", out.toString(), "--json"), "", "")));
        t.start();
        Cli tx = null;
        for (int attempt = 0; attempt < 100 && (tx == null || tx.err().contains("cannot connect")); attempt++) {
            Thread.sleep(attempt == 0 ? 200 : 100);
            tx = Cli.run("migrate", "--workload", VF, "--policy", "gmig", "--to", "tcp:127.0.0.1:" + port,
                    "--psk-file", psk.toString(), "--warmup", "50", "--bandwidth", "10Gbit");
        }
        t.join(60_000);
        assertThat(tx.exit()).as(tx.err()).isZero();
        assertThat(tx.out()).contains("sent to:           tcp:127.0.0.1:" + port, "verified:          yes");
        assertThat(rx.get().exit()).isZero();
        VfLiveMigration.Arrival a = VfLiveMigration.check(out, 32 << 20);
        assertThat(a.committed()).as(a.refusal()).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("psk", "dst.xevf");
        }
    }

    @Test
    void aCutStreamIsRefusedAndNothingIsWritten() throws Exception {
        Cli c = rawSession(s -> {
            write(s, hello(32 << 20));
            write(s, frame(4096, 0));
            write(s, ByteBuffer.allocate(100));
        });
        assertRefused(c, "REFUSED, nothing kept: the stream was cut");
    }

    @Test
    void aChunkDamagedOnTheWayIsRefusedByItsCrc() throws Exception {
        Cli c = rawSession(s -> {
            write(s, hello(32 << 20));
            write(s, frame(16, 12345));
            write(s, ByteBuffer.allocate(16));
            write(s, frame(0, 0));
        });
        assertRefused(c, "REFUSED", "fails its CRC-32C");
    }

    @Test
    void aWholeButPartialXeStreamIsRefusedNamingWhatIsMissing() throws Exception {
        // framed correctly, but the xe data is a lone descriptor: no state, no trailer
        java.io.ByteArrayOutputStream xe = new java.io.ByteArrayOutputStream();
        new io.genscope.migration.xe.XeVfWriter(Channels.newChannel(xe)).descriptor(0xe20b, 0);
        Cli c = rawSession(s -> {
            VfWire.Sender w = new VfWire.Sender(Channels.newChannel(s), 32 << 20);
            w.write(ByteBuffer.wrap(xe.toByteArray()));
            w.finish("");
        });
        assertRefused(c, "REFUSED, nothing kept:", "trailer");
    }

    @Test
    void aWholeStreamWhoseDigestIsNotTheSourcesIsRefused() throws Exception {
        java.io.ByteArrayOutputStream xe = new java.io.ByteArrayOutputStream();
        new io.genscope.migration.xe.XeVfWriter(Channels.newChannel(xe)).descriptor(0xe20b, 0).guc(0, 0, new byte[16])
                .ggtt(0, 0, new long[] {3}).mmio(0, 0, new int[4]).vram(0, 0, 0, ByteBuffer.allocate(4096)).trailer();
        Cli c = rawSession(s -> {
            VfWire.Sender w = new VfWire.Sender(Channels.newChannel(s), 32 << 20);
            w.write(ByteBuffer.wrap(xe.toByteArray()));
            w.finish("0123/4567");
        });
        assertRefused(c, "order: in Linux's save order", "REFUSED, nothing kept: the restored VF's digest",
                "is not the source's 0123/4567");
    }

    @Test
    void aVfSentToAVgpuReceiverIsToldSo() throws Exception {
        int port = freePort();
        AtomicReference<Cli> rx = new AtomicReference<>();
        Thread t = new Thread(() -> rx.set(new Cli(Main.run("receive", "--listen", Integer.toString(port), "--json"),
                "", "")));
        t.start();
        Cli tx = null;
        for (int attempt = 0; attempt < 100 && (tx == null || tx.err().contains("cannot connect")); attempt++) {
            Thread.sleep(attempt == 0 ? 200 : 100);
            tx = Cli.run("migrate", "--workload", VF, "--policy", "stop-copy", "--to", "tcp:127.0.0.1:" + port,
                    "--warmup", "0");
        }
        t.join(60_000);
        assertThat(tx.exit()).isEqualTo(2);
        assertThat(tx.err()).contains("genscope receive without --vf");
        assertThat(rx.get().exit()).isEqualTo(1);
    }

    @Test
    void anExistingOutputIsNeverReplacedAndOtherOptionsAreRefusedByName() throws Exception {
        Path out = dir.resolve("keep.xevf");
        Files.writeString(out, "mine");
        Cli c = Cli.run("receive", "--vf", "--listen", "0", "-o", out.toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("keep.xevf");
        assertThat(Files.readString(out)).isEqualTo("mine");
        Cli r = Cli.run("receive", "--vf", "--listen", "0", "--host-aperture", "0", "--host-hidden", "0x10000000");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--host-aperture", "not for --vf");
        Cli o = Cli.run("receive", "--listen", "0", "-o", dir.resolve("x").toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--output and --force are for --vf");
    }

    /** Runs a one-session receiver with --output and lets {@code source} speak to it raw. */
    private Cli rawSession(ThrowingConsumer source) throws Exception {
        int port = freePort();
        AtomicReference<Cli> rx = new AtomicReference<>();
        List<String> args = new ArrayList<>(List.of("receive", "--vf", "--listen", Integer.toString(port), "-o",
                dir.resolve("out.xevf").toString(), "--idle-timeout", "5000"));
        Thread t = receiver(args, rx);
        try (Socket s = connect(port)) {
            source.accept(s.getOutputStream());
            s.shutdownOutput();
            byte[] reply = s.getInputStream().readAllBytes();
            assertThat(new String(reply, StandardCharsets.UTF_8)).contains("GSVR");
        }
        t.join(30_000);
        return rx.get();
    }

    /** The receiver refused (exit 1) naming {@code named}, and left no file behind. */
    private void assertRefused(Cli c, String... named) throws Exception {
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.out()).contains(named);
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    /** A chunk header (or, with length 0, the end frame's start). */
    private static ByteBuffer frame(int length, int crc) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(length).putInt(crc).flip();
    }

    private static ByteBuffer hello(long quota) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0x46565347).putShort((short) 1)
                .putShort((short) 0).putLong(quota).flip();
    }

    private static void write(OutputStream s, ByteBuffer b) throws java.io.IOException {
        s.write(b.array(), b.position(), b.remaining());
    }

    /** What a raw source does on the socket. */
    @FunctionalInterface
    private interface ThrowingConsumer {
        void accept(OutputStream s) throws Exception;
    }
}
