package io.genscope.eu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EuSpecLoaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"gen7", "gen75", "gen8", "gen9", "gen11", "gen12", "gen125"})
    void everyFamilyLoadsWithItsCoreFacts(String family) {
        EuSpec s = EuSpecLoader.load(family);
        assertThat(s.name()).isEqualTo(family);
        assertThat(s.field("hw_opcode").pieces()).containsExactly(new BitField.Piece(6, 0));
        assertThat(s.field("cmpt_control").get(new long[] {1L << 29, 0})).isEqualTo(1);
        assertThat(s.opcodes().values()).extracting(EuOpcode::name).contains("add", "mov", "send", "mad");
        assertThat(s.table("control_index")).hasSize(32);
        assertThat(s.names("conditional_modifier")).containsEntry(1, ".z");
    }

    @Test
    void laterFamiliesStateOnlyDifferences() {
        EuSpec gen8 = EuSpecLoader.load("bdw");
        EuSpec gen9 = EuSpecLoader.load("skl");
        EuSpec gen12 = EuSpecLoader.load("tgl");
        assertThat(gen8.opcodes().values()).extracting(EuOpcode::name).doesNotContain("sends");
        assertThat(gen9.opcodes().values()).extracting(EuOpcode::name).contains("sends");
        assertThat(gen8.opcodes().get(1).name()).isEqualTo("mov");
        assertThat(gen12.opcodes().get(97).name()).isEqualTo("mov");
        assertThat(gen12.fields()).doesNotContainKey("access_mode");
        assertThat(gen12.table("src0_index")).hasSize(16);
    }

    @Test
    void gen75AndGen125StateTheirDifferences() {
        EuSpec hsw = EuSpecLoader.load("hsw");
        EuSpec ivb = EuSpecLoader.load("ivb");
        EuSpec dg2 = EuSpecLoader.load("dg2");
        assertThat(hsw.field("dst_reg_file").pieces()).containsExactly(new BitField.Piece(33, 32));
        assertThat(hsw.field("jip").width()).isEqualTo(16);
        assertThat(hsw.tables()).doesNotContainKey("3src_control_index");
        assertThat(hsw.opcodes().get(10).name()).isEqualTo("dim");
        assertThat(ivb.opcodes()).doesNotContainKey(10);
        assertThat(dg2.opcodes().get(82).name()).isEqualTo("add3");
        assertThat(dg2.table("src0_index")[0]).isNotEqualTo(EuSpecLoader.load("tgl").table("src0_index")[0]);
        assertThat(dg2.names("lsc_operation")).containsEntry(31, "fence");
        assertThat(EuSpecLoader.load("tgl").names("lsc_operation")).isEmpty();
    }

    @Test
    void piecesConcatenateMostSignificantFirstWithZeroPads() {
        EuSpec gen9 = EuSpecLoader.load("gen9");
        BitField ex = gen9.field("sends_ex_desc"); // 95:80, 0{6}, 67:64, 0{6}
        long[] w = new long[2];
        BitField.setBits(w, 95, 80, 0xabcd);
        BitField.setBits(w, 67, 64, 0x5);
        assertThat(ex.width()).isEqualTo(32);
        assertThat(ex.get(w)).isEqualTo(0xabcd0000L | (0x5L << 6));
    }

    @Test
    void syntaxErrorsNameResourceLineAndColumn() {
        assertThatThrownBy(() -> EuSpecLoader.parse("t.euspec", "isa x;\nfield native a = 3:;\n"))
                .isInstanceOf(EuSpecException.class).hasMessageContaining("t.euspec:2:");
    }

    @Test
    void unknownGenerationIsAnError() {
        assertThatThrownBy(() -> EuSpecLoader.load("gen42")).isInstanceOf(EuSpecException.class);
    }
}
