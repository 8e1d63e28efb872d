package io.genscope.parser.eu;

import io.genscope.eu.BitField;
import io.genscope.eu.EuSpec;

/** One generation's spec plus the questions every part of the disassembler asks of it. */
final class EuIsa {
    static final int REG_ARF = 0, REG_GRF = 1, REG_IMM = 3;

    final EuSpec spec;
    final int ver;

    EuIsa(EuSpec spec, int ver) {
        this.spec = spec;
        this.ver = ver;
    }

    /** Whether a (native) instruction has an immediate source. */
    boolean hasImmediate(long[] w) {
        return regFile(w, "src0") == REG_IMM || regFile(w, "src1") == REG_IMM;
    }

    /**
     * An operand's register file (0 ARF, 1 GRF, 2 MRF, 3 immediate): one field before gen12, from
     * gen12 an is-immediate bit and, when that is clear, a GRF/ARF bit.
     */
    long regFile(long[] w, String operand) {
        BitField whole = spec.fields().get(operand + "_reg_file");
        if (whole != null) return whole.get(w);
        if (spec.field(operand + "_reg_file_is_imm").get(w) != 0) return REG_IMM;
        return spec.field(operand + "_reg_file_lowbit").get(w);
    }


    String typeLetters(String operand, long[] w) {
        long file = regFile(w, operand);
        long hw = spec.field(operand + "_reg_hw_type").get(w);
        return spec.name(file == REG_IMM ? "types_imm" : "types_reg", hw).orElse("INVALID");
    }

    static int typeSize(String letters) {
        return switch (letters) {
            case "NF", "DF", "Q", "UQ" -> 8;
            case "F", "D", "UD", "VF" -> 4;
            case "HF", "W", "UW", "V", "UV" -> 2;
            case "B", "UB" -> 1;
            // Mesa looks an invalid type's size up past the end of its size table (undefined);
            // the Debian build finds a large value there, so register subnumbers print as 0.
            default -> Integer.MAX_VALUE;
        };
    }

    static boolean isSend(String op) {
        return op.equals("send") || op.equals("sendc") || op.equals("sends") || op.equals("sendsc");
    }

    boolean isSplitSend(String op) {
        return ver >= 12 ? isSend(op) : op.equals("sends") || op.equals("sendsc");
    }

    boolean hasJip(String op) {
        return switch (op) {
            case "if", "else", "endif", "while", "break", "cont", "halt" -> true;
            default -> false;
        };
    }

    boolean hasUip(String op) {
        return switch (op) {
            case "if", "else", "break", "cont", "halt" -> true;
            default -> false;
        };
    }
}
