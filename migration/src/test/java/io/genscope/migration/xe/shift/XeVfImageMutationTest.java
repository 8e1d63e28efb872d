package io.genscope.migration.xe.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.genscope.migration.xe.XeVfImages;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded damage to a VF image made from a real capture, where the packet reader cannot see it:
 * flipped bits and random dwords in VRAM (context images, rings), GGTT entries and the base KLV.
 * Opening it as a capture (contexts found and their rings walked) and shifting it never throw and
 * never hang; the shift refuses a base that is not a page inside 4 GiB, naming it. The seed is
 * printed; rerun with -Dgenscope.seed=N (and -Dgenscope.cases=N for more cases).
 */
class XeVfImageMutationTest {
    @Test
    void damagedImagesOpenAndShiftWithoutCrashing(@TempDir Path dir) throws Exception {
        byte[] image = Files.readAllBytes(XeVfImages.make("neo2-ptl", dir, m -> { }));
        ByteBuffer whole = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int klv = 24 + 4 * 5;           // the base KLV's low dword: after the device id and revision KLVs
        int ggtt = 52 + 24;             // the GGTT packet's first entry (descriptor of 3 KLVs, 28 bytes)
        int entries = (int) whole.getLong(52 + 16) / 8;
        int vram = ggtt + entries * 8 + 24 + 16 + 24;   // after the GGTT and MMIO packets
        assertThat(whole.get(vram - 23)).as("VRAM packet type").isEqualTo((byte) 6);
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        int cases = Integer.getInteger("genscope.cases", 40);
        System.out.println("xe VF image mutation seed " + seed + ", " + cases + " cases (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        Spec spec = SpecLoader.builtin("gen30");
        int refused = 0;
        for (int c = 0; c < cases; c++) {
            byte[] m = image.clone();
            ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0, n = 1 + rnd.nextInt(6); i < n; i++) {
                switch (rnd.nextInt(5)) {
                    case 0 -> m[vram + rnd.nextInt(m.length - 24 - vram)] ^= (byte) (1 << rnd.nextInt(8));
                    case 1 -> b.putInt(vram + 4 * rnd.nextInt((m.length - 24 - vram) / 4), rnd.nextInt());
                    case 2 -> b.putLong(ggtt + 8 * rnd.nextInt(entries), rnd.nextBoolean() ? rnd.nextLong()
                            : b.getLong(ggtt + 8 * rnd.nextInt(entries)) ^ 1L << rnd.nextInt(64));
                    case 3 -> b.putInt(klv + 4 * rnd.nextInt(2), rnd.nextBoolean() ? rnd.nextInt() : rnd.nextInt(1 << 20) << 12);
                    default -> b.putInt(vram + 0x31000 + 4 * rnd.nextInt(64), rnd.nextInt());  // a register state
                }
            }
            Path in = dir.resolve("m" + c + ".xevf");
            Files.write(in, m);
            Path out = dir.resolve("m" + c + ".shifted");
            int caseNo = c;
            XeVfShift.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                XeVfImages.open(in, spec);
                try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    return XeVfShift.shift(in, 0x4000_0000L, null, ch);
                }
            }, () -> "case " + caseNo + " hung");
            if (r.report() == null) {
                refused++;
                assertThat(r.problems()).as("case %d", c).isNotEmpty();
                assertThat(Files.size(out)).as("case %d: nothing written", c).isZero();
            } else {
                assertThat(Files.size(out)).as("case %d", c).isEqualTo(m.length);
            }
            for (Problem p : r.problems()) {
                assertThat(p.offset()).as("case %d: %s", c, p).isBetween(0L, (long) m.length);
            }
            Files.delete(in);
            Files.delete(out);
        }
        System.out.println(refused + " of " + cases + " damaged images refused by the shift, the rest shifted");
    }
}
