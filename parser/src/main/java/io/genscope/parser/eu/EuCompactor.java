package io.genscope.parser.eu;

import java.util.Arrays;
import java.util.List;

/**
 * Compacts a native instruction into the 64-bit form, the inverse of {@link EuUncompactor}: fields
 * copied across, and for each compaction table the entry whose bits the instruction holds. The
 * result is accepted only if uncompacting it gives the instruction back bit for bit.
 */
final class EuCompactor {
    /** A compact field copied from a native field. */
    private record Copy(String compact, String nativeField) {}

    /** A compact index field: the entry of {@code table} equal to the native bits {@code scatter}. */
    private record Index(String compact, String table, String scatter) {}

    private final EuIsa isa;
    private final EuUncompactor uncompactor;

    EuCompactor(EuIsa isa, EuUncompactor uncompactor) {
        this.isa = isa;
        this.uncompactor = uncompactor;
    }

    /** The compacted form of {@code native}; an error message when it has none. */
    long compact(long[] nat) {
        long hw = isa.field("hw_opcode").get(nat);
        var op = isa.opcode(hw);
        boolean three = op != null && op.srcs() == 3;
        boolean gen12 = isa.ver >= 12;
        long[] c = new long[2];
        List<Copy> copies;
        List<Index> indices;
        if (three) {
            // Xe2's dpas has tables of its own
            String tables = op.name().equals("dpas") && isa.spec.tables().containsKey("3src_dpas_control_index") ? "3src_dpas_" : "3src_";
            indices = List.of(new Index("3src_control_index", tables + "control_index", "3src_control_index"),
                    new Index("3src_source_index", tables + "source_index", "3src_source_index"));
            if (gen12) {
                indices = List.of(indices.get(0), indices.get(1), new Index("3src_subreg_index", "3src_subreg", "3src_subreg"));
                copies = List.of(new Copy("3src_hw_opcode", "hw_opcode"), new Copy("3src_debug_control", "3src_debug_control"),
                        new Copy("3src_swsb", "3src_swsb"), new Copy("3src_dst_reg_nr", "3src_dst_reg_nr"),
                        new Copy("3src_src0_reg_nr", "3src_src0_reg_nr"), new Copy("3src_src1_reg_nr", "3src_src1_reg_nr"),
                        new Copy("3src_src2_reg_nr", "3src_src2_reg_nr"));
            } else {
                copies = List.of(new Copy("3src_hw_opcode", "hw_opcode"), new Copy("3src_debug_control", "3src_debug_control"),
                        new Copy("3src_saturate", "3src_saturate"), new Copy("3src_dst_reg_nr", "3src_dst_reg_nr"),
                        new Copy("3src_src0_rep_ctrl", "3src_a16_src0_rep_ctrl"),
                        new Copy("3src_src1_rep_ctrl", "3src_a16_src1_rep_ctrl"),
                        new Copy("3src_src2_rep_ctrl", "3src_a16_src2_rep_ctrl"),
                        new Copy("3src_src0_reg_nr", "3src_src0_reg_nr"), new Copy("3src_src1_reg_nr", "3src_src1_reg_nr"),
                        new Copy("3src_src2_reg_nr", "3src_src2_reg_nr"),
                        new Copy("3src_src0_subreg_nr", "3src_a16_src0_subreg_nr"),
                        new Copy("3src_src1_subreg_nr", "3src_a16_src1_subreg_nr"),
                        new Copy("3src_src2_subreg_nr", "3src_a16_src2_subreg_nr"));
            }
            isa.compactField("3src_cmpt_control").put(c, 1);
        } else {
            indices = List.of(new Index("control_index", "control_index", "control_index"),
                    new Index("datatype_index", "datatype", "datatype"), new Index("subreg_index", "subreg", "subreg"),
                    new Index("src0_index", gen12 ? "src0_index" : "src_index", "src_index0"));
            copies = gen12
                    ? List.of(new Copy("hw_opcode", "hw_opcode"), new Copy("debug_control", "debug_control"),
                            new Copy("swsb", "swsb"), new Copy("dst_reg_nr", "dst_da_reg_nr"),
                            new Copy("src0_reg_nr", "src0_da_reg_nr"))
                    : List.of(new Copy("hw_opcode", "hw_opcode"), new Copy("debug_control", "debug_control"),
                            new Copy("acc_wr_control", "acc_wr_control"), new Copy("cond_modifier", "cond_modifier"),
                            new Copy("dst_reg_nr", "dst_da_reg_nr"), new Copy("src0_reg_nr", "src0_da_reg_nr"));
            isa.compactField("cmpt_control").put(c, 1);
        }
        for (Copy cp : copies) isa.compactField(cp.compact()).put(c, isa.field(cp.nativeField()).get(nat));
        boolean imm = !three && isa.hasImmediate(nat);
        if (!three && !imm) {
            indices = new java.util.ArrayList<>(indices);
            indices.add(new Index("src1_index", gen12 ? "src1_index" : "src_index", "src_index1"));
            isa.compactField("src1_reg_nr").put(c, isa.field("src1_da_reg_nr").get(nat));
        }
        try {
            return exact(nat, c, indices, imm);
        } catch (EuAsmError e) {
            // Xe2's texts hold fewer bits than its encodings: any entries that print the same will do
            Long same = isa.ver >= 20 ? samePrinted(nat, c, indices, imm) : null;
            if (same == null) throw e;
            return same;
        }
    }

