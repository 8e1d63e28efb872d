package io.genscope.migration.xe;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.aub.Device;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A VF image opened like a capture: the contexts found in its VRAM through the GGTT packet include
 * every context the capture submitted (with the ring state of its last submission), and each
 * found context's ring walks to the same commands through the image as through the capture's
 * memory (everything the GGTT reaches; batches in the PPGTT are guest memory and unavailable in
 * both). NEO also writes images of contexts it never submits; they are found too.
 */
class XeVfCaptureTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"neo2-lnl", "neo2-ptl", "synthetic-bmg"})
    void contextsInVramDecodeAsInTheCapture(String name) throws Exception {
        XeVfCaptureImage.Made[] made = new XeVfCaptureImage.Made[1];
        Path image = XeVfImages.make(name, dir, m -> made[0] = m);
        Spec spec = SpecLoader.builtin(Device.byPciId(made[0].pciId()).orElseThrow().spec());
        ContextMemory[] captured = new ContextMemory[1];
        Map<Long, Submission> last = XeVfImages.lastPerContext(XeVfImages.capture(name), captured);

        XeVfImages.Opened opened = XeVfImages.open(image, spec);
        List<XeVfContexts.Found> found = opened.contexts();
        assertThat(opened.problems()).isEmpty();
        assertThat(opened.info().specName()).isEqualTo(spec.name());
        assertThat(opened.comments()).anySatisfy(c -> assertThat(c).startsWith("Format:           xe SR-IOV VF migration data"));
        assertThat(found).extracting(XeVfContexts.Found::lrca).containsAll(last.keySet());
        int commands = 0;
        for (int i = 0; i < found.size(); i++) {
            Submission fromImage = found.get(i).submission(i);
            Submission s = last.get(found.get(i).lrca());
            if (s != null) {
                assertThat(fromImage.engine()).isEqualTo(s.engine());
                assertThat(List.of(fromImage.ringStart(), fromImage.ringHead(), fromImage.ringTail(), fromImage.ringSize()))
                        .isEqualTo(List.of(s.ringStart(), s.ringHead(), s.ringTail(), s.ringSize()));
            }
            List<String> fromCapture = XeVfImages.walk(spec, XeVfImages.ggttOnly(captured[0]), s != null ? s : fromImage).lines();
            assertThat(opened.walks().get(i).lines()).as("%s context at 0x%x", name, fromImage.lrca()).isEqualTo(fromCapture);
            commands += fromCapture.size();
            System.out.printf("%s: context at 0x%x on %s, ring 0x%x head 0x%x tail 0x%x, %s, %d walk lines%n", name,
                    fromImage.lrca(), fromImage.engine(), fromImage.ringStart(), fromImage.ringHead(), fromImage.ringTail(),
                    s != null ? "submitted in the capture" : "never submitted", fromCapture.size());
        }
        assertThat(commands).isPositive();
        System.out.printf("%s: %d contexts found in VRAM, %d walk lines identical to the capture's%n", name, found.size(),
                commands);
    }

    /**
     * Linux's own stream carries no GGTT base: on the images with genscope's KLV stripped, the base
     * is inferred from the context images (the one base that fits every ring) and the same contexts
     * walk to the same lines; a base given by the user goes first.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"neo2-lnl,0", "neo2-ptl,0", "neo2-lnl,0x2345000", "neo2-ptl,0xfee00000", "synthetic-bmg,0x2345000"})
    void withoutTheBaseKlvTheBaseIsInferredFromTheContextImages(String name, String at) throws Exception {
        XeVfCaptureImage.Made[] made = new XeVfCaptureImage.Made[1];
        Path image = XeVfImages.make(name, dir, m -> made[0] = m);
        long to = Long.decode(at);
        if (to != made[0].ggttBase()) {
            Path moved = dir.resolve(name + "-moved.xevf");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(moved,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                assertThat(io.genscope.migration.xe.shift.XeVfShift.shift(image, to, null, ch).problems()).isEmpty();
            }
            image = moved;
        }
        Path linux = XeVfImages.withoutBase(image, dir.resolve(name + "-linux.xevf"));
        Spec spec = SpecLoader.builtin(Device.byPciId(made[0].pciId()).orElseThrow().spec());
        XeVfImages.Opened withKlv = XeVfImages.open(image, spec);

        XeVfImages.Opened inferred = XeVfImages.open(linux, spec);

        assertThat(XeVfReader.read(linux).descriptor().orElseThrow().ggttBase()).isEmpty();
        assertThat(inferred.problems()).isEmpty();
        assertThat(inferred.comments()).as(String.join("\n", inferred.comments())).anySatisfy(c -> assertThat(c)
                .startsWith(String.format("GGTT base:        0x%x, not in the data; inferred", to)));
        assertThat(inferred.contexts()).extracting(XeVfContexts.Found::lrca)
                .isEqualTo(withKlv.contexts().stream().map(XeVfContexts.Found::lrca).toList());
        assertThat(inferred.walks()).extracting(XeVfImages.Walked::lines)
                .isEqualTo(withKlv.walks().stream().map(XeVfImages.Walked::lines).toList());

        XeVfImages.Opened given = XeVfImages.open(linux, spec, java.util.OptionalLong.of(to));
        assertThat(given.comments()).contains(String.format("GGTT base:        0x%x, given with --ggtt-base", to));
        assertThat(given.walks()).extracting(XeVfImages.Walked::lines)
                .isEqualTo(withKlv.walks().stream().map(XeVfImages.Walked::lines).toList());
        System.out.printf("%s: base 0x%x inferred without the KLV; %d contexts, %d walk lines as with it%n", name,
                to, inferred.contexts().size(), inferred.walks().stream().mapToInt(w -> w.lines().size()).sum());
    }

    /** A base that puts the rings elsewhere finds no context there; the output names it as the user's. */
    @org.junit.jupiter.api.Test
    void aWrongGivenBaseIsUsedAsGiven() throws Exception {
        XeVfCaptureImage.Made[] made = new XeVfCaptureImage.Made[1];
        Path image = XeVfImages.make("neo2-ptl", dir, m -> made[0] = m);
        Spec spec = SpecLoader.builtin(Device.byPciId(made[0].pciId()).orElseThrow().spec());
        long wrong = made[0].ggttBase() + (64L << 20);

        XeVfImages.Opened opened = XeVfImages.open(image, spec, java.util.OptionalLong.of(wrong));

        assertThat(opened.comments()).contains(String.format("GGTT base:        0x%x, given with --ggtt-base (the descriptor"
                + " says 0x%x)", wrong, made[0].ggttBase()));
        assertThat(opened.contexts()).isEmpty();
    }

    /**
     * Inferring the base from damaged context images and rings (Linux's form of the PTL image, its
     * register states and rings overwritten at random): no exception, no hang, and a base only when
     * one fits. The seed is printed; rerun with -Dgenscope.seed=N.
     */
    @org.junit.jupiter.api.Test
    void inferringFromDamagedImagesNeverFails() throws Exception {
        XeVfCaptureImage.Made[] made = new XeVfCaptureImage.Made[1];
        Path linux = XeVfImages.withoutBase(XeVfImages.make("neo2-ptl", dir, m -> made[0] = m), dir.resolve("linux.xevf"));
        byte[] image = java.nio.file.Files.readAllBytes(linux);
        List<XePacket.Vram> vram = XeVfReader.read(linux).packets(XePacket.Vram.class);
        Spec spec = SpecLoader.builtin("gen30");
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("xe VF base inference mutation seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        int inferred = 0;
        for (int c = 0; c < 40; c++) {
            byte[] m = image.clone();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(m).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0, n = 1 + rnd.nextInt(6); i < n; i++) {
                // the compute and blitter rings (0x20000, 0x60000) and register states (0x31000, 0x71000), or anywhere
                int kind = rnd.nextInt(3);
                long target = kind == 2 ? 0 : (rnd.nextBoolean() ? 0x20000 : 0x60000) + (kind == 1 ? 0x11000 : 0);
                XePacket.Vram chunk = kind == 2 ? vram.get(rnd.nextInt(vram.size()))
                        : vram.stream().filter(v -> v.header().offset() == (target & ~0xffffL)).findFirst().orElseThrow();
                long payload = chunk.at() + XePacketHeader.BYTES;
                int at = kind == 2 ? 4 * rnd.nextInt((int) chunk.header().size() / 4) : (int) (target & 0xffff) + 4 * rnd.nextInt(64);
                b.putInt((int) payload + at, rnd.nextBoolean() ? rnd.nextInt() : rnd.nextInt(1 << 20) << 12);
            }
            Path in = dir.resolve("m" + c + ".xevf");
            java.nio.file.Files.write(in, m);
            XeVfImages.Opened opened = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(30), () -> XeVfImages.open(in, spec), "case " + c + " hung");
            boolean found = opened.comments().stream().anyMatch(l -> l.startsWith("GGTT base:"));
            boolean refused = opened.comments().stream().anyMatch(l -> l.startsWith("Contexts: not looked for:")
                    && l.contains("--ggtt-base ADDR"));
            assertThat(found ^ refused).as("case %d: a base or the way to give one", c).isTrue();
            inferred += found ? 1 : 0;
            java.nio.file.Files.delete(in);
        }
        System.out.println(inferred + " of 40 damaged Linux-form images gave a base");
    }
}
