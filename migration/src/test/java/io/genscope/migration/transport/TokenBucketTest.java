package io.genscope.migration.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    /** A clock that only moves when the bucket sleeps. */
    private static final class FakeClock implements TokenBucket.Clock {
        long now;
        long slept;

        public long nanoTime() {
            return now;
        }

        public void sleepNanos(long nanos) {
            now += nanos;
            slept += nanos;
        }
    }

    @Test
    void averageRateIsTheConfiguredOne() throws Exception {
        FakeClock clock = new FakeClock();
        TokenBucket b = new TokenBucket(1.25e9, 256 << 10, clock);
        long bytes = 0;
        for (int i = 0; i < 20_000; i++) {
            b.acquire(64 << 10);
            bytes += 64 << 10;
        }
        double expectedNanos = (bytes - (256 << 10)) / 1.25;
        assertThat((double) clock.now).isCloseTo(expectedNanos, org.assertj.core.data.Percentage.withPercentage(0.01));
        assertThat(b.waitedNanos()).isEqualTo(clock.slept);
    }

    @Test
    void idleTimeRefillsOnlyUpToTheBurst() throws Exception {
        FakeClock clock = new FakeClock();
        TokenBucket b = new TokenBucket(1e6, 1000, clock);
        clock.now += 10_000_000_000L;
        b.acquire(1000);
        assertThat(clock.slept).isZero();
        b.acquire(500);
        assertThat(clock.slept).isEqualTo(500_000);
    }

    @Test
    void bandwidthParsesBitsAndBytes() {
        assertThat(Bandwidth.parse("10Gbit").bytesPerSecond()).isEqualTo(1.25e9);
        assertThat(Bandwidth.parse("100Mbit").bytesPerSecond()).isEqualTo(12.5e6);
        assertThat(Bandwidth.parse("1gbps").bytesPerSecond()).isEqualTo(1.25e8);
        assertThat(Bandwidth.parse("500MB").bytesPerSecond()).isEqualTo(5e8);
        assertThat(Bandwidth.parse("1GiB").bytesPerSecond()).isEqualTo(1024.0 * 1024 * 1024);
        assertThat(Bandwidth.parse("unlimited").limited()).isFalse();
        assertThat(Bandwidth.parse("10Gbit").toString()).isEqualTo("10.00Gbit");
        assertThatThrownBy(() -> Bandwidth.parse("fast")).hasMessageContaining("10Gbit");
        assertThatThrownBy(() -> Bandwidth.parse("10G")).hasMessageContaining("10Gbit");
    }

    @Test
    void targetsParse() {
        assertThat(Target.parse("tcp:127.0.0.1:4444")).isEqualTo(new Target.Tcp("127.0.0.1", 4444));
        assertThat(Target.parse("file:/tmp/x.gsmig")).isEqualTo(new Target.File(java.nio.file.Path.of("/tmp/x.gsmig")));
        assertThatThrownBy(() -> Target.parse("tcp:host")).hasMessageContaining("tcp:HOST:PORT");
        assertThatThrownBy(() -> Target.parse("udp:1")).hasMessageContaining("file:PATH");
    }
}