    /** The compacted form whose every table entry holds exactly the instruction's bits. */
    private long exact(long[] nat, long[] c, List<Index> indices, boolean imm) {
        for (Index ix : indices) isa.compactField(ix.compact()).put(c, index(ix.table(), ix.scatter(), nat, imm));
        if (imm) {
            for (long cand : immCandidates(nat)) {
                isa.compactField("imm").put(c, cand);
                if (Arrays.equals(uncompactor.uncompact(c[0]), nat)) return c[0];
            }
            throw new EuAsmError(0, "cannot be compacted: the immediate does not fit the compact form");
        }
        long[] back = uncompactor.uncompact(c[0]);
        if (!Arrays.equals(back, nat)) {
            throw new EuAsmError(0, "cannot be compacted: bits outside the compact form are set ("
                    + String.format("%016x%016x", back[1] ^ nat[1], back[0] ^ nat[0]) + " differ)");
        }
        return c[0];
    }

    private long[] immCandidates(long[] nat) {
        long v = isa.field("imm32").get(nat);
        return new long[] {v, v >>> 20, v >>> 16, v & 0xfff, (v >>> 4) & 0xfff};
    }

    /** The most table entries combined in the search for an equally printed compacted form. */
    private static final int SEARCH_LIMIT = 16_384;

    /**
     * A compacted form whose expansion prints as {@code nat} does: table entries that hold the
     * instruction's bits kept, the others (and the immediate's forms) tried in turn; null when none.
     */
    private Long samePrinted(long[] nat, long[] c, List<Index> indices, boolean imm) {
        String want = text(nat);
        if (want == null) return null;
        List<long[]> choices = new java.util.ArrayList<>();
        long[] imms = imm ? immCandidates(nat) : new long[] {0};
        int combos = 1;
        for (Index ix : indices) {
            long[] one;
            try {
                one = new long[] {index(ix.table(), ix.scatter(), nat, imm)};
            } catch (EuAsmError e) {
                one = new long[isa.spec.table(ix.table()).length];
                for (int i = 0; i < one.length; i++) one[i] = i;
            }
            choices.add(one);
            combos *= one.length;
            if ((long) combos * imms.length > SEARCH_LIMIT) return null; // checked as it grows: no overflow
        }
        for (int k = 0; k < combos; k++) {
            int rest = k;
            for (int i = 0; i < indices.size(); i++) {
                long[] one = choices.get(i);
                isa.compactField(indices.get(i).compact()).put(c, one[rest % one.length]);
                rest /= one.length;
            }
            for (long cand : imms) {
                if (imm) isa.compactField("imm").put(c, cand);
                if (want.equals(text(uncompactor.uncompact(c[0])))) return c[0];
            }
        }
        return null;
    }

    /** How the instruction prints compacted (null when it cannot be printed). */
    private String text(long[] w) {
        try {
            return new EuPrinter(isa, w, true, 0, java.util.Map.of()).instruction();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The entry of {@code table} that gives the instruction's bits; with an immediate, the bits
     * the immediate later covers do not count (the first entry that fits, as Mesa picks it).
     */
    private long index(String table, String scatter, long[] nat, boolean imm) {
        EuField f = isa.scatter(scatter);
        long bits = f.get(nat);
        long[] t = isa.spec.table(table);
        if (imm) {
            // Mesa looks such an entry up with the immediate's bits as zeros
            EuField immField = isa.field("imm32");
            long[] clear = nat.clone();
            immField.put(clear, 0);
            for (int i = 0; i < t.length; i++) {
                long[] probe = clear.clone();
                f.put(probe, t[i]);
                if (Arrays.equals(probe, clear)) return i;
            }
        }
        for (int i = 0; i < t.length; i++) if (t[i] == bits) return i;
        throw new EuAsmError(0, "cannot be compacted: no " + table + " table entry 0x" + Long.toHexString(bits));
    }
}
