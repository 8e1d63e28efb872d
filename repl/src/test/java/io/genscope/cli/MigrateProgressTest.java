package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.stream.Phase;
import org.junit.jupiter.api.Test;

/** The live progress line of migrate on a terminal. */
class MigrateProgressTest {
    @Test
    void theLineNamesRoundPagesRateAndExpectedDowntime() {
        // 100 MB in 2 s: 50 MB/s; 1,000 dirty pages (4.096 MB) would take about 82 ms at that rate
        var p = new MigrationHooks.Progress(Phase.PRECOPY, 3, 24_000, 100_000_000L, 2000, 1000);
        assertThat(MigrateCommand.Progress.line("gmig", p))
                .isEqualTo("gmig: round 3 (precopy), 24000 pages, 100.0 MB at 50 MB/s, 1000 dirty, expected downtime 82 ms");
    }
}
