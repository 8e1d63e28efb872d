package io.genscope.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.LinkSecurity;
import io.genscope.migration.transport.PeerAllowList;
import io.genscope.migration.transport.ReceiverServer;
import io.genscope.migration.transport.TcpLink;
import io.genscope.migration.transport.Target;
import io.genscope.migration.transport.Link;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticWorkload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and pre-shared-key links: a migration over each verifies; a peer without the credentials,
 * with a certificate of another CA, outside the allow-list or with a key that is not its
 * certificate's is refused, and a stream with a forged page sent without credentials is never
 * committed (the same stream is committed by an unprotected receiver).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecureLinkTest {
    static byte[] forged;

    @TempDir
    Path dir;

    @BeforeAll
    static void forge(@TempDir Path tmp) throws Exception {
        byte[] stream = Recordings.record(SyntheticSpec.parse(
                "synthetic:memory=8M,graphics=2M,gpu-hot=512K,gpu-rate=0,cpu-rate=0,seed=5"), Policy.STOP_COPY, tmp);
        Recordings.Frame page = Recordings.frames(stream).stream()
                .filter(f -> f.kind() == io.genscope.migration.stream.RecordKind.PAGE_RAW).findFirst().orElseThrow();
        stream[page.payload() + 100] ^= 0x5a;
        Recordings.fixCrc(stream, page);
        forged = stream;
    }

    static LinkSecurity.Tls tls(String name, String key, PeerAllowList allow) throws IOException {
        return LinkSecurity.Tls.load(Receivers.tls(name + ".pem"), Receivers.tls(key + ".key"), Receivers.tls("ca.pem"), allow);
    }

    static LinkSecurity.Tls receiverTls() throws IOException {
        return tls("server", "server", PeerAllowList.of("CN=source.test"));
    }

    static LinkSecurity.Tls sourceTls() throws IOException {
        return tls("client", "client", PeerAllowList.of("CN=receiver.test"));
    }

    private static ReceiverServer.Options receiver(LinkSecurity s) {
        return ReceiverServer.Options.defaults("127.0.0.1", 0, Destination.Options.DEFAULT).withSecurity(s)
                .withIdleMillis(3_000);
    }

    private static MigrationReport migrate(Receivers rx, TcpLink.Options link, long seed) throws Exception {
        try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.small(seed))) {
            w.start();
            MigrationReport r = Migrator.migrate(w, "small", MigrationOptions.defaults(Policy.GENSCOPE).withVerify(true),
                    "tcp", attempt -> Link.open(new Target.Tcp("127.0.0.1", rx.server.port()), null, link),
                    MigrationHooks.NONE, 0, f -> {
                    });
            w.vgpu().close();
            return r;
        }
    }

    private static void sendPlain(Receivers rx, byte[] stream) throws Exception {
        try (Socket s = new Socket("127.0.0.1", rx.server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(stream);
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                    // whatever the receiver says, until it closes
                }
            } catch (IOException e) {
                // the receiver dropped us
            }
        }
    }

    @Test
    void aForgedPageIsCommittedWithoutCredentialsButRefusedWithThem() throws Exception {
        try (Receivers plain = new Receivers(receiver(LinkSecurity.NONE))) {
            sendPlain(plain, forged);
            plain.awaitResults(1);
            assertThat(plain.committed()).as("without credentials anyone can commit a guest").isEqualTo(1);
        }
        for (LinkSecurity s : new LinkSecurity[] {receiverTls(), new LinkSecurity.Psk(
                "a shared secret for the test".getBytes(StandardCharsets.US_ASCII))}) {
            try (Receivers rx = new Receivers(receiver(s))) {
                sendPlain(rx, forged);
                rx.awaitResults(1);
                assertThat(rx.committed()).isZero();
                Receiver.Rejected rej = (Receiver.Rejected) rx.snapshot().get(0).outcome();
                assertThat(rej.rejection().reason()).startsWith("authentication failed");
                assertThat(rej.stats().pages()).isZero();
            }
        }
    }

    @Test
    void aMigrationOverTlsVerifies() throws Exception {
        try (Receivers rx = new Receivers(receiver(receiverTls()))) {
            MigrationReport r = migrate(rx, TcpLink.Options.DEFAULT.withSecurity(sourceTls()), 31);
            assertThat(r.error()).isNull();
            assertThat(r.verified()).isTrue();
            rx.awaitResults(1);
            assertThat(rx.committed()).isEqualTo(1);
        }
    }

    @Test
    void aMigrationWithAPreSharedKeyVerifies() throws Exception {
        Path key = dir.resolve("psk");
        Files.writeString(key, "c2VjcmV0IG9mIGF0IGxlYXN0IHNpeHRlZW4gYnl0ZXM=\n");
        try (Receivers rx = new Receivers(receiver(LinkSecurity.Psk.file(key)))) {
            MigrationReport r = migrate(rx, TcpLink.Options.DEFAULT.withSecurity(LinkSecurity.Psk.file(key)), 32);
            assertThat(r.error()).isNull();
            assertThat(r.verified()).isTrue();
            rx.awaitResults(1);
            assertThat(rx.committed()).isEqualTo(1);
        }
    }

    @Test
    void wrongCredentialsAreRefused() throws Exception {
        try (Receivers rx = new Receivers(receiver(receiverTls()))) {
            // a certificate of another CA; one of the right CA outside the allow-list; no credentials
            TcpLink.Options[] wrong = {TcpLink.Options.DEFAULT.withSecurity(tls("rogue", "rogue", PeerAllowList.ANY_TRUSTED)),
                    TcpLink.Options.DEFAULT.withSecurity(tls("other", "other", PeerAllowList.ANY_TRUSTED)),
                    TcpLink.Options.DEFAULT.withConnectMillis(2_000)};
            for (TcpLink.Options o : wrong) {
                MigrationReport r;
                try {
                    r = migrate(rx, o, 33);
                    assertThat(r.completed()).isFalse();
                } catch (IOException e) {
                    // refused during the handshake
                }
            }
            rx.awaitResults(wrong.length);
            assertThat(rx.committed()).isZero();
            assertThat(rx.snapshot()).allMatch(res -> ((Receiver.Rejected) res.outcome()).rejection().reason()
                    .startsWith("authentication failed"));
            assertThat(rx.snapshot()).anyMatch(res -> ((Receiver.Rejected) res.outcome()).rejection().reason()
                    .contains("not in the allow-list"));
        }
        // the source refuses a receiver outside its own allow-list
        try (Receivers rx = new Receivers(receiver(tls("other", "other", PeerAllowList.ANY_TRUSTED)))) {
            assertThatThrownBy(() -> migrate(rx, TcpLink.Options.DEFAULT.withSecurity(sourceTls()), 34))
                    .hasMessageContaining("not in the allow-list");
        }
        // a key that is not the certificate's is refused when loaded
        assertThatThrownBy(() -> tls("client", "wrong", PeerAllowList.ANY_TRUSTED)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not the key of");
        // a wrong pre-shared key
        try (Receivers rx = new Receivers(receiver(new LinkSecurity.Psk("the receiver's secret key".getBytes(
                StandardCharsets.US_ASCII))))) {
            assertThatThrownBy(() -> migrate(rx, TcpLink.Options.DEFAULT.withSecurity(new LinkSecurity.Psk(
                    "another secret, not it".getBytes(StandardCharsets.US_ASCII))), 35)).hasMessageContaining("pre-shared key");
            rx.awaitResults(1);
            assertThat(rx.committed()).isZero();
        }
    }

    @Test
    void aByteChangedOnThePskWireFailsItsFrame() throws Exception {
        LinkSecurity.Psk key = new LinkSecurity.Psk("a shared secret for the test".getBytes(StandardCharsets.US_ASCII));
        try (Receivers rx = new Receivers(receiver(key)); ServerSocket proxy = new ServerSocket(0, 4,
                InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket in = proxy.accept(); Socket out = new Socket("127.0.0.1", rx.server.port())) {
                    Thread back = new Thread(() -> pipe(out, in, -1));
                    back.setDaemon(true);
                    back.start();
                    pipe(in, out, 1 << 20);
                } catch (IOException e) {
                    // done
                }
            });
            t.setDaemon(true);
            t.start();
            try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.small(36))) {
                w.start();
                MigrationReport r = Migrator.migrate(w, "small", MigrationOptions.defaults(Policy.PRECOPY), "tcp",
                        attempt -> Link.open(new Target.Tcp("127.0.0.1", proxy.getLocalPort()), null,
                                TcpLink.Options.DEFAULT.withSecurity(key)), MigrationHooks.NONE, 0, f -> {
                        });
                assertThat(r.completed()).isFalse();
                w.vgpu().close();
            }
            rx.awaitResults(1);
            assertThat(rx.committed()).isZero();
            assertThat(((Receiver.Rejected) rx.snapshot().get(0).outcome()).rejection().reason())
                    .contains("authentication tag");
        }
    }

    /** Copies {@code from} to {@code to}, flipping one bit of the byte at {@code flipAt} (-1: none). */
    private static void pipe(Socket from, Socket to, long flipAt) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] b = new byte[8192];
            long seen = 0;
            int n;
            while ((n = in.read(b)) > 0) {
                if (flipAt >= seen && flipAt < seen + n) {
                    b[(int) (flipAt - seen)] ^= 1;
                }
                seen += n;
                out.write(b, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }
}
