package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.report.JsonValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate --json} speaks QEMU's {@code query-migrate} vocabulary: its keys at the top and in
 * {@code ram}, with genscope's own figures in {@code vgpu} beside them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MigrateJsonQmpTest {
    private static final String SMALL = "synthetic:memory=16M,graphics=4M,gpu-hot=1M,gpu-rate=20000,cpu-rate=5000,seed=5";
    /** query-migrate's top-level keys for a finished migration. */
    private static final List<String> QMP = List.of("status", "total-time", "setup-time", "downtime", "expected-downtime",
            "ram");
    /** query-migrate's {@code ram} keys. */
    private static final List<String> RAM = List.of("transferred", "remaining", "total", "duplicate", "normal",
            "normal-bytes", "mbps", "dirty-sync-count", "page-size", "precopy-bytes", "downtime-bytes", "pages-per-second");

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void everyQueryMigrateKeyIsThereWithGenscopesFiguresBeside() {
        String out = runJson("migrate", "--workload", SMALL, "--policy", "gmig", "--to", "file:" + dir.resolve("q.gsmig"),
                "--verify", "--json", "--warmup", "10");
        Map<String, Object> m = (Map<String, Object>) JsonValue.parse(out);
        assertThat(m).containsKeys(QMP.toArray(String[]::new)).containsKey("vgpu");
        assertThat(m.get("status")).isEqualTo("completed");
        Map<String, Object> ram = (Map<String, Object>) m.get("ram");
        assertThat(ram).containsKeys(RAM.toArray(String[]::new));
        Map<String, Object> vgpu = (Map<String, Object>) m.get("vgpu");
        assertThat(vgpu).containsEntry("policy", "gmig").containsEntry("verified", true).containsKey("rounds");

        // the two views agree
        assertThat(ram.get("page-size")).isEqualTo(4096.0);
        assertThat(ram.get("remaining")).isEqualTo(0.0);
        assertThat(ram.get("total")).isEqualTo(vgpu.get("memory_bytes"));
        assertThat(ram.get("dirty-sync-count")).isEqualTo(vgpu.get("dirty_sync_count"));
        assertThat(ram.get("downtime-bytes")).isEqualTo(vgpu.get("bytes_sent_downtime"));
        double sent = (Double) vgpu.get("bytes_sent");
        assertThat((Double) ram.get("precopy-bytes") + (Double) ram.get("downtime-bytes")).isEqualTo(sent);
        assertThat((Double) ram.get("normal") + (Double) ram.get("duplicate")).isEqualTo(vgpu.get("pages_sent"));
        assertThat(ram.get("normal-bytes")).isEqualTo((Double) ram.get("normal") * 4096);
        // whole milliseconds against the exact figure (printed to 3 decimals, so not rounded again here)
        assertThat((Double) m.get("downtime")).isCloseTo((Double) vgpu.get("downtime_ms"), org.assertj.core.data.Offset.offset(0.5011));
        for (String key : List.of("total-time", "setup-time", "downtime", "expected-downtime")) {
            double v = (Double) m.get(key);
            assertThat(v).as(key + " is whole milliseconds").isEqualTo(Math.rint(v)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void severalPoliciesGiveOneQueryMigrateObjectEach() {
        String out = runJson("migrate", "--workload", SMALL, "--policy", "stop-copy,gmig", "--to",
                "file:" + dir.resolve("p.gsmig"), "--json", "--warmup", "10");
        Map<String, Object> m = (Map<String, Object>) JsonValue.parse(out);
        List<Object> runs = (List<Object>) m.get("runs");
        assertThat(runs).hasSize(2);
        for (Object run : runs) {
            assertThat((Map<String, Object>) run).containsKeys(QMP.toArray(String[]::new)).containsKey("vgpu");
        }
    }

    private static String runJson(String... args) {
        Cli r = Cli.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }
}
