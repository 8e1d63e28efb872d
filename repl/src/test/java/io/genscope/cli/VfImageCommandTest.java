package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genscope vf-image}: a VF image made from a bundled capture opens with {@code decode}
 * (packets, then the contexts found in its VRAM, decoded), an existing output is replaced only
 * with --force, and --ggtt-base moves the GGTT range (the same commands at moved addresses).
 */
class VfImageCommandTest {
    private static final Path PTL = Path.of(System.getProperty("genscope.fixtures", "../fixtures"))
            .resolve("captures/neo2-ptl.aub.xz");

    @TempDir
    Path dir;

    @Test
    void makesAnImageThatDecodeOpens() throws Exception {
        Path out = dir.resolve("ptl.xevf");
        Cli made = Cli.run("vf-image", PTL.toString(), out.toString());
        assertThat(made.exit()).as(made.err()).isZero();
        assertThat(made.out()).contains("PCI 0xb080", "GGTT range 0x0 + 192 pages", "wrote " + out);
        Cli decoded = Cli.run("decode", "--headers", out.toString());
        assertThat(decoded.exit()).as("PPGTT batches are not in the image").isEqualTo(1);
        assertThat(decoded.err()).contains("(PPGTT) is not mapped").doesNotContain("truncated", "corrupt");
        assertThat(decoded.out()).contains("Format:           xe SR-IOV VF migration data", "Contexts: 3 found in VRAM",
                "context 0 on compute: image at 0x30000, ring at 0x20000", "0x00020048:  0x10400002:  MI_STORE_DATA_IMM",
                "context 1 on blitter: image at 0x70000, ring at 0x60000");

        long size = Files.size(out);
        Cli again = Cli.run("vf-image", PTL.toString(), out.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
        assertThat(Cli.run("vf-image", "--force", "--chunk", "64K", PTL.toString(), out.toString()).exit()).isZero();
        assertThat(Files.size(out)).as("12 VRAM chunks of 64 KiB instead of 1").isEqualTo(size + 11 * 24);

        Path moved = dir.resolve("moved.xevf");
        Cli shifted = Cli.run("vf-image", "--ggtt-base", "1G", out.toString(), moved.toString());
        assertThat(shifted.exit()).as(shifted.err()).isZero();
        assertThat(shifted.out()).contains("GGTT range moved 0x0 -> 0x40000000", "0 addresses left alone");
        Cli after = Cli.run("decode", "--headers", moved.toString());
        assertThat(after.out()).contains("context 0 on compute: image at 0x40030000, ring at 0x40020000",
                "0x40020048:  0x10400002:  MI_STORE_DATA_IMM");
        assertThat(Cli.run("decode", moved.toString()).out()).contains("Address: 0x40010000")
                .doesNotContain("Address: 0x00010000");
    }

    /**
     * Linux's form of an image (no GGTT-base KLV): --from-ggtt-base gives the range's start, else it is
     * inferred, and the output says which; the image written has no KLV either. VRAM zeroed leaves
     * nothing to infer from: refused with decode's message, naming the option and the PF's debugfs file.
     */
    @Test
    void movesLinuxsFormFromAGivenOrInferredBase() throws Exception {
        Path image = dir.resolve("ptl.xevf");
        assertThat(Cli.run("vf-image", "--ggtt-base", "0x2345000", PTL.toString(), image.toString()).exit()).isZero();
        Path linux = dir.resolve("ptl-linux.xevf");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(linux,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            io.genscope.migration.xe.XeVfCapture.linuxForm(image, ch);
        }
        Cli given = Cli.run("vf-image", "--from-ggtt-base", "0x2345000", "--ggtt-base", "1G", linux.toString(),
                dir.resolve("given.xevf").toString());
        assertThat(given.exit()).as(given.err()).isZero();
        assertThat(given.out()).contains("GGTT range moved 0x2345000 -> 0x40000000",
                "GGTT range of ptl-linux.xevf started at 0x2345000, given with --from-ggtt-base");
        Cli inferred = Cli.run("vf-image", "--ggtt-base", "1G", linux.toString(), dir.resolve("inferred.xevf").toString());
        assertThat(inferred.exit()).as(inferred.err()).isZero();
        assertThat(inferred.out()).contains("GGTT range moved 0x2345000 -> 0x40000000",
                "GGTT range of ptl-linux.xevf started at 0x2345000, not in the data; inferred from the register state");
        assertThat(Files.mismatch(dir.resolve("given.xevf"), dir.resolve("inferred.xevf"))).isEqualTo(-1L);
        Cli decoded = Cli.run("decode", "--headers", dir.resolve("inferred.xevf").toString());
        assertThat(decoded.out()).contains("packet 0 at byte 0: descriptor, 16 bytes, 2 KLVs",
                "GGTT base:        0x40000000, not in the data; inferred",
                "context 0 on compute: image at 0x40030000, ring at 0x40020000");
        assertThat(Cli.run("vf-image", "--from-ggtt-base", "0x1000", PTL.toString(), dir.resolve("c.xevf").toString()).err())
                .contains("--from-ggtt-base places a VF image's range");

        byte[] bytes = Files.readAllBytes(linux);
        for (var v : io.genscope.migration.xe.XeVfReader.read(linux).packets(io.genscope.migration.xe.XePacket.Vram.class)) {
            java.util.Arrays.fill(bytes, (int) v.payloadAt(), (int) (v.payloadAt() + v.header().size()), (byte) 0);
        }
        Path zeroed = dir.resolve("zeroed.xevf");
        Files.write(zeroed, bytes);
        Cli refused = Cli.run("vf-image", "--ggtt-base", "1G", zeroed.toString(), dir.resolve("z.xevf").toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("GGTT range not moved: packet 0 (descriptor) at byte 0: the data does not say"
                + " where its GGTT range starts", "give it with --from-ggtt-base ADDR", "ggtt_provisioned");
        assertThat(dir.resolve("z.xevf")).doesNotExist();
    }

    @Test
    void refusesWhatItCannotDo() throws Exception {
        Path out = dir.resolve("x.xevf");
        assertThat(Cli.run("vf-image", PTL.toString(), out.toString(), "--ggtt-base", "0x123").err())
                .contains("--ggtt-base 0x123: not aligned");
        assertThat(Cli.run("vf-image", PTL.toString(), out.toString(), "--chunk", "100").err()).contains("--chunk 100");
        assertThat(Cli.run("vf-image", PTL.toString(), out.toString()).exit()).isZero();
        Cli image = Cli.run("vf-image", out.toString(), dir.resolve("y.xevf").toString());
        assertThat(image.exit()).isEqualTo(2);
        assertThat(image.err()).contains("is a VF image already; give --ggtt-base");
        Cli beyond = Cli.run("vf-image", "--ggtt-base", "0xfffff000", out.toString(), dir.resolve("y.xevf").toString());
        assertThat(beyond.exit()).isEqualTo(2);
        assertThat(beyond.err()).contains("inside the 4 GiB GGTT");
        assertThat(dir.resolve("y.xevf")).doesNotExist();
        Path junk = dir.resolve("junk.aub");
        Files.write(junk, new byte[4096]);
        Cli none = Cli.run("vf-image", junk.toString(), dir.resolve("z.xevf").toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no VF image made");
        assertThat(dir.resolve("z.xevf")).doesNotExist();
    }
}
