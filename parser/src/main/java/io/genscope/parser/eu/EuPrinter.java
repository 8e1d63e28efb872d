package io.genscope.parser.eu;

import static io.genscope.parser.eu.EuIsa.REG_ARF;
import static io.genscope.parser.eu.EuIsa.REG_GRF;
import static io.genscope.parser.eu.EuIsa.REG_IMM;
import static io.genscope.parser.eu.EuIsa.isSend;

import io.genscope.eu.EuOpcode;
import io.genscope.eu.EuSpec;
import java.util.Map;

/**
 * Prints one (uncompacted) instruction as Mesa 22.3.6's disassembler does (Mesa 25.0.7's from Xe2,
 * where the rules differ by {@code ver >= 20}), tracking the output
 * column the same way (text Mesa writes with fprintf does not move its column). Numbers and names
 * are appended piece by piece to one builder: no string concatenation or formatting per operand,
 * which in a fresh JVM costs more than the disassembly itself (each concatenation site is linked
 * on first use, and {@code String.format} parses its pattern every call).
 */
final class EuPrinter {
    final EuIsa isa;
    final EuSpec spec;
    final int ver;

    final long[] w;
    private final boolean compacted;
    private final int offset;
    private final Map<Integer, Integer> labels;
    private final StringBuilder out = new StringBuilder(160);
    private int column;
    final String op;
    private final EuOpcode desc;

    EuPrinter(EuIsa isa, long[] w, boolean compacted, int offset, Map<Integer, Integer> labels) {
        this.isa = isa;
        this.spec = isa.spec;
        this.ver = isa.ver;
        this.w = w;
        this.compacted = compacted;
        this.offset = offset;
        this.labels = labels;
        // Mesa decodes a hardware opcode its table lacks as "illegal" (opcode 0) and prints it so
        EuOpcode known = isa.opcode(f("hw_opcode"));
        this.desc = known != null ? known : isa.opcode(0);
        this.op = desc == null ? "" : desc.name();
    }

    long f(String name) { return isa.field(name).get(w); }

    // per source operand, the names of its fields spelled out once (lookups hash a constant)
    private static final String[] SRC = {"src0", "src1", "src2"};
    private static final String[] A1 = {"3src_a1_src0", "3src_a1_src1", "3src_a1_src2"};
    private static final String[] A16 = {"3src_a16_src0", "3src_a16_src1", "3src_a16_src2"};
    private static final String[] S3 = {"3src_src0", "3src_src1", "3src_src2"};
    private static final String[] NEGATE = each(SRC, "_negate"), ABS = each(SRC, "_abs"),
            ADDRESS_MODE = each(SRC, "_address_mode"), DA_REG_NR = each(SRC, "_da_reg_nr"),
            DA1_SUBREG_NR = each(SRC, "_da1_subreg_nr"), IA_SUBREG_NR = each(SRC, "_ia_subreg_nr"),
            IA1_ADDR_IMM = each(SRC, "_ia1_addr_imm"), VSTRIDE = each(SRC, "_vstride"), WIDTH = each(SRC, "_width"),
            HSTRIDE = each(SRC, "_hstride"), DA16_SUBREG_NR = each(SRC, "_da16_subreg_nr"),
            SWIZ_X = each(SRC, "_da16_swiz_x"), SWIZ_Y = each(SRC, "_da16_swiz_y"),
            SWIZ_Z = each(SRC, "_da16_swiz_z"), SWIZ_W = each(SRC, "_da16_swiz_w");
    private static final String[] A1_HW_TYPE = each(SRC, "_hw_type", "3src_a1_"), A1_IS_IMM = each(A1, "_is_imm"),
            A1_REG_FILE = each(A1, "_reg_file"), A1_IMM = each(A1, "_imm"), A1_SUBREG_NR = each(A1, "_subreg_nr"),
            A1_VSTRIDE = each(A1, "_vstride"), A1_HSTRIDE = each(A1, "_hstride"),
            A16_SUBREG_NR = each(A16, "_subreg_nr"), A16_REP_CTRL = each(A16, "_rep_ctrl"),
            A16_SWIZZLE = each(A16, "_swizzle"), S3_NEGATE = each(S3, "_negate"), S3_ABS = each(S3, "_abs"),
            S3_REG_NR = each(S3, "_reg_nr");

    private static String[] each(String[] operands, String suffix) { return each(operands, suffix, ""); }

