package io.genscope.parser.errorstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Ascii85Test {
    private static Ascii85.Decoded decode(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Ascii85.decode(b, 0, b.length);
    }

    @Test
    void knownValues() {
        StringBuilder sb = new StringBuilder();
        Ascii85.encode(new int[] {0x18800101, 0, 0xffffffff, 1}, 0, 4, sb);
        // 0x18800101 = 7*85^4 + 74*85^3 + 26*85^2 + 53*85 + 69; 0 is 'z'; 2^32-1 is "s8W-!"
        assertThat(sb).hasToString("(k;Vfzs8W-!!!!!\"");
        Ascii85.Decoded d = decode(sb.toString());
        assertThat(d.error()).isNull();
        assertThat(java.util.Arrays.copyOf(d.dwords(), d.count())).containsExactly(0x18800101, 0, 0xffffffff, 1);
    }

    @Test
    void seededRoundTrip() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("Ascii85Test seed: " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        for (int run = 0; run < 500; run++) {
            int[] dwords = new int[random.nextInt(200)];
            for (int i = 0; i < dwords.length; i++) {
                dwords[i] = random.nextInt(4) == 0 ? 0 : random.nextInt();
            }
            StringBuilder sb = new StringBuilder();
            Ascii85.encode(dwords, 0, dwords.length, sb);
            Ascii85.Decoded d = decode(sb + (random.nextBoolean() ? "\r" : ""));
            assertThat(d.error()).as("seed %d run %d", seed, run).isNull();
            assertThat(java.util.Arrays.copyOf(d.dwords(), d.count())).as("seed %d run %d", seed, run)
                    .containsExactly(dwords);
        }
    }

    @Test
    void damageStopsDecodingAndSaysWhere() {
        Ascii85.Decoded bad = decode("zz(k;V{f");
        assertThat(bad.count()).isEqualTo(2);
        assertThat(bad.errorAt()).isEqualTo(6);
        assertThat(bad.error()).contains("'{'");
        assertThat(bad.truncated()).isFalse();

        Ascii85.Decoded cut = decode("(k;Vfz(k;");
        assertThat(cut.count()).isEqualTo(2);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.errorAt()).isEqualTo(6);

        Ascii85.Decoded big = decode("uuuuu");
        assertThat(big.count()).isZero();
        assertThat(big.error()).contains("larger than 32 bits");

        Ascii85.Decoded control = decode("z\u0001");
        assertThat(control.count()).isEqualTo(1);
        assertThat(control.error()).contains("0x01");
    }
}
