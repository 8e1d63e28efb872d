package io.genscope.parser.eu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generation differences the suites and captures do not reach, each with the text Mesa 22.3.6's
 * {@code i965_disasm} printed for the same bytes.
 */
class EuGenerationsTest {

    static List<String> disassemble(String gen, String hex) {
        byte[] b = HexFormat.ofDelimiter(" ").parseHex(hex);
        return List.of(EuDisassembler.forGen(gen).disassemble(b, 0, b.length).text().split("\n"));
    }

    @Test
    void anOpcodeTheTableLacksPrintsAsIllegal() {
        assertThat(disassemble("skl", "0b 00 60 00 e8 0a 80 2f e0 00 8d 0e 01 00 00 00"))
                .containsExactly("illegal(8)                                                      { align1 1Q };");
    }

    @Test
    void gen8DescriptorImmediateHas29Bits() {
        // bits 125 and 126 set: gen9 would read SIMD8H and HP from them, gen8 does not
        assertThat(disassemble("bdw", "31 00 60 02 48 02 80 2f a0 01 8d 06 01 70 42 68")).containsExactly(
                "send(8)         g124<1>UW       g13<8,8,1>UD    0x68427001",
                "                            sampler MsgDesc: ld SIMD8 Surface = 1 Sampler = 0 mlen 4 rlen 4 { align1 1Q };");
    }

    @Test
    void gen7LogicSourceModifierIsANegate() {
        // and(8) with src0 negated: gen8+ print "~", gen7 "-"
        assertThat(disassemble("hsw", "05 00 60 00 21 04 80 21 40 40 8d 00 ff ff 00 00")).containsExactly(
                "and(8)          g12<1>UD        -g2<8,8,1>UD    -(abs)g[a0.7 1023]<0,1,0>UD { align1 1Q };");
    }
}
