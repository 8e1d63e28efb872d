package io.genscope.eu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EuSpecLoaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"gen7", "gen75", "gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
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
    void xe2AndXe3StateTheirDifferences() {
        EuSpec lnl = EuSpecLoader.load("lnl");
        EuSpec ptl = EuSpecLoader.load("ptl");
        assertThat(EuSpecLoader.load("bmg").name()).isEqualTo("gen20");
        assertThat(lnl.name()).isEqualTo("gen20");
        assertThat(ptl.name()).isEqualTo("gen30");
        // 64-byte registers: the subregister number gains a low bit (here bit 33 for the destination)
        assertThat(lnl.field("dst_da1_subreg_nr").pieces()).containsExactly(new BitField.Piece(55, 51), new BitField.Piece(33, 33));
        assertThat(lnl.field("swsb").width()).isEqualTo(10);
        assertThat(lnl.fields()).doesNotContainKeys("acc_wr_control", "nib_control");
        assertThat(lnl.compactField("datatype_index").pieces()).containsExactly(new BitField.Piece(31, 30), new BitField.Piece(28, 26));
        assertThat(lnl.table("src0_index")).hasSize(8);
        assertThat(lnl.table("3src_dpas_control_index")).hasSize(16);
        assertThat(lnl.opcodes().get(89).name()).isEqualTo("dpas");
        assertThat(lnl.names("pred_ctrl_align1")).containsEntry(2, ".any").containsEntry(3, ".all");
        assertThat(lnl.names("lsc_cache_load")).containsEntry(9, "L1C_L3CC");
        assertThat(EuSpecLoader.load("dg2").fields()).doesNotContainKey("send_src0_subreg_nr");
        assertThat(lnl.fields()).doesNotContainKey("send_src0_subreg_nr");
        assertThat(ptl.field("send_src0_subreg_nr").pieces()).containsExactly(new BitField.Piece(103, 99));
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
