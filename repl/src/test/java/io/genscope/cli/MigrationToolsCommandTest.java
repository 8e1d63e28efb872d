package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** genscope report, replay, receive with host windows, and migrate --retries, on one small recorded run. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MigrationToolsCommandTest {
    private static final String SMALL = "synthetic:memory=16M,graphics=4M,gpu-hot=1M,gpu-rate=20000,cpu-rate=5000,seed=5";

    @TempDir
    static Path dir;
    static Path json;

    @BeforeAll
    static void record() throws Exception {
        Cli r = Cli.run("migrate", "--workload", SMALL, "--policy", "precopy,gmig", "--to", "file:" + dir.resolve("t.gsmig"),
                "--json", "--warmup", "100", "--verify");
        assertThat(r.exit()).as(r.err()).isZero();
        json = dir.resolve("run.json");
        Files.writeString(json, r.out());
    }

    @Test
    void reportDrawsAWellFormedChartWithBothPolicies() throws Exception {
        Path svg = dir.resolve("chart.svg");
        Cli r = Cli.run("report", json.toString(), "-o", svg.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("precopy", "gmig", "wrote " + svg);
        String text = Files.readString(svg);
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(text).contains(">precopy<", ">gmig<", " ms<", "pages sent per round");

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"not\": \"a report\"}");
        Cli refused = Cli.run("report", bad.toString(), "-o", dir.resolve("x.svg").toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("no migration report");
    }

    @Test
    void replayListsRoundsRegionsAndWorkloadsAndComparesPolicies() throws Exception {
        Path rec = dir.resolve("t-gmig.gsmig");
        Cli r = Cli.run("replay", "--headers", "--policy", "stop-copy,precopy,gmig", rec.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("restored (every check passed)", "precopy", "gpu-copy", "stop-copy", "device regions:",
                "VREG", "2097152", "GGTT", "pending workload 0: render", "PIPE_CONTROL", "MI_STORE_DATA_IMM",
                "the recorded history under other policies", "gmig (exact)", "pages stopped");
        Cli full = Cli.run("replay", rec.toString());
        assertThat(full.out()).contains("Post Sync Operation");

        byte[] all = Files.readAllBytes(rec);
        Path cut = dir.resolve("cut.gsmig");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        Cli refused = Cli.run("replay", cut.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).contains("REFUSED, nothing kept", "truncated");
    }

    @Test
    void receiveWithHostWindowsRemapsAndListsRelocations() {
        Path rec = dir.resolve("t-precopy.gsmig");
        Cli r = Cli.run("receive", "--from", rec.toString(), "--host-aperture", "0x20000000", "--host-hidden", "0x80000000");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("remapped: aperture 0x4000000 -> 0x20000000, hidden 0x40000000 -> 0x80000000",
                "relocations: ", "MI_BATCH_BUFFER_START", "Batch Buffer Start Address", "0x4006000 -> 0x20006000",
                "host view of pending workload 0: render, LRCA 0x20004000, ring 0x20000000", "0x20006000:");
        Cli j = Cli.run("receive", "--from", rec.toString(), "--host-aperture", "0x20000000", "--host-hidden", "0x80000000",
                "--json");
        assertThat(j.out()).contains("\"remap\": {\"host_aperture\": 536870912", "\"command\": \"PIPE_CONTROL\"");
        Cli half = Cli.run("receive", "--from", rec.toString(), "--host-aperture", "0x20000000");
        assertThat(half.exit()).isEqualTo(2);
    }

    @Test
    void migrateRetriesAFailedConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli r = Cli.run("migrate", "--workload", SMALL, "--policy", "stop-copy", "--to", "tcp:127.0.0.1:" + port,
                "--retries", "2", "--warmup", "0");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("attempt 1: cannot connect", "attempt 2: cannot connect", "retrying");
    }
}
