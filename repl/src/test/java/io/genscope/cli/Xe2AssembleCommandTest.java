package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code genscope disasm --assemble --gen lnl|bmg|ptl}: Xe2 and Xe3 assembly text back to instruction bytes. */
class Xe2AssembleCommandTest {

    /** Three instructions of the Lunar Lake capture's kernel: an and, a load/store send, a mov. */
    static final String LNL_KERNEL = """
            65 a0 00 80 20 82 05 7f 04 00 00 02 c0 ff ff ff
            31 21 03 80 00 00 0c 03 8f 7f 00 fa 03 00 70 f6
            """;

    @ParameterizedTest
    @ValueSource(strings = {"lnl", "bmg", "gen20"})
    void captureKernelComesBackByteForByte(String gen, @TempDir Path dir) throws Exception {
        Path hex = dir.resolve("k.hex");
        Files.writeString(hex, LNL_KERNEL);
        Path asm = dir.resolve("k.s");
        Files.writeString(asm, DisasmCommandTest.run("--gen", gen, "--hex", hex.toString()).out());
        DisasmCommandTest.Run r = DisasmCommandTest.run("--gen", gen, "--assemble", "--hex", asm.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(LNL_KERNEL);
    }

    /**
     * Mesa 25's text of random Xe2 bits (a half-float immediate, compaction, three sources, an LSC
     * send): assembled, the bytes print the same text again (random bits hold more than the text).
     */
    @ParameterizedTest
    @ValueSource(strings = {"lnl", "ptl"})
    void mesaTextAssemblesToBytesThatPrintItAgain(String gen, @TempDir Path dir) throws Exception {
        Path asm = dir.resolve("xe2.s");
        Files.writeString(asm, Xe2DisasmCommandTest.MESA);
        Path bin = dir.resolve("xe2.bin");
        DisasmCommandTest.Run r = DisasmCommandTest.run("--gen", gen, "--assemble", "-o", bin.toString(), asm.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(Files.size(bin)).isEqualTo(5 * 16 + 8);
        assertThat(DisasmCommandTest.run("--gen", gen, bin.toString()).out()).isEqualTo(Xe2DisasmCommandTest.MESA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lnl", "ptl"})
    void badXe2LineIsReportedWithItsPlace(String gen, @TempDir Path dir) throws Exception {
        Path asm = dir.resolve("bad.s");
        Files.writeString(asm, """
                and(1)          g127<1>UD       g0<0,1,0>UD     0xffffffc0UD    { align1 WE_all 1N $0.src };
                and(1)          g127<1>UD       g0<0,1,0>UD     0xffffffc0UD    { align1 WE_all 2N $0.src };
                """);
        DisasmCommandTest.Run r = DisasmCommandTest.run("--gen", gen, "--assemble", "--hex", asm.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bad.s:2:").contains("nibble");
        assertThat(r.out().lines()).hasSize(1);
    }
}
