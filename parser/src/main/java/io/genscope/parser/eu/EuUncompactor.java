package io.genscope.parser.eu;

import static io.genscope.parser.eu.EuIsa.REG_IMM;

import io.genscope.eu.BitField;
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
        int hw = (int) spec.compactField("hw_opcode").get(c);
        EuOpcode op = spec.opcodes().get(hw);
        if (ver >= 12) return uncompact12(c, hw, op);
        if (op != null && op.srcs() == 3) {
            setField(d, "3src_hw_opcode", hw);
            scatter(d, "3src_control_index", tableEntry("3src_control_index", spec.compactField("3src_control_index").get(c)));
            scatter(d, "3src_source_index", tableEntry("3src_source_index", spec.compactField("3src_source_index").get(c)));
            setField(d, "3src_dst_reg_nr", spec.compactField("3src_dst_reg_nr").get(c));
            setField(d, "3src_a16_src0_rep_ctrl", spec.compactField("3src_src0_rep_ctrl").get(c));
            setField(d, "3src_debug_control", spec.compactField("3src_debug_control").get(c));
            setField(d, "3src_saturate", spec.compactField("3src_saturate").get(c));
            setField(d, "3src_a16_src1_rep_ctrl", spec.compactField("3src_src1_rep_ctrl").get(c));
            setField(d, "3src_a16_src2_rep_ctrl", spec.compactField("3src_src2_rep_ctrl").get(c));
            for (String s : new String[] {"src0", "src1", "src2"}) {
                setField(d, "3src_" + s + "_reg_nr", spec.compactField("3src_" + s + "_reg_nr").get(c));
                setField(d, "3src_a16_" + s + "_subreg_nr", spec.compactField("3src_" + s + "_subreg_nr").get(c));
            }
            setField(d, "3src_cmpt_control", 0);
            return d;
        }
        setField(d, "hw_opcode", hw);
        setField(d, "debug_control", spec.compactField("debug_control").get(c));
        scatter(d, "control_index", tableEntry("control_index", spec.compactField("control_index").get(c)));
        scatter(d, "datatype", tableEntry("datatype", spec.compactField("datatype_index").get(c)));
        scatter(d, "subreg", tableEntry("subreg", spec.compactField("subreg_index").get(c)));
        scatter(d, "src_index0", tableEntry("src_index", spec.compactField("src0_index").get(c)));
        String immType = null;
        if (spec.field("src0_reg_file").get(d) == REG_IMM) immType = isa.typeLetters("src0", d);
        else if (spec.field("src1_reg_file").get(d) == REG_IMM) immType = isa.typeLetters("src1", d);
        if (immType != null && !immType.equals("INVALID")) {
            long imm = spec.compactField("imm").get(c);
            long v = ((imm << 51) >> 51) & 0xffffffffL; // the 13-bit value sign-extended
            setField(d, "imm32", v);
        } else {
            scatter(d, "src_index1", tableEntry("src_index", spec.compactField("src1_index").get(c)));
            setField(d, "src1_da_reg_nr", spec.compactField("src1_reg_nr").get(c));
        }
        setField(d, "acc_wr_control", spec.compactField("acc_wr_control").get(c));
        setField(d, "cond_modifier", spec.compactField("cond_modifier").get(c));
        setField(d, "dst_da_reg_nr", spec.compactField("dst_reg_nr").get(c));
        setField(d, "src0_da_reg_nr", spec.compactField("src0_reg_nr").get(c));
        setField(d, "cmpt_control", 0);
        return d;
    }

    private long[] uncompact12(long[] c, int hw, EuOpcode op) {
        long[] d = new long[2];
        if (op != null && op.srcs() == 3) {
            setField(d, "3src_hw_opcode", hw);
            scatter(d, "3src_control_index", tableEntry("3src_control_index", spec.compactField("3src_control_index").get(c)));
            scatter(d, "3src_source_index", tableEntry("3src_source_index", spec.compactField("3src_source_index").get(c)));
            scatter(d, "3src_subreg", tableEntry("3src_subreg", spec.compactField("3src_subreg_index").get(c)));
            setField(d, "3src_debug_control", spec.compactField("3src_debug_control").get(c));
            setField(d, "3src_swsb", spec.compactField("3src_swsb").get(c));
            for (String s : new String[] {"dst", "src0", "src1", "src2"}) {
                setField(d, "3src_" + s + "_reg_nr", spec.compactField("3src_" + s + "_reg_nr").get(c));
            }
            setField(d, "3src_cmpt_control", 0);
            return d;
        }
        setField(d, "hw_opcode", hw);
        setField(d, "debug_control", spec.compactField("debug_control").get(c));
        scatter(d, "control_index", tableEntry("control_index", spec.compactField("control_index").get(c)));
        scatter(d, "datatype", tableEntry("datatype", spec.compactField("datatype_index").get(c)));
        scatter(d, "subreg", tableEntry("subreg", spec.compactField("subreg_index").get(c)));
        scatter(d, "src_index0", tableEntry("src0_index", spec.compactField("src0_index").get(c)));
        String immType = null;
        if (isa.regFile(d, "src0") == REG_IMM) immType = isa.typeLetters("src0", d);
        else if (isa.regFile(d, "src1") == REG_IMM) immType = isa.typeLetters("src1", d);
        if (immType != null && !immType.equals("INVALID")) {
            long imm = spec.compactField("imm").get(c);
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
            scatter(d, "src_index1", tableEntry("src1_index", spec.compactField("src1_index").get(c)));
            setField(d, "src1_da_reg_nr", spec.compactField("src1_reg_nr").get(c));
        }
        setField(d, "swsb", spec.compactField("swsb").get(c));
        setField(d, "dst_da_reg_nr", spec.compactField("dst_reg_nr").get(c));
        setField(d, "src0_da_reg_nr", spec.compactField("src0_reg_nr").get(c));
        setField(d, "cmpt_control", 0);
        return d;
    }

    private long tableEntry(String table, long index) {
        long[] t = spec.table(table);
        if (index >= t.length) throw new IllegalStateException("compaction index " + index + " outside table " + table);
        return t[(int) index];
    }

    private void scatter(long[] d, String name, long value) { put(d, spec.scatter().get(name), value); }

    private void setField(long[] d, String name, long value) { put(d, spec.field(name), value); }

    private static void put(long[] d, BitField f, long value) {
        int shift = f.width();
        for (BitField.Piece p : f.pieces()) {
            int w = p.hi() < 0 ? p.lo() : p.hi() - p.lo() + 1;
            shift -= w;
            if (p.hi() >= 0) BitField.setBits(d, p.hi(), p.lo(), value >>> shift);
        }
    }
}
