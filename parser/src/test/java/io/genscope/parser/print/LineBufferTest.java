package io.genscope.parser.print;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.decode.CFormat;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The in-place number writers print what the String formatting they replace prints. */
class LineBufferTest {

    private static String text(LineBuffer b) {
        return new String(b.buf, 0, b.n, StandardCharsets.UTF_8);
    }

    @Test
    void numbersMatchTheStringFormatting() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        long[] edges = {0, 1, 9, 10, 0xffffffffL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE, -1, -10};
        for (int i = 0; i < 20_000; i++) {
            long v = i < edges.length ? edges[i] : r.nextLong() >> r.nextInt(64);
            LineBuffer b = new LineBuffer();
            b.hex8(v);
            b.put(' ');
            b.dec(v);
            b.put(' ');
            b.udec(v);
            b.put(' ');
            float f = i % 3 == 0 ? Float.intBitsToFloat((int) v) : (float) v / (1 << r.nextInt(20));
            b.fixed6(f);
            StringBuilder hex = new StringBuilder();
            CFormat.hex8(hex, v);
            String expected = hex + " " + v + " " + Long.toUnsignedString(v) + " " + CFormat.fixed6(f);
            assertThat(text(b)).as("value %d seed %d", v, seed).isEqualTo(expected);
        }
    }

    @Test
    void twoDecimalsOfAFloatAreItsExactValueRoundedHalfEven() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            float f = switch (i % 3) {
                case 0 -> Float.intBitsToFloat(r.nextInt());
                case 1 -> (r.nextInt(2_000_001) - 1_000_000) / 8f;   // exact halves of cents, and ties
                default -> (float) (r.nextDouble() * 2e9 - 1e9);
            };
            if (Float.isNaN(f) || Float.isInfinite(f)) {
                continue;
            }
            String s = new java.math.BigDecimal(f).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
            boolean negative = f < 0 || (f == 0 && Float.floatToRawIntBits(f) != 0);
            String expected = negative && !s.startsWith("-") ? "-" + s : s;
            assertThat(IndirectBuffers.fixed2(f)).as("%s (0x%x) seed %d", f, Float.floatToRawIntBits(f), seed)
                    .isEqualTo(expected);
        }
        assertThat(IndirectBuffers.fixed2(-0f)).isEqualTo("-0.00");
        assertThat(IndirectBuffers.fixed2(-0.001f)).isEqualTo("-0.00");
        assertThat(IndirectBuffers.fixed2(0.125f)).isEqualTo("0.12");
        assertThat(IndirectBuffers.fixed2(0.375f)).isEqualTo("0.38");
    }

    @Test
    void textIsWrittenAsUtf8AndTheBufferGrows() {
        LineBuffer b = new LineBuffer();
        String s = "x".repeat(10_000) + "é€";
        b.put(s);
        assertThat(text(b)).isEqualTo(s);
        StringBuilder out = new StringBuilder();
        b.drainTo(out);
        assertThat(out.toString()).isEqualTo(s);
        assertThat(b.n).isZero();
    }

    @Test
    void enumTablesFindDenseAndSparseKeys() {
        PrintPlan.EnumTable dense = PrintPlan.EnumTable.of(Map.of(0L, "A", 3L, "B"));
        PrintPlan.EnumTable sparse = PrintPlan.EnumTable.of(Map.of(5L, "C", 0x8000_0000L, "D", -1L, "E"));
        assertThat(new String(dense.get(3), StandardCharsets.UTF_8)).isEqualTo(" (B)");
        assertThat(dense.get(1)).isNull();
        assertThat(dense.get(-1)).isNull();
        assertThat(dense.get(4)).isNull();
        assertThat(new String(sparse.get(0x8000_0000L), StandardCharsets.UTF_8)).isEqualTo(" (D)");
        assertThat(new String(sparse.get(-1), StandardCharsets.UTF_8)).isEqualTo(" (E)");
        assertThat(sparse.get(6)).isNull();
    }
}
