package io.genscope.parser.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CFormatTest {
    @Test
    void fixedSixMatchesCPrintfOnKnownValues() {
        assertThat(CFormat.fixed6(0.0)).isEqualTo("0.000000");
        assertThat(CFormat.fixed6(-0.0)).isEqualTo("-0.000000");
        assertThat(CFormat.fixed6(1.0f)).isEqualTo("1.000000");
        assertThat(CFormat.fixed6(0.1f)).isEqualTo("0.100000");
        assertThat(CFormat.fixed6(-2.5f)).isEqualTo("-2.500000");
        assertThat(CFormat.fixed6(1e-7f)).isEqualTo("0.000000");
        assertThat(CFormat.fixed6(5e-7f)).isEqualTo("0.000000"); // 5e-7f is just below one half of 1e-6
        assertThat(CFormat.fixed6(3.4028235e38f)).isEqualTo("340282346638528859811704183484516925440.000000");
        assertThat(CFormat.fixed6(Float.NaN)).isEqualTo("nan");
        assertThat(CFormat.fixed6(Float.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void fastPathAgreesWithExactDecimalRoundingOnRandomFloats() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("CFormatTest seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            float f = i % 2 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) (r.nextDouble(-1e6, 1e6) / (1 << r.nextInt(24)));
            if (Float.isNaN(f) || Float.isInfinite(f)) {
                continue;
            }
            String exact = new BigDecimal((double) f).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
            if ((f < 0 || (f == 0 && Float.floatToRawIntBits(f) != 0)) && !exact.startsWith("-")) {
                exact = "-" + exact;
            }
            assertThat(CFormat.fixed6(f)).as("float bits 0x%08x (seed %d)", Float.floatToRawIntBits(f), seed).isEqualTo(exact);
        }
    }
}
