package io.genscope.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.transport.Link;
import io.genscope.migration.transport.TcpLink;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.SyntheticWorkload;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A destination that accepts and then never reads: the source's writes stall during the stop, the
 * write watchdog closes the link, the guest runs again at the source and the report counts the
 * time it was stopped.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StalledDestinationTest {
    @Test
    void theGuestResumesAtTheSourceAndTheDowntimeIsReported() throws Exception {
        check(CompressionOptions.NONE);
    }

    @Test
    void theSameWithTheCompressionPipeline() throws Exception {
        check(CompressionOptions.of(io.genscope.migration.compress.Compression.LZ4));
    }

    @Test
    void aDestinationThatReadsEverythingAndNeverRepliesCostsTheReplyTimeoutAtMost() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread reader = new Thread(() -> {
                try (Socket s = mute.accept()) {
                    s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    Thread.sleep(60_000);
                } catch (Exception e) {
                    // closed
                }
            });
            reader.setDaemon(true);
            reader.start();
            try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.small(22))) {
                w.start();
                MigrationReport r;
                try (Link l = Link.open(new Target.Tcp("127.0.0.1", mute.getLocalPort()), null, TcpLink.Options.DEFAULT)) {
                    r = new io.genscope.migration.policy.Migration(w, options(), l, MigrationHooks.NONE, "small", "tcp",
                            CompressionOptions.NONE).run();
                }
                assertThat(r.completed()).isFalse();
                assertThat(r.error()).contains("no reply from the destination");
                assertThat(r.downtimeMs()).as("stopped until the reply timeout, then resumed").isPositive();
                long before = w.stats().cpuWrites();
                while (w.stats().cpuWrites() == before) {
                    Thread.sleep(10);
                }
                w.vgpu().close();
            }
        }
    }

    /** Stop-and-copy with a 3 s reply timeout. */
    private static MigrationOptions options() {
        return MigrationOptions.defaults(Policy.STOP_COPY).withReplyTimeout(3_000);
    }

    private static void check(CompressionOptions compression) throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket stall = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            stall.setReceiveBufferSize(64 << 10);
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(stall.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.small(21))) {
                w.start();
                TcpLink.Options link = TcpLink.Options.DEFAULT.withWriteStallMillis(1_000);
                MigrationReport r;
                // stop-and-copy: the guest stops right after SETUP, so the stall comes during the stop
                try (Link l = Link.open(new Target.Tcp("127.0.0.1", stall.getLocalPort()), null, link)) {
                    r = new io.genscope.migration.policy.Migration(w, options(), l, MigrationHooks.NONE, "small", "tcp",
                            compression).run();
                }
                assertThat(r.completed()).isFalse();
                assertThat(r.error()).contains("stall");
                assertThat(r.downtimeMs()).as("the guest was stopped: the downtime is real").isPositive();
                long before = w.stats().cpuWrites();
                while (w.stats().cpuWrites() == before) {
                    Thread.sleep(10); // the guest writes again (hang guard: the timeout)
                }
                w.vgpu().close();
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