    private static String[] each(String[] operands, String suffix, String prefix) {
        String[] r = new String[operands.length];
        for (int i = 0; i < r.length; i++) r[i] = prefix.concat(operands[i]).concat(suffix).intern();
        return r;
    }

    /** A field that some generations lack (access mode and dependency control before gen12). */
    long fOr(String name, long absent) {
        EuField b = isa.fieldOrNull(name);
        return b == null ? absent : b.get(w);
    }

    long desc(String name, long d) { return isa.desc(name).get(new long[] {d, 0}); }

    void s(String str) {
        out.append(str);
        int nl = str.indexOf('\n') < 0 ? -1 : str.lastIndexOf('\n');
        column = nl >= 0 ? str.length() - nl - 1 : column + str.length();
    }

    /** Text, then a number in decimal. */
    void s(String text, long v) {
        s(text);
        s(v);
    }

    /** A number in decimal. */
    void s(long v) {
        int before = out.length();
        out.append(v);
        column += out.length() - before;
    }

    /** {@code v} as unsigned hex in lower case, zero-padded to at least {@code digits} (C's {@code %0Nx}). */
    void hex(long v, int digits) {
        int before = out.length();
        CFormat.hex(out, v, digits);
        column += out.length() - before;
    }

    /** Written with fprintf in Mesa: not counted in the column. */
    void raw(String str) { out.append(str); }

    void newline() {
        out.append('\n');
        column = 0;
    }

    void pad(int c) {
        do {
            out.append(' ');
            column++;
        } while (column < c);
    }

    /** Mesa's control(): prints the table's text (if non-empty), with a separating space. */
    void control(String what, String table, long id, boolean[] space) {
        String text = isa.name(table, id);
        if (text == null) text = isa.name(table.concat("_past_end"), id);
        if (text == null) {
            out.append("*** invalid ").append(what).append(" value ").append(id).append(' ');
            return;
        }
        if (!text.isEmpty()) {
            if (space != null && space[0]) s(" ");
            s(text);
            if (space != null) space[0] = true;
        }
    }

    String instruction() {
        boolean align1 = fOr("access_mode", 0) == 0;
        if (f("pred_control") != 0) {
            s("(");
            control("predicate inverse", "pred_inv", f("pred_inv"), null);
            s("f", f("flag_reg_nr"));
            s(".", f("flag_subreg_nr"));
            control(align1 ? "predicate control align1" : "predicate control align16",
                    align1 ? "pred_ctrl_align1" : "pred_ctrl_align16", f("pred_control"), null);
            s(") ");
        }
        if (desc == null) {
            s("*** invalid opcode value ", f("hw_opcode"));
            s(" ");
        } else {
            s(op);
        }
        boolean send = isSend(op);
        if (!send) control("saturate", "saturate", f("saturate"), null);
        control("debug control", "debug_ctrl", f("debug_control"), null);
        if (op.equals("math")) {
            s(" ");
            control("function", "math_function", f("math_function"), null);
        } else if (op.equals("sync")) {
            s(" ");
            control("function", "sync_function", f("cond_modifier"), null);
        } else if (op.equals("dpas")) {
            s(".");
            control("systolic depth", "dpas_systolic_depth", f("dpas_3src_sdepth"), null);
            s("x", f("dpas_3src_rcount") + 1);
        } else if (!send && !(ver >= 20 && isa.regFile(w, "src0") == REG_IMM
                && isa.elemSize(isa.typeLetters("src0", w)) >= 8)) {
            // Mesa 25 (the Xe2+ oracle) prints no condition when src0 is a 64-bit immediate
            long cm = f("cond_modifier");
            control("conditional modifier", "conditional_modifier", cm, null);
            if (cm != 0 && !op.equals("sel") && !op.equals("csel") && !op.equals("if") && !op.equals("while")) {
                s(".f", f("flag_reg_nr"));
                s(".", f("flag_subreg_nr"));
            }
        }
        if (!op.equals("nop")) {
            s("(");
            control("execution size", "exec_size", f("exec_size"), null);
            s(")");
        }
        if (isa.hasUip(op)) {
            pad(16);
            s("JIP: ");
            label(isa.jump(w, "jip"));
            pad(38);
            s("UIP: ");
            label(isa.jump(w, "uip"));
        } else if (isa.hasJip(op)) {
            pad(16);
            s("JIP: ");
            label(isa.jump(w, "jip"));
        } else if (op.equals("jmpi")) {
            pad(16);
            src(1);
        } else if (op.equals("dpas")) {
            new EuDpasText(this).operands();
        } else if (desc != null && desc.srcs() == 3) {
            pad(16);
            dest3src();
            pad(32);
            src3src(0);
            pad(48);
            src3src(1);
            pad(64);
            src3src(2);
        } else if (desc != null) {
            if (desc.dsts() > 0) {
                pad(16);
                dest();
            }
            if (desc.srcs() > 0) {
                pad(32);
                src(0);
            }
            if (desc.srcs() > 1) {
                pad(48);
                src(1);
            }
        }
        if (send) new EuSendText(this).describe();
        pad(64);
        if (!op.equals("nop")) {
            s("{");
            boolean[] space = {true};
            control("access mode", "access_mode", fOr("access_mode", 0), space);
            control("write enable control", "wectrl", f("mask_control"), space);
            if (ver < 12) {
                control("dependency control", "dep_ctrl", (f("no_dd_check") << 1) | f("no_dd_clear"), space);
            }
            qtrCtrl();
            if (ver >= 12) swsb();
            control("compaction", "cmpt_ctrl", compacted ? 1 : 0, space);
            control("thread control", "thread_ctrl", ver >= 12 ? f("atomic_control") : f("thread_control"), space);
            if (isa.hasBranchCtrl(op)) {
                control("branch ctrl", "branch_ctrl", f("branch_control"), space);
            } else if (ver < 20) { // Xe2 has no AccWrEnable bit
                control("acc write control", "accwr", f("acc_wr_control"), space);
            }
            if (send) control("end of thread", "end_of_thread", f("eot"), space);
            if (space[0]) s(" ");
            s("}");
        }
        s(";");
        return out.toString();
    }

