package io.genscope.migration.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConvergenceRuleTest {
    @Test
    void switchesOverWhenPendingFitsTheDowntimeLimit() {
        ConvergenceRule rule = new ConvergenceRule(300);
        double tenGbitPerMs = 1.25e9 / 1000;
        assertThat(rule.thresholdBytes(tenGbitPerMs)).isEqualTo(375e6);
        assertThat(rule.converged(374_000_000L, tenGbitPerMs)).isTrue();
        assertThat(rule.converged(376_000_000L, tenGbitPerMs)).isFalse();
        assertThat(rule.converged(0, 0)).isTrue();
        assertThat(ConvergenceRule.expectedDowntimeMs(125_000_000L, tenGbitPerMs)).isEqualTo(100.0);
    }

    @Test
    void bandwidthIsMeasuredOverAtLeastAHundredMilliseconds() {
        BandwidthEstimator e = new BandwidthEstimator();
        assertThat(e.bytesPerMs()).isZero();
        e.add(1_000_000, 200_000_000L);
        e.add(10, 1_000_000L);
        assertThat(e.bytesPerMs()).isCloseTo(1_000_010 / 201.0, org.assertj.core.data.Offset.offset(0.01));
        e.add(50_000_000, 100_000_000L);
        assertThat(e.bytesPerMs()).isEqualTo(500_000.0);
    }
}
