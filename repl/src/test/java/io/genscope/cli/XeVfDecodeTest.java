package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.xe.XeGgttPte;
import io.genscope.migration.xe.XeVfWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genscope decode} on xe SR-IOV VF migration data: recognised by its header and listed
 * (the contexts in VF images made from captures: {@link VfImageCommandTest}).
 */
class XeVfDecodeTest {
    @TempDir
    Path dir;

    private Path stream(String name, boolean trailer) throws IOException {
        Path f = dir.resolve(name);
        long[] ggtt = new long[64];
        for (int i = 0; i < ggtt.length; i++) {
            ggtt[i] = XeGgttPte.of(0x8000_0000L + i * 4096L, true, 0).raw();
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            XeVfWriter w = new XeVfWriter(ch).descriptor(0xb080, 4).guc(0, 0, new byte[256]).ggtt(0, 0, ggtt)
                    .mmio(0, 0, new int[] {1, 2, 3, 4}).vram(0, 0, 0, ByteBuffer.allocate(4096));
            if (trailer) {
                w.trailer();
            }
        }
        return f;
    }

    @Test
    void listsThePackets() throws IOException {
        Cli r = Cli.run("decode", stream("vf.bin", true).toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Format:           xe SR-IOV VF migration data", "PCI ID:           0xb080, revision 0x04",
                "packet 2 at byte 320: GGTT, tile 0 GT 0, 64 entries (256 KiB of GGTT): 64 valid, 64 in local memory",
                "  GGTT +0x00000000..+0x0003ffff (64 pages): valid, local memory, PAT 0 -> 0x000080000000..0x00008003ffff",
                "MMIO, tile 0 GT 0, 4 registers: 0x00000001 0x00000002 0x00000003 0x00000004",
                "VRAM, tile 0 GT 0, 4 KiB at VRAM offset 0x0", ": trailer",
                "Contexts: not looked for: the data does not say where its GGTT range starts",
                "give it with --ggtt-base ADDR: the PF lists each VF's range in debugfs");
    }

    @Test
    void problemsGoToStandardErrorWithTheirOffsets() throws IOException {
        Path f = stream("cut.bin", false);
        Cli r = Cli.run("decode", f.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("at byte offset " + Files.size(f), "truncated", "without a trailer");
        Cli json = Cli.run("decode", "--json", f.toString());
        assertThat(json.exit()).isEqualTo(1);
        assertThat(json.err()).contains("at byte offset " + Files.size(f), "truncated");
    }

    /**
     * Linux's form of a VF image (no GGTT-base KLV) decodes as genscope's own: the base inferred from
     * the context images, or given with --ggtt-base; the commands are the same.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"neo2-lnl", "neo2-ptl"})
    void linuxsStreamDecodesWithTheBaseInferredOrGiven(String name) throws IOException {
        Path image = dir.resolve(name + ".xevf");
        Path capture = Path.of(System.getProperty("genscope.fixtures", "../fixtures"), "captures", name + ".aub.xz");
        assertThat(Cli.run("vf-image", "--ggtt-base", "0x1230000", capture.toString(), image.toString()).exit()).isZero();
        Path linux = io.genscope.repl.XeVfShellTest.withoutBase(image, dir.resolve(name + "-linux.xevf"));

        Cli own = Cli.run("decode", "--headers", image.toString());
        Cli inferred = Cli.run("decode", "--headers", linux.toString());
        Cli given = Cli.run("decode", "--headers", "--ggtt-base", "0x1230000", linux.toString());

        assertThat(inferred.out()).contains("GGTT base:        0x1230000, not in the data; inferred from the register state");
        assertThat(given.out()).contains("GGTT base:        0x1230000, given with --ggtt-base");
        List<String> commands = commands(own.out());
        assertThat(commands).isNotEmpty().anySatisfy(l -> assertThat(l).startsWith("0x0125"));
        assertThat(commands(inferred.out())).isEqualTo(commands);
        assertThat(commands(given.out())).isEqualTo(commands);
        assertThat(List.of(inferred.exit(), given.exit())).isEqualTo(List.of(own.exit(), own.exit()));
    }

    private static List<String> commands(String out) {
        return out.lines().filter(l -> l.startsWith("0x") || l.startsWith("context ")).toList();
    }

    @Test
    void ggttBaseIsForVfDataAndAPage() throws IOException {
        Path f = stream("vf.bin", true);
        assertThat(Cli.run("decode", "--ggtt-base", "0x1234", f.toString()).err()).contains("--ggtt-base 0x1234: not aligned");
        assertThat(Cli.run("decode", "--ggtt-base", "4G", f.toString()).err()).contains("--ggtt-base");
        Path skl = Path.of(System.getProperty("genscope.fixtures", "../fixtures"), "captures", "iris-skl.aub.xz");
        Cli aub = Cli.run("decode", "--ggtt-base", "0x1000", skl.toString());
        assertThat(aub.exit()).isEqualTo(2);
        assertThat(aub.err()).contains("--ggtt-base places xe VF migration data");
        Cli placed = Cli.run("decode", "--ggtt-base", "0x100000", f.toString());
        assertThat(placed.out()).contains("GGTT base:        0x100000, given with --ggtt-base", "Contexts: 0 found");
    }
}