    /** Gen12 software scoreboard: register distance (with its pipe from gen12.5) and token; Xe2's wider field. */
    void swsb() {
        long x = f("swsb");
        (ver >= 20 ? EuSwsb.xe2(x, op) : EuSwsb.gen12(x, op)).print(this);
    }

    void label(int jump) {
        Integer n = labels.get(offset + jump);
        if (n != null) s(" LABEL", n);
    }

    void qtrCtrl() {
        long qtr = f("qtr_control");
        long execSize = 1L << f("exec_size");
        long nib = fOr("nib_control", 0); // none from Xe2
        if (execSize < 8 || nib != 0) {
            s(" ", qtr * 2 + nib + 1);
            s("N");
        } else if (execSize == 8) {
            s(" ", qtr + 1);
            s("Q");
        } else if (execSize == 16) {
            s(qtr < 2 ? " 1H" : " 2H");
        }
    }

    /** Returns -1 when the register is ip/tdr (nothing more is printed), else 0. */
    int reg(long file, long nr) {
        if (file == REG_ARF) {
            String name = isa.name("arf", nr & 0xf0);
            int hash = name == null ? -1 : name.indexOf('#');
            if (name == null) {
                s("ARF", nr);
            } else if (hash < 0) {
                s(name);
                // ip and tdr0 end the operand: Mesa prints no region or type after them
                if (!name.equals("null")) return -1;
            } else {
                s(name.substring(0, hash));
                s(nr & 0x0f);
                s(name.substring(hash + 1));
            }
        } else {
            control("src reg file", "reg_file", file, null);
            s(nr);
        }
        return 0;
    }

