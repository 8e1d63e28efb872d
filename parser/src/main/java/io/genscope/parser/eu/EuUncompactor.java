package io.genscope.parser.eu;

import static io.genscope.parser.eu.EuIsa.REG_IMM;

import io.genscope.eu.EuOpcode;
import io.genscope.eu.EuSpecException;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands compacted (64-bit) instructions into the native 128-bit form: fields copied across,
 * compaction-table entries scattered to where the spec says their bits go. What to copy and
 * expand is resolved from the spec once, into fields and tables held directly (no lookup by name
 * per instruction); a layout the spec cannot describe fails when an instruction needs it.
 */
final class EuUncompactor {
    private final EuIsa isa;
    private final int ver;
    private final EuField hwOpcode, imm, imm32, src0RegFile, src1RegFile;
    /** Two-source layout: before the immediate-or-src1 choice, the src1 steps when not immediate, after. */
    private final Plan head, src1, tail;
    /** Three-source layout (none before gen8); Xe2's dpas has tables of its own (else null). */
    private final Plan three, threeDpas;

    EuUncompactor(EuIsa isa) {
        this.isa = isa;
        this.ver = isa.ver;
        this.hwOpcode = compactOrNull("hw_opcode");
        this.imm = compactOrNull("imm");
        this.imm32 = isa.fieldOrNull("imm32");
        this.src0RegFile = isa.fieldOrNull("src0_reg_file");
        this.src1RegFile = isa.fieldOrNull("src1_reg_file");
        this.head = new Builder().head().plan();
        this.src1 = new Builder().src1().plan();
        this.tail = new Builder().tail().plan();
        this.three = ver < 8 ? null : new Builder().three("3src_").plan();
        this.threeDpas = isa.spec.tables().containsKey("3src_dpas_control_index") ? new Builder().three("3src_dpas_").plan() : null;
    }

    /** Expands a 64-bit compacted instruction into the native 128-bit form. */
    long[] uncompact(long compact) {
        long[] c = {compact, 0};
        long[] d = new long[2];
        if (hwOpcode == null) throw new EuSpecException(isa.spec.name() + ": no compact field hw_opcode");
        long hw = hwOpcode.get(c);
        EuOpcode op = isa.opcode(hw);
        if (three != null && op != null && op.srcs() == 3) { // gen7 compacts no 3-source instruction
            (threeDpas != null && op.name().equals("dpas") ? threeDpas : three).apply(c, d, hw);
            return d;
        }
        head.apply(c, d, hw);
        String immType = null;
        if (ver >= 12) {
            if (isa.regFile(d, "src0") == REG_IMM) immType = isa.typeLetters("src0", d);
            else if (isa.regFile(d, "src1") == REG_IMM) immType = isa.typeLetters("src1", d);
        } else {
            if (get(src0RegFile, "src0_reg_file", d) == REG_IMM) immType = isa.typeLetters("src0", d);
            else if (get(src1RegFile, "src1_reg_file", d) == REG_IMM) immType = isa.typeLetters("src1", d);
        }
        if (immType != null && !immType.equals("INVALID")) {
            long v = get(imm, "imm", c);
            if (ver >= 12) {
                v = switch (immType) {
                    case "F" -> v << 20;
                    case "HF" -> (v << 20) | (v << 4);
                    case "UW" -> (v << 16) | v;
                    case "D" -> (v << 52) >> 52;
                    case "W" -> (((v << 52) >> 52) << 16) | (((v << 52) >> 52) & 0xffff);
                    default -> v;
                };
            } else {
                v = (v << 51) >> 51; // the 13-bit value sign-extended
            }
            if (imm32 == null) throw new EuSpecException(isa.spec.name() + ": no native field imm32");
            imm32.put(d, v & 0xffffffffL);
        } else {
            src1.apply(c, d, hw);
        }
        tail.apply(c, d, hw);
        return d;
    }

    private long get(EuField f, String name, long[] w) {
        if (f == null) throw new EuSpecException(isa.spec.name() + ": no field " + name);
        return f.get(w);
    }

