package io.genscope.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Default thread counts on a host with more cores than the engine uses. */
class PoolsTest {
    /** Prints the default compress and hash thread counts of this JVM. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println(CompressionOptions.NONE.threads() + " " + MigrationOptions.defaults(Policy.GMIG).hashThreads());
        }
    }

    @Test
    void defaultsClampOnAHostOf128Cores() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-XX:ActiveProcessorCount=128", "-cp",
                System.getProperty("java.class.path"), Probe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo(Pools.MAX_DEFAULT_THREADS + " " + Pools.MAX_DEFAULT_THREADS);
    }
}
