package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** migrate and receive over TLS from the command line, with the test certificates of the migration module. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecureCliTest {
    private static final Path TLS = Path.of("../migration/src/test/resources/io/genscope/migration/tls");
    private static final String SMALL = "synthetic:memory=16M,graphics=4M,gpu-hot=1M,gpu-rate=20000,cpu-rate=5000,seed=4";

    private static List<String> tls(String side) {
        return List.of("--tls-cert", TLS.resolve(side + ".pem").toString(), "--tls-key", TLS.resolve(side + ".key").toString(),
                "--tls-ca", TLS.resolve("ca.pem").toString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts a receiver for one session; migrates to it (retrying while it is not listening yet). */
    private static Cli migrateTo(List<String> receiverArgs, List<String> migrateArgs, AtomicInteger receiverExit)
            throws Exception {
        int p = freePort();
        List<String> rx = new ArrayList<>(List.of("receive", "--listen", Integer.toString(p), "--json"));
        rx.addAll(receiverArgs);
        Thread receiver = new Thread(() -> receiverExit.set(Main.run(rx.toArray(String[]::new))));
        receiver.start();
        List<String> tx = new ArrayList<>(List.of("migrate", "--workload", SMALL, "--policy", "gmig", "--to",
                "tcp:127.0.0.1:" + p, "--verify", "--json", "--warmup", "10"));
        tx.addAll(migrateArgs);
        Cli r = null;
        for (int attempt = 0; attempt < 100 && (r == null || r.err().contains("cannot connect")); attempt++) {
            Thread.sleep(attempt == 0 ? 300 : 100);
            r = Cli.run(tx.toArray(String[]::new));
        }
        receiver.join(60_000);
        return r;
    }

    @Test
    void aMigrationOverMutualTlsVerifies() throws Exception {
        AtomicInteger exit = new AtomicInteger(-1);
        List<String> rx = new ArrayList<>(tls("server"));
        rx.addAll(List.of("--allow", "CN=source.test"));
        Cli r = migrateTo(rx, tls("client"), exit);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"verified\": true");
        assertThat(exit.get()).isZero();
    }

    @Test
    void aSourceWithoutCredentialsIsRefusedByATlsReceiver() throws Exception {
        AtomicInteger exit = new AtomicInteger(-1);
        Cli r = migrateTo(tls("server"), List.of("--retries", "0"), exit);
        assertThat(r.exit()).isNotZero();
        assertThat(exit.get()).isNotZero();
    }

    @Test
    void listeningBeyondLoopbackWithoutCredentialsIsRefused() {
        Cli r = Cli.run("receive", "--listen", "0", "--bind", "0.0.0.0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("without credentials").doesNotContain("Exception");
    }

    @Test
    void tlsNeedsAllThreeFiles() {
        Cli r = Cli.run("receive", "--listen", "0", "--tls-cert", TLS.resolve("server.pem").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--tls-cert, --tls-key and --tls-ca");
    }
}