    private EuField compactOrNull(String name) {
        try {
            return isa.compactField(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- plans

    /** One write into the native form: a copied field, a table entry scattered, the opcode, or zero. */
    private sealed interface Step permits Copy, Expand, Set {
        void apply(long[] c, long[] d, long hw);
    }

    /** Compact field {@code from} copied into native field {@code to}. */
    private record Copy(EuField from, EuField to) implements Step {
        public void apply(long[] c, long[] d, long hw) { to.put(d, from.get(c)); }
    }

    /** The entry of {@code table} that compact field {@code index} selects, scattered by {@code scatter}. */
    private record Expand(EuField index, long[] table, String tableName, EuField scatter) implements Step {
        public void apply(long[] c, long[] d, long hw) {
            long i = index.get(c);
            if (i >= table.length) throw new IllegalStateException("compaction index " + i + " outside table " + tableName);
            scatter.put(d, table[(int) i]);
        }
    }

    /** A native field set to the hardware opcode ({@code opcode}) or to zero. */
    private record Set(EuField to, boolean opcode) implements Step {
        public void apply(long[] c, long[] d, long hw) { to.put(d, opcode ? hw : 0); }
    }

    /** The steps of one layout in order, or why the spec cannot describe it (thrown when needed). */
    private record Plan(Step[] steps, RuntimeException missing) {
        void apply(long[] c, long[] d, long hw) {
            if (missing != null) throw missing;
            for (Step s : steps) s.apply(c, d, hw);
        }
    }

    /**
     * Resolves step names against the spec, in order; the first missing field or table is kept and
     * thrown when the layout is used. Plain calls, no lambdas: this runs once per process, mostly
     * in the interpreter.
     */
    private final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private final boolean gen12 = ver >= 12;
        private RuntimeException missing;

        Builder head() {
            return set("hw_opcode").copy("debug_control", "debug_control").expand("control_index", "control_index")
                    .expand("datatype_index", "datatype", "datatype").expand("subreg_index", "subreg", "subreg")
                    .expand("src0_index", gen12 ? "src0_index" : "src_index", "src_index0");
        }

        Builder src1() {
            return expand("src1_index", gen12 ? "src1_index" : "src_index", "src_index1").copy("src1_reg_nr", "src1_da_reg_nr");
        }

        Builder tail() {
            if (gen12) {
                copy("swsb", "swsb");
            } else {
                copy("acc_wr_control", "acc_wr_control").copy("cond_modifier", "cond_modifier");
            }
            return copy("dst_reg_nr", "dst_da_reg_nr").copy("src0_reg_nr", "src0_da_reg_nr").zero("cmpt_control");
        }

        /** The 3-source steps with the tables named {@code tables + "control_index"} and {@code tables + "source_index"}. */
        Builder three(String tables) {
            set("3src_hw_opcode").expand("3src_control_index", tables.concat("control_index"), "3src_control_index")
                    .expand("3src_source_index", tables.concat("source_index"), "3src_source_index");
            if (gen12) {
                expand("3src_subreg_index", "3src_subreg", "3src_subreg").copy("3src_debug_control", "3src_debug_control")
                        .copy("3src_swsb", "3src_swsb").copy("3src_dst_reg_nr", "3src_dst_reg_nr")
                        .copy("3src_src0_reg_nr", "3src_src0_reg_nr").copy("3src_src1_reg_nr", "3src_src1_reg_nr")
                        .copy("3src_src2_reg_nr", "3src_src2_reg_nr");
            } else {
                copy("3src_dst_reg_nr", "3src_dst_reg_nr").copy("3src_src0_rep_ctrl", "3src_a16_src0_rep_ctrl")
                        .copy("3src_debug_control", "3src_debug_control").copy("3src_saturate", "3src_saturate")
                        .copy("3src_src1_rep_ctrl", "3src_a16_src1_rep_ctrl").copy("3src_src2_rep_ctrl", "3src_a16_src2_rep_ctrl")
                        .copy("3src_src0_reg_nr", "3src_src0_reg_nr").copy("3src_src0_subreg_nr", "3src_a16_src0_subreg_nr")
                        .copy("3src_src1_reg_nr", "3src_src1_reg_nr").copy("3src_src1_subreg_nr", "3src_a16_src1_subreg_nr")
                        .copy("3src_src2_reg_nr", "3src_src2_reg_nr").copy("3src_src2_subreg_nr", "3src_a16_src2_subreg_nr");
            }
            return zero("3src_cmpt_control");
        }

        Plan plan() { return missing != null ? new Plan(null, missing) : new Plan(steps.toArray(new Step[0]), null); }

        Builder copy(String compact, String nativeField) {
            if (missing == null) {
                try {
                    steps.add(new Copy(isa.compactField(compact), isa.field(nativeField)));
                } catch (RuntimeException e) {
                    missing = e;
                }
            }
            return this;
        }

        Builder expand(String index, String table) { return expand(index, table, table); }

        Builder expand(String index, String table, String scatter) {
            if (missing == null) {
                try {
                    EuField to = isa.scatter(scatter);
                    if (to == null) throw new EuSpecException(isa.spec.name().concat(": no scatter ").concat(scatter));
                    steps.add(new Expand(isa.compactField(index), isa.spec.table(table), table, to));
                } catch (RuntimeException e) {
                    missing = e;
                }
            }
            return this;
        }

        Builder set(String nativeField) { return set(nativeField, true); }

        Builder zero(String nativeField) { return set(nativeField, false); }

        private Builder set(String nativeField, boolean opcode) {
            if (missing == null) {
                try {
                    steps.add(new Set(isa.field(nativeField), opcode));
                } catch (RuntimeException e) {
                    missing = e;
                }
            }
            return this;
        }
    }
}
