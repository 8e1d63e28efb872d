package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code genscope disasm}, run unregistered through its own CommandLine. */
class DisasmCommandTest {

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new DisasmCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static final String HEX = """
            40 00 60 00 e8 0a 80 2f e0 00 8d 0e 01 00 00 00
            40 00 80 00 e8 0a 00 2f 60 01 8d 0e 01 00 00 00
            """;

    @Test
    void hexTextPrintsMesaSyntax(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("add.hex");
        Files.writeString(f, HEX);
        Run r = run("--gen", "skl", "--hex", f.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("""
                add(8)          g124<1>F        g7<8,8,1>D      1D              { align1 1Q };
                add(16)         g120<1>F        g11<8,8,1>D     1D              { align1 1H };
                """);
    }

    @Test
    void binaryTruncatedReportsOffsetAndKeepsTheRest(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[16 + 5];
        String[] first = HEX.lines().findFirst().orElseThrow().trim().split(" ");
        for (int i = 0; i < 16; i++) bytes[i] = (byte) Integer.parseInt(first[i], 16);
        Path f = dir.resolve("add.bin");
        Files.write(f, bytes);
        Run r = run("--gen", "gen9", f.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("add(8)");
        assertThat(r.err()).contains("offset 0x10").contains("truncated");
    }

    @Test
    void jsonCarriesFields(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("add.hex");
        Files.writeString(f, HEX);
        Run r = run("--gen", "gen9", "--hex", "--json", f.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"opcode\":\"add\"").contains("\"exec_size\":3").contains("\"dst_da_reg_nr\":124");
    }

    @Test
    void badHexIsReportedWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.hex");
        Files.writeString(f, "40 zz\n");
        Run r = run("--gen", "gen9", "--hex", f.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bad.hex:1:4: not a hex byte pair: zz");
    }

    @Test
    void gen12CompactedAndNativeMixed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tgl.hex");
        Files.writeString(f, """
                40 00 03 00 a0 86 05 7c 05 07 46 06 01 00 00 00
                40 00 04 20 08 01 31 01
                """);
        Run r = run("--gen", "tgl", "--hex", f.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().toList()).hasSize(2).allMatch(l -> l.startsWith("add("));
        assertThat(r.out().lines().toList().get(1)).contains("compacted");
    }

    @Test
    void haswellAndDg2ByPlatformName(@TempDir Path dir) throws Exception {
        Path hsw = dir.resolve("hsw.hex");
        Files.writeString(hsw, "40 00 60 00 bd 1c 80 2f 20 01 8d 00 01 00 00 00\n");
        Run r = run("--gen", "hsw", "--hex", hsw.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).isEqualTo("add(8)          g124<1>F        g9<8,8,1>D      1D              { align1 1Q };");
        Path dg2 = dir.resolve("dg2.hex");
        Files.writeString(dg2, "40 00 03 00 a0 86 05 7c 05 07 46 06 01 00 00 00\n");
        r = run("--gen", "dg2", "--hex", dg2.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("add(8)");
    }

    @Test
    void unsupportedGenerationIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.hex");
        Files.writeString(f, "40 00\n");
        // every generation genscope knows has an EU spec now (Xe2/Xe3 included): a name it does not know
        Run r = run("--gen", "gen6", "--hex", f.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("gen6");
    }

    @Test
    void assembleRoundTripsToHexAndRefusesToReplaceOutput(@TempDir Path dir) throws Exception {
        Path hex = dir.resolve("add.hex");
        Files.writeString(hex, HEX);
        Path asm = dir.resolve("add.s");
        Files.writeString(asm, run("--gen", "skl", "--hex", hex.toString()).out());
        Run r = run("--gen", "skl", "--assemble", "--hex", asm.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(HEX.replace("            ", ""));
        Path bin = dir.resolve("add.bin");
        assertThat(run("--gen", "skl", "--assemble", "-o", bin.toString(), asm.toString()).exit()).isZero();
        assertThat(Files.size(bin)).isEqualTo(32);
        Run again = run("--gen", "skl", "--assemble", "-o", bin.toString(), asm.toString());
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("--force");
    }

    @Test
    void assembleReportsABadLineAndKeepsTheRest(@TempDir Path dir) throws Exception {
        Path asm = dir.resolve("bad.s");
        Files.writeString(asm, """
                add(8)          g124<1>F        g7<8,8,1>D      1D              { align1 1Q };
                add(8)          g124<1>F        g7<8,8,1>D      1Z              { align1 1Q };
                """);
        Run r = run("--gen", "skl", "--assemble", "--hex", asm.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bad.s:2:");
        assertThat(r.out().lines()).hasSize(1);
    }
}
