package io.genscope.parser.eu;

import static io.genscope.parser.eu.EuIsa.REG_IMM;

import io.genscope.eu.EuOpcode;
import io.genscope.eu.EuSpec;

/**
 * Expands compacted (64-bit) instructions into the native 128-bit form: fields copied across,
 * compaction-table entries scattered to where the spec says their bits go.
 */
final class EuUncompactor {
    private final EuIsa isa;
    private final EuSpec spec;
    private final int ver;

    EuUncompactor(EuIsa isa) {
        this.isa = isa;
        this.spec = isa.spec;
        this.ver = isa.ver;
    }

    /** Expands a 64-bit compacted instruction into the native 128-bit form. */
    long[] uncompact(long compact) {
        long[] c = {compact, 0};
        long[] d = new long[2];
        int hw = (int) isa.compactField("hw_opcode").get(c);
        EuOpcode op = isa.opcode(hw);
        if (ver >= 12) return uncompact12(c, hw, op);
        if (ver >= 8 && op != null && op.srcs() == 3) { // gen7 compacts no 3-source instruction
            setField(d, "3src_hw_opcode", hw);
            scatter(d, "3src_control_index", tableEntry("3src_control_index", isa.compactField("3src_control_index").get(c)));
            scatter(d, "3src_source_index", tableEntry("3src_source_index", isa.compactField("3src_source_index").get(c)));
            setField(d, "3src_dst_reg_nr", isa.compactField("3src_dst_reg_nr").get(c));
            setField(d, "3src_a16_src0_rep_ctrl", isa.compactField("3src_src0_rep_ctrl").get(c));
            setField(d, "3src_debug_control", isa.compactField("3src_debug_control").get(c));
            setField(d, "3src_saturate", isa.compactField("3src_saturate").get(c));
            setField(d, "3src_a16_src1_rep_ctrl", isa.compactField("3src_src1_rep_ctrl").get(c));
            setField(d, "3src_a16_src2_rep_ctrl", isa.compactField("3src_src2_rep_ctrl").get(c));
            for (String s : new String[] {"src0", "src1", "src2"}) {
                setField(d, "3src_" + s + "_reg_nr", isa.compactField("3src_" + s + "_reg_nr").get(c));
                setField(d, "3src_a16_" + s + "_subreg_nr", isa.compactField("3src_" + s + "_subreg_nr").get(c));
            }
            setField(d, "3src_cmpt_control", 0);
            return d;
        }
        setField(d, "hw_opcode", hw);
        setField(d, "debug_control", isa.compactField("debug_control").get(c));
        scatter(d, "control_index", tableEntry("control_index", isa.compactField("control_index").get(c)));
        scatter(d, "datatype", tableEntry("datatype", isa.compactField("datatype_index").get(c)));
        scatter(d, "subreg", tableEntry("subreg", isa.compactField("subreg_index").get(c)));
        scatter(d, "src_index0", tableEntry("src_index", isa.compactField("src0_index").get(c)));
        String immType = null;
        if (isa.field("src0_reg_file").get(d) == REG_IMM) immType = isa.typeLetters("src0", d);
        else if (isa.field("src1_reg_file").get(d) == REG_IMM) immType = isa.typeLetters("src1", d);
        if (immType != null && !immType.equals("INVALID")) {
            long imm = isa.compactField("imm").get(c);
            long v = ((imm << 51) >> 51) & 0xffffffffL; // the 13-bit value sign-extended
            setField(d, "imm32", v);
        } else {
            scatter(d, "src_index1", tableEntry("src_index", isa.compactField("src1_index").get(c)));
            setField(d, "src1_da_reg_nr", isa.compactField("src1_reg_nr").get(c));
        }
        setField(d, "acc_wr_control", isa.compactField("acc_wr_control").get(c));
        setField(d, "cond_modifier", isa.compactField("cond_modifier").get(c));
        setField(d, "dst_da_reg_nr", isa.compactField("dst_reg_nr").get(c));
        setField(d, "src0_da_reg_nr", isa.compactField("src0_reg_nr").get(c));
        setField(d, "cmpt_control", 0);
        return d;
    }

    private long[] uncompact12(long[] c, int hw, EuOpcode op) {
        long[] d = new long[2];
        if (op != null && op.srcs() == 3) {
            setField(d, "3src_hw_opcode", hw);
            scatter(d, "3src_control_index", tableEntry("3src_control_index", isa.compactField("3src_control_index").get(c)));
            scatter(d, "3src_source_index", tableEntry("3src_source_index", isa.compactField("3src_source_index").get(c)));
            scatter(d, "3src_subreg", tableEntry("3src_subreg", isa.compactField("3src_subreg_index").get(c)));
            setField(d, "3src_debug_control", isa.compactField("3src_debug_control").get(c));
            setField(d, "3src_swsb", isa.compactField("3src_swsb").get(c));
            for (String s : new String[] {"dst", "src0", "src1", "src2"}) {
                setField(d, "3src_" + s + "_reg_nr", isa.compactField("3src_" + s + "_reg_nr").get(c));
            }
            setField(d, "3src_cmpt_control", 0);
            return d;
        }
        setField(d, "hw_opcode", hw);
        setField(d, "debug_control", isa.compactField("debug_control").get(c));
        scatter(d, "control_index", tableEntry("control_index", isa.compactField("control_index").get(c)));
        scatter(d, "datatype", tableEntry("datatype", isa.compactField("datatype_index").get(c)));
        scatter(d, "subreg", tableEntry("subreg", isa.compactField("subreg_index").get(c)));
        scatter(d, "src_index0", tableEntry("src0_index", isa.compactField("src0_index").get(c)));
        String immType = null;
        if (isa.regFile(d, "src0") == REG_IMM) immType = isa.typeLetters("src0", d);
        else if (isa.regFile(d, "src1") == REG_IMM) immType = isa.typeLetters("src1", d);
        if (immType != null && !immType.equals("INVALID")) {
            long imm = isa.compactField("imm").get(c);
            long v = switch (immType) {
                case "F" -> imm << 20;
                case "HF" -> (imm << 20) | (imm << 4);
                case "UW" -> (imm << 16) | imm;
                case "D" -> (imm << 52) >> 52;
                case "W" -> (((imm << 52) >> 52) << 16) | (((imm << 52) >> 52) & 0xffff);
                default -> imm;
            };
            setField(d, "imm32", v & 0xffffffffL);
        } else {
            scatter(d, "src_index1", tableEntry("src1_index", isa.compactField("src1_index").get(c)));
            setField(d, "src1_da_reg_nr", isa.compactField("src1_reg_nr").get(c));
        }
        setField(d, "swsb", isa.compactField("swsb").get(c));
        setField(d, "dst_da_reg_nr", isa.compactField("dst_reg_nr").get(c));
        setField(d, "src0_da_reg_nr", isa.compactField("src0_reg_nr").get(c));
        setField(d, "cmpt_control", 0);
        return d;
    }

    private long tableEntry(String table, long index) {
        long[] t = spec.table(table);
        if (index >= t.length) throw new IllegalStateException("compaction index " + index + " outside table " + table);
        return t[(int) index];
    }

    private void scatter(long[] d, String name, long value) { isa.scatter(name).put(d, value); }

    private void setField(long[] d, String name, long value) { isa.field(name).put(d, value); }
}
