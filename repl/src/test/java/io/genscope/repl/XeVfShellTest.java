package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.xe.XeVfCaptureImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * xe VF migration data in the shell: the Panther Lake image made from {@code neo2-ptl} opens like a
 * capture, its contexts are the submissions and the usual views work on them, as {@code genscope
 * decode} prints them; Linux's form of it (no GGTT-base KLV) opens the same, its base inferred or given.
 */
public class XeVfShellTest {
    @TempDir
    static Path dir;
    private static Path image;
    private static Path linux;
    private static long base;

    @BeforeAll
    static void images() throws IOException {
        image = dir.resolve("ptl.xevf");
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            base = XeVfCaptureImage.write(ShellHarness.capture("neo2-ptl"), ch, 64 << 10).ggttBase();
        }
        linux = withoutBase(image, dir.resolve("ptl-linux.xevf"));
    }

    /** {@code image} as Linux saves it: a descriptor of the device id and revision alone, then the same packets. */
    public static Path withoutBase(Path image, Path out) throws IOException {
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            io.genscope.migration.xe.XeVfCapture.linuxForm(image, ch);
        }
        return out;
    }

    @Test
    void theImageOpensLikeACaptureAndTheUsualViewsWorkOnItsContexts() throws IOException {
        ShellHarness.Run run = ShellHarness.script("open " + image + "\npackets\ninfo\nsubmissions\nlist all\n"
                + "find MI_BATCH_BUFFER_START\nshow #0\nregs\nproblems\nmem ggtt 0x20000 16\n");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("opened ptl.xevf: Intel(R) Graphics (PTL) (ptl), decoded as gen30",
                "3 submissions, 15 commands, 2 batches, 3 problems", "'packets' lists the packets",
                // packets: the listing decode prints, sizes and offsets
                "packet 0 at byte 0: descriptor, 28 bytes, 3 KLVs",
                "packet 1 at byte 52: GGTT, tile 0 GT 0, 192 entries (768 KiB of GGTT)",
                "packet 3 at byte 1652: VRAM, tile 0 GT 0, 64 KiB at VRAM offset 0x0", "packet 15 at byte 788372: trailer",
                String.format("GGTT base:        0x%x, from the descriptor (genscope's KLV 0xfe01)", base),
                "context 0 on compute: image at 0x30000, ring at 0x20000 (16384 bytes), head 0x0, tail 0xb0",
                // info and submissions: the contexts as submissions
                "format        xe-vf", "engines       blitter:      2 submissions, 5 commands",
                "compute:      1 submission, 10 commands",
                // list, find, show, regs on the ring's commands; PPGTT batches are guest memory
                "0x0002000c:  0x18800101:  MI_BATCH_BUFFER_START", "Secondary batch at 0x562bdd2c3000 unavailable",
                "3 commands match", "    Register Offset: 0x0001a244", "2 register writes in s0",
                "s0: at GPU address 0x2000c: unmapped: batch buffer at 0x562bdd2c3000 (PPGTT) is not mapped",
                // mem reads the ring through the image again (the replay reads VF data too)
                "0x00020000:  11000001 0001a244 00090008 18800101");
        assertThat(run.lines()).containsSubsequence(
                "* s0    compute      0x0        0x30000      0x20000      0x0      0xb0     0x80000              10       1        2",
                "  s1    blitter      0x0        0x70000      0x60000      0x0      0x40     0x80000               5       1        1",
                "  s2    blitter      0x0        0xb0000      0xa0000      0x0      0x0      0x80000               0       0        0");
        // the shell walked the same commands decode prints
        List<String> decoded = ShellHarness.decodeHeaders(image).stream().filter(l -> l.startsWith("0x")).toList();
        List<String> listed = run.lines().stream().filter(l -> l.matches("0x[0-9a-f]{8}:  0x[0-9a-f]{8}:  .*"))
                .map(String::stripTrailing).distinct().toList();
        assertThat(listed).containsAll(decoded.stream().map(String::stripTrailing).toList());
    }

    /** {@code genscope shell IMAGE --ggtt-base B} opens VF data at the base given, as in-shell {@code open} does. */
    @Test
    void theShellsCommandLineOpensVfDataAtAGivenBase() throws IOException {
        Path script = dir.resolve("packets.gsh");
        java.nio.file.Files.writeString(script, "packets\nsubmissions\n");
        ShellHarness.Run run = ShellHarness.genscope("shell", "--batch", script.toString(), linux.toString(),
                "--ggtt-base", Long.toString(base));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("opened ptl-linux.xevf", "3 submissions, 15 commands",
                String.format("GGTT base:        0x%x, given with --ggtt-base", base),
                "context 0 on compute: image at 0x30000, ring at 0x20000 (16384 bytes), head 0x0, tail 0xb0");
        ShellHarness.Run elsewhere = ShellHarness.genscope("shell", "--batch", script.toString(), linux.toString(),
                "--ggtt-base", "0x40000000");
        assertThat(elsewhere.out()).contains("GGTT base:        0x40000000, given with --ggtt-base",
                "Contexts: 0 found in VRAM through the GGTT (range 0x40000000, 192 pages)");
        assertThat(ShellHarness.genscope("shell", "--batch", script.toString(), linux.toString(), "--ggtt-base", "0x123")
                .err()).contains("--ggtt-base 0x123: not aligned");
        assertThat(ShellHarness.genscope("shell", "--batch", script.toString(), ShellHarness.capture("iris-skl").toString(),
                "--ggtt-base", "0x1000").err()).contains("--ggtt-base places xe VF migration data");
        assertThat(ShellHarness.genscope("shell", "--batch", script.toString(), "--ggtt-base", "0x1000").err())
                .contains("give it as FILE");
    }

    @Test
    void linuxsStreamOpensWithItsBaseInferredOrGiven() throws IOException {
        ShellHarness.Run run = ShellHarness.script("open " + linux + "\npackets\nopen " + linux + " --ggtt-base "
                + base + "\npackets\nopen " + linux + " --ggtt-base 0x123\nopen " + ShellHarness.capture("iris-skl")
                + " --ggtt-base 0x1000\nopen " + ShellHarness.capture("iris-skl") + "\npackets\n");

        assertThat(run.out()).contains("opened ptl-linux.xevf", "3 submissions, 15 commands, 2 batches, 3 problems",
                "packet 0 at byte 0: descriptor, 16 bytes, 2 KLVs",
                String.format("GGTT base:        0x%x, not in the data; inferred from the register state of 3 context images", base),
                String.format("GGTT base:        0x%x, given with --ggtt-base", base),
                "context 1 on blitter: image at 0x70000, ring at 0x60000 (16384 bytes), head 0x0, tail 0x40");
        assertThat(ShellHarness.lines(run.err())).hasSize(3).satisfiesExactly(
                e -> assertThat(e).contains("--ggtt-base 0x123: not a 4 KiB page"),
                e -> assertThat(e).contains("--ggtt-base places xe VF migration data"),
                e -> assertThat(e).contains("packets lists xe VF migration data; iris-skl.aub.xz is a capture of format aub"));
        assertThat(run.exit()).isEqualTo(1);
    }
}