    void dest() {
        String type = isa.typeLetters("dst", w);
        int size = isa.elemSize(type);
        if (isa.isSplitSend(op)) {
            type = "UD";
            size = 4;
            if (ver >= 12) {
                reg(f("send_dst_reg_file"), f("dst_da_reg_nr"));
                s(type);
            } else if (f("dst_address_mode") == 0) {
                reg(f("send_dst_reg_file"), f("dst_da_reg_nr"));
                if (f("dst_da16_subreg_nr") != 0) s(".", f("dst_da16_subreg_nr"));
                s(type);
            } else {
                s("g[a0");
                if (f("dst_ia_subreg_nr") != 0) s(".", f("dst_ia_subreg_nr") / size);
                if (f("send_dst_ia16_addr_imm") != 0) s(" ", f("send_dst_ia16_addr_imm"));
                s("]<");
                s(type);
            }
        } else if (fOr("access_mode", 0) == 0) {
            if (f("dst_address_mode") == 0) {
                if (reg(f("dst_reg_file"), f("dst_da_reg_nr")) == -1) return;
                if (f("dst_da1_subreg_nr") != 0) s(".", f("dst_da1_subreg_nr") / size);
            } else {
                s("g[a0");
                if (f("dst_ia_subreg_nr") != 0) s(".", f("dst_ia_subreg_nr") / size);
                if (f("dst_ia1_addr_imm") != 0) s(" ", f("dst_ia1_addr_imm"));
                s("]");
            }
            s("<");
            control("horiz stride", "horiz_stride", f("dst_hstride"), null);
            s(">");
            s(type);
        } else {
            if (f("dst_address_mode") == 0) {
                if (reg(f("dst_reg_file"), f("dst_da_reg_nr")) == -1) return;
                if (f("dst_da16_subreg_nr") != 0) s(".", 16 / size);
                s("<1>");
                control("writemask", "writemask", f("da16_writemask"), null);
                s(type);
            } else {
                s("Indirect align16 address mode not supported");
            }
        }
    }

    void src(int n) {
        String p = SRC[n];
        if (isa.isSplitSend(op)) {
            if (n == 0 && gather()) { // Xe3: the payload's registers listed in scalar register s0
                s("r[");
                reg(REG_ARF, f("src0_da_reg_nr"));
                s(".", f("send_src0_subreg_nr") * 2);
                s("]");
            } else if (n == 0 && ver >= 12) {
                if (reg(f("send_src0_reg_file"), f("src0_da_reg_nr")) == -1) return;
                s("UD");
            } else if (n == 0) {
                if (f("send_src0_address_mode") == 0) {
                    if (reg(REG_GRF, f("src0_da_reg_nr")) == -1) return;
                    if (f("src0_da16_subreg_nr") != 0) s(".1");
                    s("UD");
                } else {
                    s("g[a0");
                    if (f("src0_ia_subreg_nr") != 0) s(".1");
                    if (f("send_src0_ia16_addr_imm") != 0) s(" ", f("send_src0_ia16_addr_imm"));
                    s("]");
                    s("UD");
                }
            } else {
                if (reg(f("send_src1_reg_file"), f("send_src1_reg_nr")) == -1) return;
                s("UD");
            }
            return;
        }
        String type = isa.typeLetters(p, w);
        long file = isa.regFile(w, p);
        if (file == REG_IMM) {
            imm(type);
            return;
        }
        boolean align1 = fOr("access_mode", 0) == 0;
        if (!align1 && f(ADDRESS_MODE[n]) != 0) {
            s("Indirect align16 address mode not supported");
            return;
        }
        // gen8+ print a logic instruction's source modifier as bitwise not
        boolean logic = ver >= 8 && (op.equals("and") || op.equals("not") || op.equals("or") || op.equals("xor"));
        control("negate", logic ? "m_bitnot" : "m_negate", f(NEGATE[n]), null);
        control("abs", "_abs", f(ABS[n]), null);
        if (align1) {
            if (f(ADDRESS_MODE[n]) == 0) {
                if (reg(file, f(DA_REG_NR[n])) == -1) return;
                long sub = f(DA1_SUBREG_NR[n]);
                if (sub != 0) s(".", sub / isa.elemSize(type));
            } else {
                s("g[a0");
                if (f(IA_SUBREG_NR[n]) != 0) s(".", f(IA_SUBREG_NR[n]));
                long ai = f(IA1_ADDR_IMM[n]);
                if (ai != 0) s(" ", ai);
                s("]");
            }
            long vs = f(VSTRIDE[n]);
            if (ver >= 20 && vs == 7) vs = 15; // Xe2's 3-bit field: 7 stands for VxH
            region(vs, f(WIDTH[n]), f(HSTRIDE[n]));
            s(type);
        } else {
            if (reg(file, f(DA_REG_NR[n])) == -1) return;
            if (f(DA16_SUBREG_NR[n]) != 0) s(".", 16 / isa.elemSize(type));
            s("<");
            control("vert stride", "vert_stride", f(VSTRIDE[n]), null);
            s(">");
            swizzle(f(SWIZ_X[n]), f(SWIZ_Y[n]), f(SWIZ_Z[n]), f(SWIZ_W[n]));
            s(type);
        }
    }

