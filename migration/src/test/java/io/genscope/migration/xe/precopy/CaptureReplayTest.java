package io.genscope.migration.xe.precopy;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.xe.XeGgttPte;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The capture-driven VF on each bundled Xe2/Xe3 capture: its GGTT range holds the capture's
 * GGTT-mapped pages as local-memory entries, and every policy migrates it, replaying in a loop,
 * verified by digest.
 */
@Timeout(180)
class CaptureReplayTest {
    private static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"neo2-lnl", "neo2-ptl"})
    void everyPolicyMigratesTheReplayingCaptureVerified(String name) throws Exception {
        Path capture = FIXTURES.resolve("captures/" + name + ".aub.xz");
        VfSpec spec = VfSpec.parse("xe-vf:quota=64M,rate=0,ggtt=1M,guc=4K,device=0xb080");
        for (VfPolicy policy : VfPolicy.ALL) {
            CaptureReplay replay = CaptureReplay.create(capture, spec, 20);
            try (SyntheticVf vf = replay.vf()) {
                assertThat(replay.trace().problems()).isEmpty();
                long valid = Arrays.stream(vf.state().ggtt()).filter(e -> new XeGgttPte(e).valid()).count();
                // the VF image of the same capture has 192 GGTT pages (XeVfCaptureImageTest)
                assertThat(valid).isEqualTo(192);
                assertThat(Arrays.stream(vf.state().ggtt()).filter(e -> new XeGgttPte(e).valid())
                        .allMatch(e -> new XeGgttPte(e).localMemory())).isTrue();
                vf.start();
                Path file = dir.resolve(name + "-" + policy.name() + ".bin");
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    VfMigration.migrate(vf, policy, VfOptions.unlimited(), ch);
                }
                try (RestoredVf restored = VfRestore.restore(file, spec.quota())) {
                    assertThat(restored.problems()).isEmpty();
                    assertThat(restored.matches(vf)).as(name + " " + policy.name()).isTrue();
                }
            }
        }
    }
}
