package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.api.VfLiveMigration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** genscope migrate --workload xe-vf: a small VF under each policy, written as xe VF migration data. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MigrateVfCommandTest {
    private static final String VF = "xe-vf:quota=64M,hot=8M,rate=20000,seed=3";

    @TempDir
    Path dir;

    @Test
    void everyPolicyRunsAndItsStreamRestores() throws Exception {
        Path to = dir.resolve("vf.xevf");
        Cli c = Cli.run("migrate", "--workload", VF, "--to", "file:" + to, "--bandwidth", "10Gbit", "--warmup", "100",
                "--verify");
        assertThat(c.exit()).as(c.err()).isZero();
        for (String p : new String[] {"stop-copy", "gmig", "genscope"}) {
            assertThat(c.out()).contains("xe VF migration, policy " + p);
            Path file = dir.resolve("vf-" + p + ".xevf");
            VfLiveMigration.Arrival a = VfLiveMigration.check(file, 64 << 20);
            assertThat(a.committed()).as(a.refusal()).isTrue();
        }
        assertThat(c.out()).contains("bytes in downtime:", "gmig: ", "fewer bytes in downtime than stop-copy")
                .doesNotContain("verified:          NO", "verified:          -");
        assertThat(Files.exists(to)).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("vf-stop-copy.xevf",
                    "vf-gmig.xevf", "vf-genscope.xevf");
        }
    }

    @Test
    void oneJsonRunAndRefusalsThatNameTheValue() throws Exception {
        Path to = dir.resolve("one.xevf");
        Cli c = Cli.run("migrate", "--workload", VF, "--policy", "gmig", "--to", "file:" + to, "--warmup", "0", "--json");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("\"policy\": \"gmig\"", "\"bytes_downtime\": ", "\"verified\": null");
        long size = Files.size(to);

        Cli again = Cli.run("migrate", "--workload", VF, "--policy", "gmig", "--to", "file:" + to, "--warmup", "0");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains(to.getFileName().toString());
        assertThat(Files.size(to)).isEqualTo(size);

        assertRefused(Cli.run("migrate", "--workload", VF, "--policy", "precopy", "--to", "file:" + dir.resolve("a")),
                "precopy");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // nobody listens: refused before a VF is built
        assertRefused(Cli.run("migrate", "--workload", VF, "--to", "tcp:127.0.0.1:" + port),
                "cannot connect to 127.0.0.1:" + port);
        assertRefused(Cli.run("migrate", "--workload", VF, "--to", "udp:x"), "--to target 'udp:x'");
        assertRefused(Cli.run("migrate", "--workload", VF, "--compress", "lz4", "--to", "file:" + dir.resolve("b")),
                "--compress");
        assertRefused(Cli.run("migrate", "--workload", "xe-vf:quota=3M", "--to", "file:" + dir.resolve("c")), "quota");
        assertRefused(Cli.run("migrate", "--workload", VF, "--bandwidth", "0", "--to", "file:" + dir.resolve("d")),
                "--bandwidth 0");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("one.xevf");
        }
    }

    private static void assertRefused(Cli c, String named) {
        assertThat(c.exit()).as(c.out()).isEqualTo(2);
        assertThat(c.err()).startsWith("genscope: ").contains(named);
    }
}
