package io.genscope.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.state.GraphicsWindows;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.stream.ResourceBudget;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.Link;
import io.genscope.migration.transport.LinkSecurity;
import io.genscope.migration.transport.ReceiverServer;
import io.genscope.migration.transport.Target;
import io.genscope.migration.transport.TcpLink;
import io.genscope.migration.workload.SyntheticWorkload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile streams against a receiver with a small budget: it refuses them at SETUP or in the
 * session, keeps serving, and a real migration succeeds afterwards.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileReceiverTest {
    private static final long BUDGET = 64L << 20;
    private static final GraphicsWindows WINDOWS = GraphicsWindows.forSize(2L << 20);

    private static ReceiverServer.Options options() {
        return ReceiverServer.Options.defaults("127.0.0.1", 0, Destination.Options.DEFAULT)
                .withBudget(new ResourceBudget(BUDGET, 256L << 20)).withIdleMillis(2_000).withMaxSessions(3);
    }

    private static void migrateForReal(Receivers rx) throws Exception {
        try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.small(11))) {
            w.start();
            MigrationReport r = Migrator.migrate(w, "small", MigrationOptions.defaults(Policy.PRECOPY).withVerify(true),
                    new Target.Tcp("127.0.0.1", rx.server.port()), MigrationHooks.NONE, Destination.Options.DEFAULT);
            assertThat(r.error()).isNull();
            assertThat(r.completed()).isTrue();
            assertThat(r.verified()).isTrue();
            w.vgpu().close();
        }
    }

    private static Receiver.Outcome receive(byte[] stream, Receiver r) {
        return r.receive(Channels.newChannel(new ByteArrayInputStream(stream)));
    }

    @Test
    void scatteredPagesCostAboutAPageEachAndTheReceiverKeepsServing() throws Exception {
        try (Receivers rx = new Receivers(options())) {
            // 16 GiB claimed against 64 MiB off-heap, then one page every 4 MiB and the source goes
            // away: before, each 4 KiB page took a 4 MiB slab
            long[] scattered = new long[2048];
            for (int i = 0; i < scattered.length; i++) {
                scattered[i] = (long) i * 1024 + 1023;
            }
            try (Socket s = new Socket("127.0.0.1", rx.server.port())) {
                Receivers.setupAndPages(s.getOutputStream(), 16L << 30, WINDOWS, scattered);
            }
            rx.awaitResults(1);
            Destination.Result first = rx.snapshot().get(0);
            assertThat(first.committed()).isFalse();
            assertThat(first.outcome().stats().pages()).isEqualTo(scattered.length);
            assertThat(first.outcome().stats().peakAllocatedBytes()).as("staging near pages * 4 KiB")
                    .isGreaterThanOrEqualTo(scattered.length * 4096L)
                    .isLessThanOrEqualTo(scattered.length * 4096L + (64 << 10));
            // more scattered pages than the budget holds: refused at the page that does not fit
            long[] tooMany = new long[20_000];
            for (int i = 0; i < tooMany.length; i++) {
                tooMany[i] = (long) i * 1024;
            }
            try (Socket s = new Socket("127.0.0.1", rx.server.port())) {
                Receivers.setupAndPages(s.getOutputStream(), 64L << 30, WINDOWS, tooMany);
            } catch (java.io.IOException e) {
                // the receiver refused the stream while it was being sent
            }
            rx.awaitResults(2);
            Destination.Result second = rx.snapshot().get(1);
            assertThat(((Receiver.Rejected) second.outcome()).rejection().reason()).contains("off-heap")
                    .contains("left of 64.0 MiB");
            assertThat(second.outcome().stats().peakAllocatedBytes()).isLessThanOrEqualTo(BUDGET);
            assertThat(rx.server.budget().reservedOffHeapBytes()).as("everything released").isZero();
            assertThat(rx.server.budget().reservedHeapBytes()).isZero();
            migrateForReal(rx);
        }
    }

    @Test
    void setupWindowsWhoseSumOverflowsAreRefused() throws Exception {
        // aperture 0+4 KiB, hidden at 2^44 of 2^63 - 2^44 + 2^39 bytes: the end wraps negative and,
        // unchecked, the GGTT region may grow to 1 GiB (2^27 entries)
        byte[] setup = Receivers.rawSetup(16L << 20, 0, 4096, 1L << 44, (1L << 63) - (1L << 44) + (1L << 39));
        Receiver r = new Receiver(new Receiver.Options(64L << 30, new ResourceBudget(BUDGET, 256L << 20)));
        Receiver.Outcome o = receive(setup, r);
        assertThat(o).isInstanceOf(Receiver.Rejected.class);
        assertThat(((Receiver.Rejected) o).rejection().recordIndex()).isZero();
        assertThat(((Receiver.Rejected) o).rejection().reason()).contains("graphics windows");
        try (Receivers rx = new Receivers(options())) {
            try (Socket s = new Socket("127.0.0.1", rx.server.port())) {
                s.getOutputStream().write(setup);
            }
            rx.awaitResults(1);
            assertThat(rx.committed()).isZero();
            migrateForReal(rx);
        }
    }

    @Test
    void outOfMemoryInASessionRefusesOnlyThatSession() throws Exception {
        int[] calls = {0};
        Destination.Options dest = new Destination.Options(Receiver.Options.DEFAULT, c -> {
        }, c -> {
            if (calls[0]++ == 0) {
                throw new OutOfMemoryError("test: the restore ran out of memory");
            }
            return null;
        });
        try (Receivers rx = new Receivers(options().withDestinationOptions(dest))) {
            try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.small(12))) {
                w.start();
                MigrationReport r = Migrator.migrate(w, "small", MigrationOptions.defaults(Policy.STOP_COPY),
                        new Target.Tcp("127.0.0.1", rx.server.port()), MigrationHooks.NONE, Destination.Options.DEFAULT);
                assertThat(r.completed()).isFalse();
                assertThat(r.error()).contains("out of memory");
                w.vgpu().close();
            }
            rx.awaitResults(1);
            assertThat(rx.server.budget().reservedOffHeapBytes()).isZero();
            migrateForReal(rx);
        }
    }

    @Test
    void aSlowPeerDoesNotHoldTheService() throws Exception {
        try (Receivers rx = new Receivers(options().withIdleMillis(1_000).withSessionMillis(8_000))) {
            List<Thread> peers = new ArrayList<>();
            // one silent after SETUP (idle deadline), one trickling a byte every 100 ms (total deadline)
            Socket silent = new Socket("127.0.0.1", rx.server.port());
            Receivers.setupAndPages(silent.getOutputStream(), 16L << 20, WINDOWS);
            Socket trickle = new Socket("127.0.0.1", rx.server.port());
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            Receivers.setupAndPages(stream, 16L << 20, WINDOWS, 1, 2, 3, 4, 5, 6, 7, 8);
            Thread t = new Thread(() -> {
                try (OutputStream out = trickle.getOutputStream()) {
                    for (byte b : stream.toByteArray()) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (Exception e) {
                    // the receiver cut it off
                }
            });
            t.setDaemon(true);
            t.start();
            peers.add(t);
            migrateForReal(rx);
            rx.awaitResults(3);
            List<Destination.Result> all = rx.snapshot();
            assertThat(all.stream().filter(Destination.Result::committed)).hasSize(1);
            assertThat(all).anyMatch(res -> res.outcome() instanceof Receiver.Rejected j
                    && j.rejection().reason().contains("no data from the source"));
            assertThat(all).anyMatch(res -> res.outcome() instanceof Receiver.Rejected j
                    && j.rejection().reason().contains("total deadline"));
            silent.close();
            trickle.close();
        }
    }

    @Test
    void manySetupOnlyConnectionsAreBounded() throws Exception {
        try (Receivers rx = new Receivers(options().withIdleMillis(60_000))) {
            List<Socket> peers = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    Socket s = new Socket("127.0.0.1", rx.server.port());
                    peers.add(s);
                    try {
                        Receivers.setupAndPages(s.getOutputStream(), 16L << 20, GraphicsWindows.forSize(64L << 20));
                    } catch (java.io.IOException e) {
                        // turned away already
                    }
                }
                while (rx.server.activeSessions() < 3 || rx.server.turnedAway() < 37) {
                    Thread.sleep(20);
                }
                assertThat(threads("genscope-restore-warmup")).isLessThanOrEqualTo(1);
                assertThat(threads("genscope-receive-session")).isLessThanOrEqualTo(3);
            } finally {
                for (Socket s : peers) {
                    s.close();
                }
            }
            while (rx.server.activeSessions() > 0) {
                Thread.sleep(20);
            }
            migrateForReal(rx);
        }
    }

    /** Unprotected, and with a pre-shared key (the reply comes once the source proved itself). */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSourceTurnedAwayBecauseTheReceiverIsBusyIsToldWhy(boolean psk) throws Exception {
        LinkSecurity security = psk ? new LinkSecurity.Psk("the key of a busy receiver".getBytes(StandardCharsets.US_ASCII))
                : LinkSecurity.NONE;
        try (Receivers rx = new Receivers(options().withMaxSessions(1).withIdleMillis(60_000).withSecurity(security))) {
            // the one session: a peer that connected and sends nothing more
            try (Socket holder = new Socket("127.0.0.1", rx.server.port())) {
                if (!psk) {
                    Receivers.setupAndPages(holder.getOutputStream(), 16L << 20, WINDOWS);
                }
                while (rx.server.activeSessions() < 1) {
                    Thread.sleep(20);
                }
                try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.small(13))) {
                    w.start();
                    TcpLink.Options link = TcpLink.Options.DEFAULT.withSecurity(security);
                    MigrationReport r = Migrator.migrate(w, "small", MigrationOptions.defaults(Policy.PRECOPY), "tcp",
                            a -> Link.open(new Target.Tcp("127.0.0.1", rx.server.port()), null, link), MigrationHooks.NONE, 0,
                            f -> {
                            });
                    assertThat(r.completed()).isFalse();
                    assertThat(r.error()).contains("the receiver is busy").contains("all 1 sessions are running")
                            .contains("--max-sessions 1");
                    w.vgpu().close();
                }
                assertThat(rx.server.turnedAway()).isEqualTo(1);
            }
            while (rx.server.activeSessions() > 0) {
                Thread.sleep(20);
            }
            if (!psk) {
                migrateForReal(rx);
            }
        }
    }

    private static long threads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).count();
    }
}
