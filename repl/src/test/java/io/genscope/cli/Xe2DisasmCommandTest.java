package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code genscope disasm --gen lnl|bmg|ptl}: Xe2 and Xe3 instructions (native, compacted, a
 * load/store send) printed as Mesa 25.0.7's {@code brw_disasm --gen=lnl|bmg|ptl} prints the same
 * bytes (the expected text is its output).
 */
class Xe2DisasmCommandTest {

    static final String HEX = """
            61 b4 e2 12 50 42 a7 f2 37 0d 04 02 0e 27 12 65
            40 98 31 91 60 02 dd 0e 94 5d 30 02 f5 4e e6 81
            69 e6 45 2f 29 69 cc cd
            db e2 b1 00 20 1a ef f9 95 d1 12 0a b5 d7 ed 0b
            52 77 ec 82 22 3a 6f 50 15 af 12 0a d5 61 e5 95
            b1 fe 43 83 8b 93 2c 10 d7 bd 3e ff 65 8a 20 09
            """;

    static final String MESA = """
            mov(1)          g242.20<4>W     0x6512270eUD                    { align1 5N @5 $20.src };
            add(16)         g14.13<1>D      g93.9<4,1,0>UD  (abs)g78.15<32,8,1>UD { align1 WE_all 1H @4 $24.dst };
            shl.ge.f0.0(1)  g41<1>UD        -g105.6<0,1,0>UD tm13.44<0,1,0>UB { align1 WE_all 1N @7 $6.dst compacted };
            mad(16)         g249<1>UD       (abs)g209.9<4,4,1>UD g215.11<4,4,1>UD (abs)g11.14<1,1,1>UD { align1 1H @7 $2.dst };
            add3(8)         g80<1>UD        -(abs)g175.1<4,4,1>UD g97.13<4,4,1>UD (abs)g149.14<1,1,1>UD { align1 WE_all 3Q @7 };
            send(1)         g16UD           g189UD          g138UD          0xb454879f                0x07938b00
                                        ugm MsgDesc: ( fence, a64, gpu, none, route_to_lsc dst_len = 5, src0_len = 10, src1_len = 12 bss )  surface_state_index 1986092  { align1 WE_all 7N I@7 $30 atomic };
            """;

    @ParameterizedTest
    @ValueSource(strings = {"lnl", "bmg", "ptl", "gen20", "gen30"})
    void xe2AndXe3HexPrintLikeMesa25(String gen, @TempDir Path dir) throws Exception {
        Path f = dir.resolve("xe2.hex");
        Files.writeString(f, HEX);
        DisasmCommandTest.Run r = DisasmCommandTest.run("--gen", gen, "--hex", f.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(MESA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lnl", "ptl"})
    void jsonCarriesXe2Fields(String gen, @TempDir Path dir) throws Exception {
        Path f = dir.resolve("xe2.hex");
        Files.writeString(f, HEX);
        DisasmCommandTest.Run r = DisasmCommandTest.run("--gen", gen, "--hex", "--json", f.toString());
        assertThat(r.exit()).isZero();
        // add(16): exec size 4 in Xe2's bits 20:18, register distance 4 and token 24 in its 10-bit SWSB
        assertThat(r.out()).contains("\"gen\":\"" + (gen.equals("lnl") ? "gen20" : "gen30") + "\"")
                .contains("\"opcode\":\"add\"").contains("\"exec_size\":4").contains("\"swsb\":408")
                .contains("\"compacted\":true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lnl", "ptl"})
    void binaryInputTruncatedIsAProblemWithItsOffset(String gen, @TempDir Path dir) throws Exception {
        byte[] all = java.util.HexFormat.ofDelimiter(" ").parseHex(HEX.replace('\n', ' ').trim());
        Path f = dir.resolve("xe2.bin");
        Files.write(f, java.util.Arrays.copyOf(all, 16 + 16 + 5));
        DisasmCommandTest.Run r = DisasmCommandTest.run("--gen", gen, f.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo(String.join("\n", MESA.lines().limit(2).toList()) + "\n");
        assertThat(r.err()).contains("offset 0x20").contains("truncated");
    }
}