    /** Whether this is an Xe3 gather send (its first source an architecture register). */
    boolean gather() {
        return ver >= 30 && isa.isSplitSend(op) && f("send_src0_reg_file") == REG_ARF;
    }

    void region(long v, long wd, long h) {
        s("<");
        control("vert stride", "vert_stride", v, null);
        s(",");
        control("width", "width", wd, null);
        s(",");
        control("horiz_stride", "horiz_stride", h, null);
        s(">");
    }

    void swizzle(long x, long y, long z, long ww) {
        if (x == y && x == z && x == ww) {
            s(".");
            control("channel select", "chan_sel", x, null);
        } else if (!(x == 0 && y == 1 && z == 2 && ww == 3)) {
            s(".");
            control("channel select", "chan_sel", x, null);
            control("channel select", "chan_sel", y, null);
            control("channel select", "chan_sel", z, null);
            control("channel select", "chan_sel", ww, null);
        }
    }

    void imm(String type) {
        long ud = f("imm32");
        switch (type) {
            case "UQ", "Q" -> hexImm(f("imm64"), 16, type);
            case "UD" -> hexImm(ud, 8, "UD");
            case "D" -> {
                s((int) ud);
                s("D");
            }
            case "UW" -> hexImm(ud & 0xffff, 4, "UW");
            case "W" -> {
                s((short) ud);
                s("W");
            }
            case "UV" -> hexImm(ud, 8, "UV");
            case "V" -> hexImm(ud, 8, "V");
            case "VF" -> {
                hexImm(ud, 1, "VF");
                pad(48);
                for (int k = 0; k < 4; k++) { // the four packed 8-bit floats
                    s(k == 0 ? "/* [" : "F, ");
                    s(CFormat.g(vf(ud >> (8 * k))));
                }
                s("F]VF */");
            }
            case "F" -> {
                if (op.equals("dim")) {
                    hexImm(f("imm64"), 1, "F");
                    pad(48);
                    s("/* ");
                    s(CFormat.g(Double.longBitsToDouble(f("imm64"))));
                    s("F */");
                } else {
                    hexImm(ud, 1, "F");
                    pad(48);
                    s(" /* ");
                    s(CFormat.g(Float.intBitsToFloat((int) ud)));
                    s("F */");
                }
            }
            case "DF" -> {
                hexImm(f("imm64"), 16, "DF");
                pad(48);
                s("/* ");
                s(CFormat.g(Double.longBitsToDouble(f("imm64"))));
                s("DF */");
            }
            case "HF" -> {
                if (ver < 20) {
                    s("Half Float IMM");
                    break;
                }
                hexImm(ud & 0xffff, 4, "HF");
                pad(48);
                s("/* ");
                s(CFormat.g(halfToFloat((int) ud & 0xffff)));
                s("HF */");
            }
            default -> {
                // no immediate form of this type: Mesa 22 prints nothing, Mesa 25 (Xe2+) says so
                // with its invalid type's number
                if (ver >= 20) s("*** invalid immediate type 31 ");
            }

        }
    }

    /** {@code 0x}, the value in hex (at least {@code digits}), and the type letters. */
    void hexImm(long v, int digits, String type) {
        s("0x");
        hex(v, digits);
        s(type);
    }

    /** An IEEE half-precision value (16 bits) as a float. */
    static float halfToFloat(int h) {
        int sign = (h >> 15) & 1, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
        if (exp == 0) return (sign == 1 ? -mant : mant) * 0x1p-24f; // zero and subnormals
        int e = exp == 31 ? 0xff : exp - 15 + 127; // infinities and NaNs keep their payload
        return Float.intBitsToFloat((sign << 31) | (e << 23) | (mant << 13));
    }

    static double vf(long bits) {
        int vf = (int) (bits & 0xff);
        int sign = (vf >> 7) & 1;
        if ((vf & 0x7f) == 0) return sign == 1 ? -0.0 : 0.0;
        int exp = ((vf >> 4) & 7) - 3 + 127;
        int mant = vf & 0xf;
        return Float.intBitsToFloat((sign << 31) | (exp << 23) | (mant << 19));
    }

    // -------------------------------------------------------------- three sources

    boolean align1_3src() { return fOr("3src_access_mode", 0) == 0; }

