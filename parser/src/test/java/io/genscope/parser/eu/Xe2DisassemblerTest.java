package io.genscope.parser.eu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Xe2 (gen20) and Xe3 (gen30) differences in CI, each with the text Mesa 25.0.7's {@code brw_disasm
 * --gen=lnl} printed for the same bytes (Xe3 prints them the same way).
 */
class Xe2DisassemblerTest {

    static List<String> disassemble(String gen, String hex) {
        byte[] b = HexFormat.ofDelimiter(" ").parseHex(hex);
        return List.of(EuDisassembler.forGen(gen).disassemble(b, 0, b.length).text().split("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lnl", "ptl"})
    void halfFloatImmediatesPrintTheirValue(String gen) {
        assertThat(disassemble(gen, "61 b4 e2 12 50 49 a7 f2 37 0d 04 02 0e 27 12 65")).containsExactly(
                "mov(1)          g242.20<4>W     0x270eHF        /* 0.0275574HF */ { align1 5N @5 $20.src };");
        assertThat(disassemble(gen, "61 b4 e2 12 50 49 a7 f2 37 0d 04 02 0e fc 12 65")).containsExactly(
                "mov(1)          g242.20<4>W     0xfc0eHF        /* -nanHF */    { align1 5N @5 $20.src };");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lnl", "ptl"})
    void sixtyFourBitImmediateIsReadAsItsDwordsSwapped(String gen) {
        assertThat(disassemble(gen, "c0 47 a7 93 62 db 8f be 8c ef 1a 56 7b 7e 60 d5")).containsExactly(
                "add(2)          g190.8<4>D      0x561aef8cd5607e7bDF /* 6.17771e+106DF */ -715096453D { align1 WE_all 7N A@2 $7.dst };");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lnl", "ptl"})
    void dpasAndSyncFence(String gen) {
        assertThat(disassemble(gen, "59 c8 45 80 a6 11 57 3d 55 bf 8a d1 7c ba 3e 4d")).containsExactly(
                "dpas.sat.8x3(2) g61.10<1>F      g191.10<1,1,0>HF g186.15<1,1,0>HF g77.7<1,1,0>F { align1 WE_all 1N @6 $8 };");
        assertThat(disassemble(gen, "81 68 77 00 a2 0a b4 02 71 85 a6 da 7a 07 e4 5a")).containsExactly(
                "sync fence(32)                  cr5.7<2,8,1>F                   { align1 A@3 $8.dst };");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lnl", "ptl"})
    void kernelEndsAtAnOpcodeTheGenerationLacksWithMesasValidatorLine(String gen) {
        byte[] b = HexFormat.ofDelimiter(" ").parseHex("61 b4 e2 12 50 42 a7 f2 37 0d 04 02 0e 27 12 65 "
                + "7f b4 e2 12 50 42 a7 f2 37 0d 04 02 0e 27 12 65 61 b4 e2 12 50 42 a7 f2 37 0d 04 02 0e 27 12 65");
        EuListing k = EuDisassembler.forGen(gen).disassembleKernel(b, 0);
        assertThat(k.problems()).isEmpty();
        assertThat(k.end()).isEqualTo(32);
        assertThat(k.text()).isEqualTo("""
                mov(1)          g242.20<4>W     0x6512270eUD                    { align1 5N @5 $20.src };
                illegal(1)                                                      { align1 5N @5 $20.src };
                \tERROR: Instruction not supported on this Gen
                """);
        // the plain listing (brw_disasm) has no validator line and goes on
        assertThat(EuDisassembler.forGen(gen).disassemble(b, 0, b.length).lines()).hasSize(3);
    }
}
