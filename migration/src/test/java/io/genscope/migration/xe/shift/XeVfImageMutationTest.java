package io.genscope.migration.xe.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.genscope.migration.xe.XePacket;
import io.genscope.migration.xe.XeVfData;
import io.genscope.migration.xe.XeVfImages;
import io.genscope.migration.xe.XeVfReader;
import io.genscope.parser.capture.Problem;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded damage to a VF image made from a real capture, where the packet reader cannot see it:
 * flipped bits and random dwords in VRAM (context images, rings), GGTT entries and the base KLV;
 * half the cases in Linux's form (no KLV: the shift infers the base from the damaged context images).
 * Opening it as a capture (contexts found and their rings walked) and shifting it never throw and
 * never hang; a refusal names the packet and its byte offset, and nothing is written. Case {@code c}
 * runs seed {@code seed + c}, printed on failure; rerun with -Dgenscope.seed=N (and -Dgenscope.cases=N
 * for more cases: -Dgenscope.seed=1 -Dgenscope.cases=300 runs seeds 1 to 300).
 */
class XeVfImageMutationTest {
    private static final Pattern NAMED = Pattern.compile("packet \\d+ \\([^)]+\\) at byte (\\d+): .+");

    @Test
    void damagedImagesOpenAndShiftWithoutCrashing(@TempDir Path dir) throws Exception {
        Path klvImage = XeVfImages.make("neo2-ptl", dir, m -> { });
        Image withKlv = Image.of(klvImage);
        Image linux = Image.of(XeVfImages.withoutBase(klvImage, dir.resolve("linux.xevf")));
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        int cases = Integer.getInteger("genscope.cases", 40);
        System.out.println("xe VF image mutation seeds " + seed + " to " + (seed + cases - 1) + " (rerun with"
                + " -Dgenscope.seed=N -Dgenscope.cases=1)");
        Spec spec = SpecLoader.builtin("gen30");
        int refused = 0;
        int inferred = 0;
        for (int c = 0; c < cases; c++) {
            long caseSeed = seed + c;
            SplittableRandom rnd = new SplittableRandom(caseSeed);
            Image image = rnd.nextBoolean() ? withKlv : linux;
            byte[] m = image.damaged(rnd);
            Path in = dir.resolve("m" + c + ".xevf");
            Files.write(in, m);
            Path out = dir.resolve("m" + c + ".shifted");
            XeVfShift.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                XeVfImages.open(in, spec);
                try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    return XeVfShift.shift(in, 0x4000_0000L, null, ch);
                }
            }, () -> "seed " + caseSeed + " hung");
            String what = "seed " + caseSeed + (image == linux ? " (Linux's form)" : "");
            if (r.report() == null) {
                refused++;
                Problem refusal = r.problems().get(r.problems().size() - 1);
                Matcher named = NAMED.matcher(refusal.message());
                assertThat(named.matches()).as("%s: %s names its packet", what, refusal).isTrue();
                assertThat(refusal.offset()).as("%s: %s", what, refusal).isEqualTo(Long.parseLong(named.group(1)));
                assertThat(Files.size(out)).as("%s: nothing written", what).isZero();
            } else {
                inferred += image == linux ? 1 : 0;
                assertThat(Files.size(out)).as(what).isEqualTo(m.length);
            }
            for (Problem p : r.problems()) {
                assertThat(p.offset()).as("%s: %s", what, p).isBetween(0L, (long) m.length);
            }
            Files.delete(in);
            Files.delete(out);
        }
        System.out.println(refused + " of " + cases + " damaged images refused by the shift, the rest shifted (" + inferred
                + " of them in Linux's form, from an inferred base)");
    }

    /**
     * An image's bytes and where the damage goes: the base KLV's dwords (-1 in Linux's form), the
     * GGTT entries, VRAM, and a register state in VRAM.
     */
    private record Image(byte[] bytes, int klv, int ggtt, int entries, int vram) {
        static Image of(Path file) throws java.io.IOException {
            XeVfData data = XeVfReader.read(file);
            assertThat(data.problems()).isEmpty();
            XePacket.Descriptor d = data.descriptor().orElseThrow();
            // the base KLV's low dword: after the device id and revision KLVs (2 dwords each) and its own key
            int klv = d.ggttBase().isPresent() ? (int) d.payloadAt() + 4 * 5 : -1;
            XePacket.Ggtt g = data.packets(XePacket.Ggtt.class).get(0);
            XePacket.Vram v = data.packets(XePacket.Vram.class).get(0);
            return new Image(Files.readAllBytes(file), klv, (int) g.payloadAt(), g.count(), (int) v.payloadAt());
        }

        byte[] damaged(SplittableRandom rnd) {
            byte[] m = bytes.clone();
            ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
            int vramDwords = (m.length - 24 - vram) / 4;
            for (int i = 0, n = 1 + rnd.nextInt(6); i < n; i++) {
                switch (rnd.nextInt(klv < 0 ? 4 : 5)) {
                    case 0 -> m[vram + rnd.nextInt(m.length - 24 - vram)] ^= (byte) (1 << rnd.nextInt(8));
                    case 1 -> b.putInt(vram + 4 * rnd.nextInt(vramDwords), rnd.nextInt());
                    case 2 -> b.putLong(ggtt + 8 * rnd.nextInt(entries), rnd.nextBoolean() ? rnd.nextLong()
                            : b.getLong(ggtt + 8 * rnd.nextInt(entries)) ^ 1L << rnd.nextInt(64));
                    case 3 -> b.putInt(vram + 0x31000 + 4 * rnd.nextInt(64), rnd.nextInt());  // a register state
                    default -> b.putInt(klv + 4 * rnd.nextInt(2), rnd.nextBoolean() ? rnd.nextInt() : rnd.nextInt(1 << 20) << 12);
                }
            }
            return m;
        }
    }
}
