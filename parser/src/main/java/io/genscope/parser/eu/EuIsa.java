package io.genscope.parser.eu;

import io.genscope.eu.BitField;
import io.genscope.eu.EuOpcode;
import io.genscope.eu.EuSpec;
import io.genscope.eu.EuSpecException;
import java.util.HashMap;
import java.util.Map;

/** One generation's spec plus the questions every part of the disassembler asks of it. */
final class EuIsa {
    static final int REG_ARF = 0, REG_GRF = 1, REG_IMM = 3;

    final EuSpec spec;
    final int ver;

    // The spec's fields and names compiled at load, keyed by interned names: the printer asks by
    // literal, so a lookup is a cached hash and an identity compare.
    private final Map<String, EuField> fields, compact, scatter, desc;
    private final Map<String, String[]> names;
    private final EuOpcode[] opcodes = new EuOpcode[128];
    /** Per operand the fields that give its register file and type (see {@link #regFile}). */
    private final Map<String, EuField[]> regFiles;

    /** The operands whose register-file fields are compiled with the spec. */
    private static final String[] OPERANDS = {"dst", "src0", "src1", "src2", "3src_a1_src0", "3src_a1_src1", "3src_a1_src2"};

    // Built with loops, not lambdas or streams: this runs once per process, mostly in the
    // interpreter, where every lambda site and stream pipeline costs far more than the loop.
    EuIsa(EuSpec spec, int ver) {
        this.spec = spec;
        this.ver = ver;
        this.fields = compile(spec.fields());
        this.compact = compile(spec.compact());
        this.scatter = compile(spec.scatter());
        this.desc = compile(spec.desc());
        for (Map.Entry<Integer, EuOpcode> e : spec.opcodes().entrySet()) {
            int hw = e.getKey();
            if (hw >= 0 && hw < opcodes.length) opcodes[hw] = e.getValue();
        }
        names = new HashMap<>(spec.names().size() * 2);
        for (Map.Entry<String, Map<Integer, String>> e : spec.names().entrySet()) {
            names.put(e.getKey().intern(), table(e.getValue()));
        }
        regFiles = new HashMap<>(OPERANDS.length * 2);
        for (String o : OPERANDS) regFiles.put(o, regFileFields(o));
    }

    /** The opcode with this hardware number, or null. */
    EuOpcode opcode(long hw) { return hw >= 0 && hw < opcodes.length ? opcodes[(int) hw] : null; }

    private static Map<String, EuField> compile(Map<String, BitField> m) {
        Map<String, EuField> r = new HashMap<>(m.size() * 2);
        for (Map.Entry<String, BitField> e : m.entrySet()) r.put(e.getKey().intern(), new EuField(e.getValue()));
        return r;
    }

    /** A native field, or an exception naming it if this generation lacks it. */
    EuField field(String name) {
        EuField f = fields.get(name);
        if (f == null) throw new EuSpecException(spec.name() + ": no native field " + name);
        return f;
    }

    /** A native field, or null if this generation lacks it. */
    EuField fieldOrNull(String name) { return fields.get(name); }

    /** A compact-form field, or an exception naming it. */
    EuField compactField(String name) {
        EuField f = compact.get(name);
        if (f == null) throw new EuSpecException(spec.name() + ": no compact field " + name);
        return f;
    }

    /** Where a compaction table's entry bits land in the native form, or null. */
    EuField scatter(String table) { return scatter.get(table); }

    /** A send-descriptor field, or null. */
    EuField desc(String name) { return desc.get(name); }

    /** Text for {@code value} in names table {@code table}, or null. */
    String name(String table, long value) {
        String[] t = names.get(table);
        return t == null || value < 0 || value >= t.length ? null : t[(int) value];
    }

    /** Text for {@code value} in names table {@code table}, or {@code absent}. */
    String name(String table, long value, String absent) {
        String n = name(table, value);
        return n == null ? absent : n;
    }

    /** A names table as an array indexed by value (names tables hold small values). */
    private static String[] table(Map<Integer, String> m) {
        int max = -1;
        for (int k : m.keySet()) max = Math.max(max, k);
        String[] t = new String[Math.min(max, 1 << 16) + 1];
        for (Map.Entry<Integer, String> e : m.entrySet()) {
            int k = e.getKey();
            if (k >= 0 && k < t.length) t[k] = e.getValue();
        }
        return t;
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
        EuField[] f = regFiles.get(operand);
        if (f == null) f = regFileFields(operand);
        if (f[0] != null) return f[0].get(w);
        if (f[1] == null) throw new EuSpecException(spec.name() + ": no native field " + operand.concat("_reg_file"));
        if (f[1].get(w) != 0) return REG_IMM;
        return f[2].get(w);
    }

    /** The register file (one field, or gen12's is-immediate and low bit) and type fields of an operand. */
    private EuField[] regFileFields(String o) {
        return new EuField[] {fields.get(o.concat("_reg_file")), fields.get(o.concat("_reg_file_is_imm")),
            fields.get(o.concat("_reg_file_lowbit")), fields.get(o.concat("_reg_hw_type"))};
    }

    /** An operand's type as Mesa prints it ({@code F}, {@code UD}, ...; {@code INVALID} for none). */
    String typeLetters(String operand, long[] w) {
        long file = regFile(w, operand);
        EuField[] f = regFiles.get(operand);
        EuField type = (f != null ? f : regFileFields(operand))[3];
        if (type == null) throw new EuSpecException(spec.name() + ": no native field " + operand.concat("_reg_hw_type"));
        return name(file == REG_IMM ? "types_imm" : "types_reg", type.get(w), "INVALID");
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

    /**
     * A type's size in bytes as this generation's oracle computes it: Mesa 25 (Xe2 and later)
     * sizes an invalid type as 8 bytes and the unnamed 8-bit float as 1.
     */
    int elemSize(String letters) {
        if (ver >= 20) {
            if (letters.equals("INVALID")) return 8;
            if (letters.isEmpty()) return 1;
        }
        return typeSize(letters);
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
            case "if", "break", "cont", "halt" -> true;
            case "else" -> ver >= 8; // gen7's else has only JIP
            default -> false;
        };
    }

    /**
     * Whether an instruction prints BranchCtrl instead of AccWrEnable: if/else from gen8; from Xe2
     * (Mesa 25, which has no AccWrEnable there) every jump.
     */
    boolean hasBranchCtrl(String op) {
        if (ver >= 20) {
            return switch (op) {
                case "if", "else", "goto", "break", "call", "calla", "cont", "endif", "halt", "jmpi", "ret", "while",
                        "brc", "brd" -> true;
                default -> false;
            };
        }
        return ver >= 8 && (op.equals("if") || op.equals("else"));
    }

    /**
     * A jump field ({@code jip}, {@code uip}) in bytes: gen8+ store a signed 32-bit byte count,
     * gen7 a signed 16-bit count of 8-byte units.
     */
    int jump(long[] w, String name) {
        EuField f = field(name);
        long v = f.get(w);
        int width = f.width();
        if (width < 64) v = (v << (64 - width)) >> (64 - width);
        return (int) v * (ver >= 8 ? 1 : 8);
    }

    /** The hardware generation (major version) of a family name: gen75 is 7, gen125 is 12, gen20 is 20. */
    static int ver(String family) {
        return switch (family) {
            case "gen7", "gen75" -> 7;
            case "gen125" -> 12;
            default -> Integer.parseInt(family.substring(3));
        };
    }
}