    /** An align1 three-source operand's type, from its type field ({@code 3src_a1_dst_hw_type}, ...). */
    String a1Type(String hwTypeField) {
        long hw = f(hwTypeField);
        return isa.name("types_3src_a1", f("3src_a1_exec_type") * 16 + hw, "INVALID");
    }

    String a16DstType() { return isa.name("types_3src_a16", f("3src_a16_dst_hw_type"), "INVALID"); }

    String a16SrcType() { return isa.name("types_3src_a16", f("3src_a16_src_hw_type"), "INVALID"); }

    void dest3src() {
        boolean a1 = align1_3src();
        if (ver < 10 && a1) return;
        long file = ver >= 12 ? f("3src_a1_dst_reg_file")
                : a1 && f("3src_a1_dst_reg_file") != 0 ? REG_ARF : REG_GRF;
        if (reg(file, f("3src_dst_reg_nr")) == -1) return;
        String type;
        long sub;
        if (a1) {
            type = a1Type("3src_a1_dst_hw_type");
            sub = f("3src_a1_dst_subreg_nr");
        } else {
            type = a16DstType();
            sub = f("3src_a16_dst_subreg_nr") * 4;
        }
        sub /= isa.elemSize(type);
        if (sub != 0) s(".", sub);
        s("<1>");
        if (!a1) control("writemask", "writemask", f("3src_a16_dst_writemask"), null);
        s(type);
    }

    void src3src(int n) {
        boolean a1 = align1_3src();
        if (ver < 10 && a1) return;
        long file, v, wd, h, sub;
        String type;
        if (a1) {
            type = a1Type(A1_HW_TYPE[n]);
            boolean imm = n != 1 && ver >= 12 && f(A1_IS_IMM[n]) != 0;
            long rf = ver >= 12 && !imm ? isa.regFile(w, A1[n]) : n == 1 || ver < 12 ? f(A1_REG_FILE[n]) : 1;
            if (ver >= 12 && !imm) {
                file = rf;
            } else if (rf == 0) {
                file = REG_GRF;
            } else if (n == 1 || type.equals("NF") && n == 0) {
                file = REG_ARF;
            } else {
                long immv = f(A1_IMM[n]);
                switch (type) {
                    case "W" -> {
                        s((int) immv);
                        s("W");
                    }
                    case "UW" -> hexImm(immv, 4, "UW");
                    case "HF" -> hexImm(immv, 4, "HF");
                    default -> { }
                }
                return;
            }
            sub = f(A1_SUBREG_NR[n]);
            if (n == 2) {
                long hs = f("3src_a1_src2_hstride");
                v = hs == 0 ? 0 : hs; // hstride 0,1,2,4 -> vstride 0,1,2,4 encodings 0,1,2,3
                h = hs;
            } else {
                long vs = f(A1_VSTRIDE[n]);
                v = switch ((int) vs) {
                    case 0 -> 0;
                    case 1 -> ver >= 12 ? 1 : 2;
                    case 2 -> 3;
                    default -> 4;
                };
                h = f(A1_HSTRIDE[n]);
            }
            wd = impliedWidth(v, h);
        } else {
            file = REG_GRF;
            sub = f(A16_SUBREG_NR[n]) * 4;
            type = a16SrcType();
            if (f(A16_REP_CTRL[n]) != 0) {
                v = 0;
                wd = 0;
                h = 0;
            } else {
                v = 3;
                wd = 2;
                h = 1;
            }
        }
        boolean scalar = v == 0 && wd == 0 && h == 0;
        sub /= isa.elemSize(type);
        control("negate", "m_negate", f(S3_NEGATE[n]), null);
        control("abs", "_abs", f(S3_ABS[n]), null);
        if (reg(file, f(S3_REG_NR[n])) == -1) return;
        if (sub != 0 || scalar) s(".", sub);
        region(v, wd, h);
        if (!scalar && !a1) {
            long sw = f(A16_SWIZZLE[n]);
            swizzle(sw & 3, (sw >> 2) & 3, (sw >> 4) & 3, (sw >> 6) & 3);
        }
        s(type);
    }

    long impliedWidth(long v, long h) {
        if (v == 0 && h == 0) return 0;
        if (h == 0) {
            return switch ((int) v) {
                case 1 -> 0;
                case 2 -> 1;
                case 3 -> 2;
                case 4 -> 3;
                default -> 0;
            };
        }
        return v - h;
    }
}
