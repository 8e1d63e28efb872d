package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** genscope migrate and genscope receive from the command line, on small vGPUs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MigrateCommandTest {
    private static final String SMALL = "synthetic:memory=16M,graphics=4M,gpu-hot=1M,gpu-rate=20000,cpu-rate=5000,seed=3";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void migratesToAFileVerifiedAndTheRecordingRestores() throws Exception {
        Path file = dir.resolve("m.gsmig");
        Run r = run("migrate", "--workload", SMALL, "--policy", "gmig", "--to", "file:" + file, "--verify", "--json",
                "--warmup", "100", "--bandwidth", "1Gbit");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"policy\": \"gmig\"", "\"status\": \"completed\"", "\"verified\": true",
                "\"pages_skipped_by_hash\"", "\"downtime_ms\"", "\"rounds\": [");

        Run restored = run("receive", "--from", file.toString());
        assertThat(restored.exit()).as(restored.out()).isZero();
        assertThat(restored.out()).contains("committed and resumed", "vGPU 1: Intel(R) HD Graphics 530",
                "render context", "PIPE_CONTROL", "blitter context", "MI_STORE_DATA_IMM");

        byte[] all = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.gsmig");
        Files.write(cut, Arrays.copyOf(all, all.length - 100));
        Run refused = run("receive", "--from", cut.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).contains("REFUSED, nothing kept", "truncated");
    }

    @Test
    void compressesPagesAndTheRecordingRestores() throws Exception {
        Path file = dir.resolve("z.gsmig");
        Run r = run("migrate", "--workload", SMALL + ",compressibility=3", "--policy", "precopy", "--to", "file:" + file,
                "--verify", "--compress", "delta", "--warmup", "100", "--bandwidth", "1Gbit");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Migration status: completed", "compression: delta, ratio ", "compressed pages: ",
                " lz4, ", " delta, ", "verified: yes");
        Run json = run("migrate", "--workload", SMALL + ",compressibility=3", "--policy", "gmig", "--to",
                "file:" + dir.resolve("j.gsmig"), "--verify", "--compress", "lz4", "--warmup", "50", "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out()).contains("\"compression\": {\"mode\": \"lz4\"", "\"lz4_pages\": ", "\"ratio\": ",
                "\"verified\": true");
        Run restored = run("receive", "--from", file.toString());
        assertThat(restored.exit()).as(restored.out()).isZero();
        assertThat(restored.out()).contains("committed and resumed");
        Run bad = run("migrate", "--workload", SMALL, "--to", "file:" + dir.resolve("x.gsmig"), "--compress", "zip");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("zip");
    }

    @Test
    void comparesPoliciesInOneRunInHumanForm() {
        Run r = run("migrate", "--workload", SMALL, "--policy", "precopy,gmig", "--to", "file:" + dir.resolve("c.gsmig"),
                "--warmup", "50");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Migration status: completed", "total time:", "downtime:", "transferred ram:",
                "dirty pages rate:", "pages sent in downtime:", "comparison:", "gmig sends");
        assertThat(dir.resolve("c-precopy.gsmig")).exists();
        assertThat(dir.resolve("c-gmig.gsmig")).exists();
    }

    @Test
    void migratesOverLoopbackTcpToAReceiver() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AtomicInteger receiverExit = new AtomicInteger(-1);
        int p = port;
        Thread receiver = new Thread(() -> receiverExit.set(Main.run("receive", "--listen", Integer.toString(p), "--json")));
        receiver.start();
        Run r = null;
        for (int attempt = 0; attempt < 100 && (r == null || r.err().contains("cannot connect")); attempt++) {
            Thread.sleep(attempt == 0 ? 300 : 100);
            r = run("migrate", "--workload", SMALL, "--policy", "stop-copy", "--to", "tcp:127.0.0.1:" + p, "--verify",
                    "--json", "--warmup", "10");
        }
        receiver.join(30_000);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"verified\": true", "\"transport\": \"tcp:127.0.0.1:" + p + "\"");
        assertThat(receiverExit.get()).isZero();
    }
}
