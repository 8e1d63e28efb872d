package io.genscope.parser.eu;

import static io.genscope.parser.eu.EuIsa.REG_ARF;
import static io.genscope.parser.eu.EuIsa.REG_GRF;
import static io.genscope.parser.eu.EuIsa.REG_IMM;

import io.genscope.eu.EuOpcode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One instruction of Mesa's assembly text turned into its native 128-bit form: the printer's rules
 * ({@link EuPrinter}) run backwards, every bit position and name from the spec. Bits the text does
 * not show get the values Mesa's encoder gives them.
 */
final class EuAsmInstruction {
    /** Mesa 25's note of an extended descriptor's buffer offset (gfx12.5 sends). */
    private static final Pattern EX_BSO = Pattern.compile("src1_len = (\\d+) ex_bso\\b");

    /** A token of the instruction line and its 1-based column. */
    record Tok(String text, int col) {}

    private final EuIsa isa;
    private final int ver;
    final long[] w = new long[2];
    boolean compacted;
    /** Label names of JIP and UIP (null when absent), resolved by the assembler. */
    String jipLabel, uipLabel;
    int jipCol, uipCol;
    private EuOpcode op;
    private String name = "";
    private boolean align16;
    private long execSize = 3;
    /** The 1-based column of the options' brace (past the end of the line when there is none). */
    private int optionsCol;

    EuAsmInstruction(EuIsa isa) {
        this.isa = isa;
        this.ver = isa.ver;
    }

    // ------------------------------------------------------------------ helpers

    private void set(String field, long v) {
        EuField f = isa.field(field);
        if (!f.fits(v)) throw new EuAsmError(0, "value " + v + " does not fit " + field);
        f.put(w, v);
    }

    private boolean has(String field) { return isa.fieldOrNull(field) != null; }

    private long get(String field) { return isa.field(field).get(w); }

    /** The value the names table gives {@code text}, or -1. */
    long value(String table, String text) {
        for (Map.Entry<Integer, String> e : isa.spec.names(table).entrySet()) {
            if (e.getValue().equals(text)) return e.getKey();
        }
        return -1;
    }

    private long need(String table, String text, int col, String what) {
        long v = value(table, text);
        if (v < 0) throw new EuAsmError(col, "unknown " + what + " '" + text + "'");
        return v;
    }

    static List<Tok> tokens(String s, int from, int to) {
        List<Tok> out = new ArrayList<>();
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("/*", i)) {
                int e = s.indexOf("*/", i + 2);
                i = e < 0 || e >= to ? to : e + 2;
            } else {
                int st = i;
                int depth = 0;
                while (i < to && (depth > 0 || !Character.isWhitespace(s.charAt(i))) && !s.startsWith("/*", i)) {
                    if (s.charAt(i) == '[') depth++;
                    if (s.charAt(i) == ']') depth--;
                    i++;
                }
                out.add(new Tok(s.substring(st, i), st + 1));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the instruction

    /**
     * Parses an instruction: {@code line} its first line, {@code line2} the {@code MsgDesc:} line
     * of a send (or null).
     */
    void parse(String line, String line2) {
        String optLine = line2 != null ? line2 : line;
        int open = optLine.lastIndexOf('{');
        int close = optLine.lastIndexOf('}');
        int end = line.lastIndexOf(';');
        if (end < 0) end = line.length();
        if (open >= 0 && line2 == null) end = open;
        optionsCol = open >= 0 && line2 == null ? open + 1 : line.length() + 1;
        List<Tok> opts = open >= 0 && close > open ? tokens(optLine, open + 1, close) : List.of();
        for (Tok t : opts) {
            if (t.text().equals("align16")) align16 = true;
        }
        List<Tok> toks = tokens(line, 0, end);
        if (toks.isEmpty()) throw new EuAsmError(1, "empty instruction");
        int k = 0;
        if (toks.get(0).text().startsWith("(")) predicate(toks.get(k++));
        if (k >= toks.size()) throw new EuAsmError(toks.get(0).col(), "no opcode");
        Tok head = toks.get(k++);
        String mn = head.text();
        int dot = indexOfAny(mn, ".(");
        name = dot < 0 ? mn : mn.substring(0, dot);
        op = opcodeNamed(name);
        if (op == null) throw new EuAsmError(head.col(), "unknown opcode '" + name + "'");
        set("hw_opcode", op.hw());
        String rest = dot < 0 ? "" : mn.substring(dot);
        if (name.equals("math") || name.equals("sync")) {
            modifiers(rest, head.col() + dot, false);
            if (k >= toks.size()) throw new EuAsmError(head.col(), name + " without a function");
            Tok fn = toks.get(k++);
            int p = fn.text().indexOf('(');
            String f = p < 0 ? fn.text() : fn.text().substring(0, p);
            set(name.equals("math") ? "math_function" : "cond_modifier",
                    need(name.equals("math") ? "math_function" : "sync_function", f, fn.col(), "function"));
            execSize(p < 0 ? "" : fn.text().substring(p), fn.col() + Math.max(p, 0));
        } else if (name.equals("dpas")) {
            int p = rest.indexOf('(');
            String mods = p < 0 ? rest : rest.substring(0, p);
            int x = mods.lastIndexOf('.');
            if (x < 0) throw new EuAsmError(head.col(), "dpas without its .DEPTHxCOUNT");
            modifiers(mods.substring(0, x), head.col() + dot, false);
            systolic(mods.substring(x + 1), head.col() + dot + x + 1);
            execSize(p < 0 ? "" : rest.substring(p), head.col() + dot + Math.max(p, 0));
        } else {
            int p = rest.indexOf('(');
            modifiers(p < 0 ? rest : rest.substring(0, p), head.col() + Math.max(dot, 0), !EuIsa.isSend(name));
            if (!name.equals("nop")) execSize(p < 0 ? "" : rest.substring(p), head.col() + dot + Math.max(p, 0));
        }
        options(opts);
        operands(toks.subList(k, toks.size()), head.col());
        if (line2 != null) sendLine(line2);
        defaults();
    }

    /** dpas's {@code 8x4}: the systolic depth and the repeat count. */
    private void systolic(String s, int col) {
        int x = s.indexOf('x');
        if (x < 0) throw new EuAsmError(col, "expected DEPTHxCOUNT, found '" + s + "'");
        set("dpas_3src_sdepth", need("dpas_systolic_depth", s.substring(0, x), col, "systolic depth"));
        long count = number(s.substring(x + 1), col + x + 1);
        if (count < 1) throw new EuAsmError(col + x + 1, "repeat count below 1");
        set("dpas_3src_rcount", count - 1);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }

    private EuOpcode opcodeNamed(String n) {
        for (EuOpcode o : isa.spec.opcodes().values()) if (o.name().equals(n)) return o;
        return null;
    }

    /** {@code (+f0.1.anyv)}. */
    private void predicate(Tok t) {
        String s = t.text();
        if (!s.endsWith(")") || s.length() < 4) throw new EuAsmError(t.col(), "bad predicate " + s);
        s = s.substring(1, s.length() - 1);
        set("pred_inv", need("pred_inv", s.substring(0, 1), t.col(), "predicate sign"));
        int[] pos = {1};
        flag(s, pos, t.col());
        String ctrl = s.substring(pos[0]);
        set("pred_control", need(align16 ? "pred_ctrl_align16" : "pred_ctrl_align1", ctrl, t.col(), "predicate control"));
    }

    /** {@code fN.M} at pos: sets the flag register. */
    private void flag(String s, int[] pos, int col) {
        int i = pos[0];
        if (i >= s.length() || s.charAt(i) != 'f') throw new EuAsmError(col + i, "expected a flag register");
        int d = s.indexOf('.', i);
        if (d < 0) throw new EuAsmError(col + i, "expected fN.M");
        int e = d + 1;
        while (e < s.length() && Character.isDigit(s.charAt(e))) e++;
        set("flag_reg_nr", number(s.substring(i + 1, d), col + i));
        set("flag_subreg_nr", number(s.substring(d + 1, e), col + d));
        pos[0] = e;
    }

    private static long number(String s, int col) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new EuAsmError(col, "expected a number, found '" + s + "'");
        }
    }

    /** {@code .sat.breakpoint.l.f0.0}. */
    private void modifiers(String s, int col, boolean condMod) {
        int i = 0;
        if (s.startsWith(".sat")) {
            set("saturate", 1);
            i += 4;
        }
        if (s.startsWith(".breakpoint", i)) {
            set("debug_control", 1);
            i += 11;
        }
        if (!condMod || i >= s.length()) {
            if (i < s.length()) throw new EuAsmError(col + i, "unexpected '" + s.substring(i) + "'");
            return;
        }
        String best = null;
        long bestV = -1;
        for (Map.Entry<Integer, String> e : isa.spec.names("conditional_modifier").entrySet()) {
            String n = e.getValue();
            if (!n.isEmpty() && s.startsWith(n, i) && (best == null || n.length() > best.length())
                    && (i + n.length() == s.length() || s.charAt(i + n.length()) == '.')) {
                best = n;
                bestV = e.getKey();
            }
        }
        if (best == null) throw new EuAsmError(col + i, "unknown modifier '" + s.substring(i) + "'");
        set("cond_modifier", bestV);
        condModText = true;
        i += best.length();
        if (i < s.length()) {
            int[] pos = {i + 1};
            if (s.charAt(i) != '.') throw new EuAsmError(col + i, "unexpected '" + s.substring(i) + "'");
            flag(s, pos, col);
            if (pos[0] != s.length()) throw new EuAsmError(col + pos[0], "unexpected '" + s.substring(pos[0]) + "'");
        }
    }

    private void execSize(String s, int col) {
        if (!s.startsWith("(") || !s.endsWith(")")) throw new EuAsmError(col, "expected an execution size (N)");
        execSize = need("exec_size", s.substring(1, s.length() - 1), col, "execution size");
        set("exec_size", execSize);
    }

    // ------------------------------------------------------------------ options

    private void options(List<Tok> opts) {
        for (Tok t : opts) {
            String s = t.text();
            if (s.equals("align1") || s.equals("align16")) {
                if (has("access_mode")) set("access_mode", value("access_mode", s));
                else if (s.equals("align16")) throw new EuAsmError(t.col(), "no align16 on " + isa.spec.name());
            } else if (s.equals("WE_all")) {
                set("mask_control", 1);
            } else if (value("dep_ctrl", s) > 0 && ver < 12) {
                long d = value("dep_ctrl", s);
                set("no_dd_check", d >> 1);
                set("no_dd_clear", d & 1);
            } else if (s.equals("compacted")) {
                compacted = true;
            } else if (value("thread_ctrl", s) > 0) {
                set(ver >= 12 ? "atomic_control" : "thread_control", value("thread_ctrl", s));
            } else if (s.equals("AccWrEnable")) {
                set("acc_wr_control", 1);
            } else if (s.equals("BranchCtrl")) {
                set("branch_control", 1);
            } else if (s.equals("EOT")) {
                set("eot", 1);
            } else if (s.matches("[1-8][NQH]")) {
                qtr(s, t.col());
            } else if (ver >= 12 && s.matches("[FILAM]?@[0-7]|\\$\\d+(\\.dst|\\.src)?")) {
                swsb(s);
            } else {
                throw new EuAsmError(t.col(), "unknown option '" + s + "'");
            }
        }
    }

    private void qtr(String s, int col) {
        int n = s.charAt(0) - '0';
        switch (s.charAt(1)) {
            case 'N' -> {
                set("qtr_control", (n - 1) / 2);
                if (has("nib_control")) set("nib_control", (n - 1) % 2);
                else if (n % 2 == 0) throw new EuAsmError(col, "no nibble control on " + isa.spec.name() + ": " + s);
            }
            case 'Q' -> set("qtr_control", n - 1);
            default -> set("qtr_control", n == 1 ? 0 : 2);
        }
    }

    private long swsbRegDist = 0, swsbPipe = 0, swsbSbid = -1;
    private String swsbMode, swsbPipeName = "";

    private void swsb(String s) {
        if (s.contains("@")) {
            swsbPipeName = s.substring(0, s.indexOf('@'));
            swsbPipe = switch (swsbPipeName) {
                case "F" -> 0x10;
                case "I" -> 0x18;
                case "L" -> ver >= 20 ? 0x20 : 0x50;
                case "M" -> ver >= 20 ? 0x28 : -1;
                case "A" -> 0x08;
                default -> 0;
            };
            if (swsbPipe < 0) throw new EuAsmError(0, "no pipe M before Xe2");
            swsbRegDist = s.charAt(s.length() - 1) - '0';
        } else {
            int d = s.indexOf('.');
            swsbSbid = number(s.substring(1, d < 0 ? s.length() : d), 0);
            swsbMode = d < 0 ? "" : s.substring(d);
        }
    }

    /** Whether the text names a conditional modifier. */
    private boolean condModText;

    /**
     * After the jumps are written: Xe2's printer shows no conditional modifier when src0 is a 64-bit
     * immediate, and a branch's jump shares those bits; where the jump sets them and the text names no
     * modifier, src0 must be such an immediate (UQ: which 64-bit type the text does not say).
     */
    void afterJumps() {
        if (ver < 20 || condModText || !isa.hasJip(name) || get("cond_modifier") == 0) return;
        regFile("src0", REG_IMM);
        set("src0_reg_hw_type", value("types_imm", "UQ"));
    }

    private void applySwsb() {
        if (ver < 12) return;
        if (ver >= 20) {
            set("swsb", xe2Swsb());
            return;
        }
        long x;
        if (swsbSbid < 0) {
            x = swsbRegDist == 0 ? 0 : swsbPipe | swsbRegDist;
        } else if (swsbRegDist != 0) {
            x = 0x80 | (swsbRegDist << 4) | swsbSbid;
        } else {
            x = switch (swsbMode) {
                case ".dst" -> 0x20;
                case ".src" -> 0x30;
                default -> 0x40;
            } | swsbSbid;
        }
        set("swsb", x);
    }

    /**
     * Xe2's 10-bit field, the inverse of {@link EuSwsb#xe2}: a lone distance (pipe in bits 5:3) or
     * token (mode in bits 7:5), else a tuple whose bits 9:8 say the pipe (sends), what is awaited
     * (dpas) or both (the rest: 3 for A, 2 for .src, 1 for .dst).
     */
    private long xe2Swsb() {
        if (swsbSbid < 0) return swsbRegDist == 0 ? 0 : swsbPipe | swsbRegDist;
        if (swsbSbid > 0x1f) throw new EuAsmError(optionsCol, "token $" + swsbSbid + " out of range");
        if (swsbRegDist == 0) {
            return switch (swsbMode) {
                case ".dst" -> 0x80;
                case ".src" -> 0xa0;
                default -> 0xc0;
            } | swsbSbid;
        }
        long tuple;
        if (name.equals("send") || name.equals("sendc")) {
            tuple = switch (swsbPipeName) {
                case "I" -> 0x300;
                case "F" -> 0x200;
                case "A" -> 0x100;
                default -> throw new EuAsmError(optionsCol, "a send's distance with a token needs pipe I, F or A");
            };
            if (!swsbMode.isEmpty()) throw new EuAsmError(optionsCol, "a send's token with a distance sets it");
        } else if (name.equals("dpas")) {
            if (!swsbPipeName.isEmpty()) throw new EuAsmError(optionsCol, "dpas's distance with a token has no pipe");
            tuple = swsbMode.equals(".dst") ? 0x300 : swsbMode.equals(".src") ? 0x200 : 0x100;
        } else if (swsbPipeName.equals("A")) {
            if (!swsbMode.equals(".dst")) throw new EuAsmError(optionsCol, "A@n with a token waits on .dst");
            tuple = 0x300;
        } else {
            if (!swsbPipeName.isEmpty() || swsbMode.isEmpty()) {
                throw new EuAsmError(optionsCol, "a distance with a token: no pipe but A, and .src or .dst");
            }
            tuple = swsbMode.equals(".src") ? 0x200 : 0x100;
        }
        return tuple | swsbRegDist << 5 | swsbSbid;
    }

    // ------------------------------------------------------------------ operands

    /**
     * 32- and 64-bit immediates, written after the other operands: their bits win where a register
     * field of the text shares them (what the printer read them from). A 16-bit one is written
     * replicated at once, so a register printed from its upper half comes back on top.
     */
    private final List<Runnable> deferred = new ArrayList<>();
    /**
     * Xe2's 16-bit immediates ({source, value}), written last: replicated into both halves as
     * Mesa's encoder writes them when nothing else shares the dword, else the low half only.
     */
    private final List<long[]> half = new ArrayList<>();

    private void operands(List<Tok> ops, int col) {
        operandsInOrder(ops, col);
        for (Runnable r : deferred) r.run();
        for (long[] h : half) {
            boolean alone = h[0] == 0 ? op.srcs() < 2 : isa.regFile(w, "src0") != REG_IMM;
            set("imm32", alone ? h[1] | h[1] << 16 : (get("imm32") & ~0xffffL) | h[1]);
        }
    }

    private void operandsInOrder(List<Tok> ops, int col) {
        int i = 0;
        if (isa.hasJip(name)) {
            i = label(ops, i, "JIP:", true);
            if (isa.hasUip(name)) label(ops, i, "UIP:", false);
            return;
        }
        if (name.equals("jmpi")) {
            if (ops.isEmpty()) throw new EuAsmError(col, "jmpi without a target");
            src(1, ops.get(0));
            return;
        }
        if (name.equals("dpas")) {
            if (ops.size() != 4) throw new EuAsmError(col, "dpas needs a destination and three sources");
            for (int n = 0; n < 4; n++) dpasOperand(n == 0 ? "dpas_3src_dst" : "dpas_3src_src" + (n - 1), ops.get(n), n == 0);
            return;
        }
        if (op.srcs() == 3) {
            if (ops.size() < 4 && (ver < 12 || ops.isEmpty())) throw new EuAsmError(col, "three-source instruction needs 4 operands");
            dest3(ops.get(0));
            if (ops.size() >= 4) {
                for (int n = 0; n < 3; n++) src3(n, ops.get(1 + n));
                return;
            }
            // gen12+: an immediate of a type Mesa has no text for prints as nothing; the columns
            // (the sources at 32, 48 and 64, each at least a space past the one before) tell which
            Tok last = ops.get(0);
            int column = last.col() - 1 + last.text().length(), k = 1;
            for (int n = 0; n < 3; n++) {
                int start = Math.max(32 + 16 * n, column + 1);
                if (k < ops.size() && ops.get(k).col() - 1 == start) {
                    Tok t = ops.get(k++);
                    src3(n, t);
                    column = start + t.text().length();
                } else if (n == 1) {
                    throw new EuAsmError(k < ops.size() ? ops.get(k).col() : col, "missing source 1");
                } else {
                    set("3src_a1_src" + n + "_is_imm", 1);
                    set("3src_a1_src" + n + "_hw_type", 2); // UD or F: no immediate text
                    column = start;
                }
            }
            if (k < ops.size()) throw new EuAsmError(ops.get(k).col(), "unexpected '" + ops.get(k).text() + "'");
            return;
        }
        if (EuIsa.isSend(name)) {
            send(ops, col);
            return;
        }
        if (op.dsts() > 0) {
            if (i >= ops.size()) throw new EuAsmError(col, "missing destination");
            dest(ops.get(i++));
        }
        for (int n = 0; n < op.srcs(); n++) {
            if (unprinted(n, i, ops)) {
                // Mesa prints nothing for an immediate of a type it has no immediate name for
                String p = "src" + n;
                regFile(p, REG_IMM);
                set(p + "_reg_hw_type", (1L << isa.field(p + "_reg_hw_type").width()) - 1);
                continue;
            }
            if (i >= ops.size()) throw new EuAsmError(col, "missing source " + n);
            src(n, ops.get(i++));
        }
        if (i < ops.size()) throw new EuAsmError(ops.get(i).col(), "unexpected '" + ops.get(i).text() + "'");
    }

    /**
     * Whether source {@code n}, due at token {@code i}, is one Mesa printed as nothing: its column
     * (Mesa pads the destination to column 33, each source to the next 16) left empty, or with
     * INVALID types about, a source missing at the end.
     */
    private boolean unprinted(int n, int i, List<Tok> ops) {
        if (i == 0) return false;
        Tok before = ops.get(i - 1);
        int column = Math.max(33, before.col() + before.text().length() + 1); // where the source would start
        if (i >= ops.size()) return op.srcs() == 1 && optionsCol > column + 16 || invalidTyped(ops);
        return n == 0 && op.srcs() == 2 && ops.size() - i == 1 && ops.get(i).col() > column;
    }

    private static boolean invalidTyped(List<Tok> ops) {
        return ops.stream().anyMatch(t -> t.text().endsWith("INVALID"));
    }

    private int label(List<Tok> ops, int i, String key, boolean jip) {
        if (i >= ops.size() || !ops.get(i).text().equals(key)) return i;
        i++;
        if (i < ops.size() && ops.get(i).text().startsWith("LABEL")) {
            if (jip) {
                jipLabel = ops.get(i).text();
                jipCol = ops.get(i).col();
            } else {
                uipLabel = ops.get(i).text();
                uipCol = ops.get(i).col();
            }
            i++;
        }
        return i;
    }

    /** A register name: sets file and number; returns the index after it. */
    private int reg(String s, int i, int col, long[] fileNr) {
        if (s.startsWith("g", i) && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
            int e = digits(s, i + 1);
            fileNr[0] = REG_GRF;
            fileNr[1] = number(s.substring(i + 1, e), col + i);
            return e;
        }
        if (s.startsWith("m", i) && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)) && value("reg_file", "m") >= 0) {
            int e = digits(s, i + 1);
            fileNr[0] = value("reg_file", "m");
            fileNr[1] = number(s.substring(i + 1, e), col + i);
            return e;
        }
        if (s.startsWith("ARF", i)) {
            int e = digits(s, i + 3);
            fileNr[0] = REG_ARF;
            fileNr[1] = number(s.substring(i + 3, e), col + i);
            return e;
        }
        int bestLen = -1;
        for (Map.Entry<Integer, String> en : isa.spec.names("arf").entrySet()) {
            String t = en.getValue();
            int hash = t.indexOf('#');
            if (hash < 0) {
                if (s.startsWith(t, i) && t.length() > bestLen) {
                    bestLen = t.length();
                    fileNr[0] = REG_ARF;
                    fileNr[1] = en.getKey();
                }
            } else {
                String pre = t.substring(0, hash);
                if (s.startsWith(pre, i) && i + pre.length() < s.length() && Character.isDigit(s.charAt(i + pre.length()))) {
                    int e = digits(s, i + pre.length());
                    if (e - i > bestLen) {
                        bestLen = e - i;
                        fileNr[0] = REG_ARF;
                        fileNr[1] = en.getKey() | number(s.substring(i + pre.length(), e), col + i);
                    }
                }
            }
        }
        if (bestLen < 0) throw new EuAsmError(col + i, "unknown register '" + s.substring(i) + "'");
        return i + bestLen;
    }

    private static int digits(String s, int i) {
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        return i;
    }

    /** Type letters at the end of an operand: returns them (possibly "INVALID"). */
    private static String typeSuffix(String s, int from) {
        return s.substring(from);
    }

    private long regType(String letters, int col) {
        return typeCode("types_reg", "dst_reg_hw_type", letters, col, "register type");
    }

    /**
     * The code of a type in {@code table}; for {@code INVALID} (a code the table does not name,
     * which Mesa's assembler cannot parse) all ones in {@code field}, what Mesa's encoder writes
     * for a type the generation has no code for.
     */
    private long typeCode(String table, String field, String letters, int col, String what) {
        if (letters.equals("INVALID")) return (1L << isa.field(field).width()) - 1;
        return need(table, letters, col, what);
    }

    private void regFile(String operand, long file) {
        if (has(operand + "_reg_file")) {
            set(operand + "_reg_file", file);
        } else {
            set(operand + "_reg_file_is_imm", file == REG_IMM ? 1 : 0);
            if (file != REG_IMM) set(operand + "_reg_file_lowbit", file);
        }
    }

    private void dest(Tok t) {
        String s = t.text();
        int c = t.col();
        long[] fn = new long[2];
        if (s.startsWith("g[")) {
            int close = s.indexOf(']');
            if (close < 0) throw new EuAsmError(c, "unterminated indirect register");
            set("dst_address_mode", 1);
            regFile("dst", REG_GRF);
            int gt = s.indexOf('>', close);
            if (gt < 0 || s.charAt(close + 1) != '<') throw new EuAsmError(c + close, "expected <stride> after the register");
            String type = typeSuffix(s, gt + 1);
            int size = isa.elemSize(type);
            indirect(s.substring(2, close), c + 2, "dst", size);
            set("dst_hstride", need("horiz_stride", s.substring(close + 2, gt), c, "horizontal stride"));
            set("dst_reg_hw_type", regType(type, c + gt + 1));
            return;
        }
        int i = reg(s, 0, c, fn);
        regFile("dst", fn[0]);
        set("dst_da_reg_nr", fn[1]);
        if (i == s.length() && fn[0] == REG_ARF) { // ip, tdr0: nothing more printed
            return;
        }
        long sub = 0;
        if (i < s.length() && s.charAt(i) == '.') {
            int e = digits(s, i + 1);
            sub = number(s.substring(i + 1, e), c + i);
            i = e;
        }
        if (i >= s.length() || s.charAt(i) != '<') throw new EuAsmError(c + i, "expected <stride>");
        int gt = s.indexOf('>', i);
        if (gt < 0) throw new EuAsmError(c + i, "unterminated region");
        String stride = s.substring(i + 1, gt);
        int j = gt + 1;
        if (align16) {
            int e = j;
            if (e < s.length() && s.charAt(e) == '.') {
                e++;
                while (e < s.length() && "xyzw".indexOf(s.charAt(e)) >= 0) e++;
            }
            String wm = s.substring(j, e);
            set("da16_writemask", need("writemask", wm, c + j, "writemask"));
            set("dst_hstride", 1); // Mesa's encoder: "01" though align16 ignores it
            String type = typeSuffix(s, e);
            set("dst_reg_hw_type", regType(type, c + e));
            if (sub != 0) set("dst_da16_subreg_nr", 1);
            return;
        }
        String type = typeSuffix(s, j);
        set("dst_reg_hw_type", regType(type, c + j));
        set("dst_hstride", need("horiz_stride", stride, c + i, "horizontal stride"));
        set("dst_da1_subreg_nr", subregBytes("dst_da1_subreg_nr", sub, type, s.indexOf('.') >= 0));
    }

    /** {@code a0.N IMM} inside {@code g[...]}. */
    private void indirect(String s, int col, String operand, int size) {
        String[] parts = s.trim().split("\\s+");
        if (!parts[0].startsWith("a0")) throw new EuAsmError(col, "expected a0 in an indirect register");
        long sub = parts[0].length() > 3 ? number(parts[0].substring(3), col + 3) : 0;
        String field = operand + "_ia_subreg_nr";
        if (operand.equals("dst") && size == Integer.MAX_VALUE && parts[0].length() > 3) {
            // an INVALID type has no size: Mesa prints any nonzero subregister as a0.0
            set(field, (1L << isa.field(field).width()) - 1);
        } else {
            // a printed .0 of a destination: a nonzero byte offset below the type's size
            boolean zeroShown = sub == 0 && parts[0].length() > 3 && size > 1 && size != Integer.MAX_VALUE;
            set(field, operand.equals("dst") ? (zeroShown ? 1 : sub * size) : sub);
        }
        if (parts.length > 1) set(operand + "_ia1_addr_imm", number(parts[1], col));
        else if (ver >= 20) set(operand + "_ia1_addr_imm", 0); // Xe2: the register file's bit is the immediate's lowest
    }

    private void src(int n, Tok t) {
        String p = "src" + n;
        String s = t.text();
        int c = t.col();
        if (looksImmediate(s)) {
            imm(n, s, c);
            return;
        }
        int i = 0;
        boolean logic = name.equals("and") || name.equals("not") || name.equals("or") || name.equals("xor");
        if (s.startsWith(logic ? "~" : "-")) {
            set(p + "_negate", 1);
            i++;
        }
        if (s.startsWith("(abs)", i)) {
            set(p + "_abs", 1);
            i += 5;
        }
        if (s.startsWith("g[", i)) {
            int close = s.indexOf(']', i);
            if (close < 0) throw new EuAsmError(c + i, "unterminated indirect register");
            set(p + "_address_mode", 1);
            regFile(p, ver >= 12 ? REG_ARF : REG_GRF); // as Mesa encodes an indirect source
            indirect(s.substring(i + 2, close), c + i + 2, p, 1);
            int gt = region(p, s, close + 1, c);
            set(p + "_reg_hw_type", regType(typeSuffix(s, gt), c + gt));
            return;
        }
        long[] fn = new long[2];
        i = reg(s, i, c, fn);
        regFile(p, fn[0]);
        set(p + "_da_reg_nr", fn[1]);
        if (i == s.length() && fn[0] == REG_ARF) return; // ip, tdr0
        long sub = 0;
        if (i < s.length() && s.charAt(i) == '.') {
            int e = digits(s, i + 1);
            sub = number(s.substring(i + 1, e), c + i);
            i = e;
        }
        if (align16) {
            int gt = s.indexOf('>', i);
            if (i >= s.length() || s.charAt(i) != '<' || gt < 0) throw new EuAsmError(c + i, "expected <vstride>");
            set(p + "_vstride", need("vert_stride", s.substring(i + 1, gt), c + i, "vertical stride"));
            int e = gt + 1;
            long[] sw = {0, 1, 2, 3};
            e = swizzle(s, e, c, sw);
            set(p + "_da16_swiz_x", sw[0]);
            set(p + "_da16_swiz_y", sw[1]);
            set(p + "_da16_swiz_z", sw[2]);
            set(p + "_da16_swiz_w", sw[3]);
            String type = typeSuffix(s, e);
            set(p + "_reg_hw_type", regType(type, c + e));
            if (sub != 0) set(p + "_da16_subreg_nr", 1);
            return;
        }
        int gt = region(p, s, i, c);
        String type = typeSuffix(s, gt);
        set(p + "_reg_hw_type", regType(type, c + gt));
        set(p + "_da1_subreg_nr", subregBytes(p + "_da1_subreg_nr", sub, type, s.indexOf('.') >= 0));
    }

    /**
     * A subregister in bytes; with an INVALID type (no size) Mesa prints any nonzero one as
     * {@code .0}: all ones then.
     */
    private long subregBytes(String field, long sub, String type, boolean printed) {
        if (type.equals("INVALID") && ver < 20) return printed ? (1L << isa.field(field).width()) - 1 : 0;
        int size = isa.elemSize(type);
        // a printed .0: a nonzero byte offset below the type's size (an even one where the field's low bit is fixed)
        long least = isa.field(field).fits(1) ? 1 : 2;
        return sub == 0 && printed && size > least && size != Integer.MAX_VALUE ? least : sub * size;
    }

    /** An align16 swizzle ({@code .x} replicated, or four channels) at e into sw; returns the index after it. */
    private static int swizzle(String s, int e, int c, long[] sw) {
        if (e >= s.length() || s.charAt(e) != '.') return e;
        int st = ++e;
        while (e < s.length() && "xyzw".indexOf(s.charAt(e)) >= 0) e++;
        String chans = s.substring(st, e);
        if (chans.length() == 1) {
            java.util.Arrays.fill(sw, "xyzw".indexOf(chans.charAt(0)));
        } else if (chans.length() == 4) {
            for (int k = 0; k < 4; k++) sw[k] = "xyzw".indexOf(chans.charAt(k));
        } else {
            throw new EuAsmError(c + st, "bad swizzle ." + chans);
        }
        return e;
    }

    /** {@code <v,w,h>} at i; returns the index after it. */
    private int region(String p, String s, int i, int c) {
        int gt = s.indexOf('>', i);
        if (i >= s.length() || s.charAt(i) != '<' || gt < 0) throw new EuAsmError(c + i, "expected a region <v,w,h>");
        String[] r = s.substring(i + 1, gt).split(",", -1);
        if (r.length != 3) throw new EuAsmError(c + i, "expected a region <v,w,h>");
        long vs = need("vert_stride", r[0], c + i, "vertical stride");
        set(p + "_vstride", ver >= 20 && r[0].equals("VxH") ? 7 : vs); // Xe2's 3-bit field: 7 is VxH
        set(p + "_width", need("width", r[1], c + i, "width"));
        set(p + "_hstride", need("horiz_stride", r[2], c + i, "horizontal stride"));
        return gt + 1;
    }

    private static boolean looksImmediate(String s) {
        if (s.isEmpty()) return false;
        char c = s.charAt(0);
        return Character.isDigit(c) || (c == '-' && s.length() > 1 && Character.isDigit(s.charAt(1)));
    }

    private void imm(int n, String s, int c) {
        String p = "src" + n;
        int e = typeStart(s);
        String type = s.substring(e);
        String num = s.substring(0, e);
        long t = need("types_imm", type, c + e, "immediate type");
        regFile(p, REG_IMM);
        set(p + "_reg_hw_type", t);
        long v;
        try {
            v = num.startsWith("0x") ? Long.parseUnsignedLong(num.substring(2), 16) : Long.parseLong(num);
        } catch (NumberFormatException ex) {
            throw new EuAsmError(c, "bad immediate '" + s + "'");
        }
        long value = v;
        switch (type) {
            case "UQ", "Q", "DF" -> deferred.add(() -> set("imm64", value));
            case "UW", "W", "HF" -> {
                if (ver >= 20) half.add(new long[] {n, v & 0xffff});
                else if (type.equals("HF")) set("imm32", v & 0xffffffffL);
                else set("imm32", (v & 0xffff) | ((v & 0xffff) << 16));
            }
            default -> { // gen7.5's dim prints its DF immediate as F
                if (v > 0xffffffffL) deferred.add(() -> set("imm64", value));
                else deferred.add(() -> set("imm32", value & 0xffffffffL));
            }
        }
        if (ver < 12 && n == 0 && isa.elemSize(type) < 8 && op.srcs() < 2 && (!type.equals("VF") || ver < 8 && align16)) {
            // Mesa's encoder: a lone scalar immediate gives the unused src1 its type, file ARF
            // (a VF one only in gen7's align16)
            regFile("src1", REG_ARF);
            set("src1_reg_hw_type", t);
        }
    }

    /** Where the type letters of an immediate start: they are upper case, its hex digits lower case. */
    private static int typeStart(String s) {
        int e = s.length();
        while (e > 0 && Character.isUpperCase(s.charAt(e - 1))) e--;
        return e;
    }

    // ------------------------------------------------------------------ three sources

    private void dest3(Tok t) {
        String s = t.text();
        int c = t.col();
        long[] fn = new long[2];
        int i = reg(s, 0, c, fn);
        set("3src_dst_reg_nr", fn[1]);
        if (i == s.length() && fn[0] == REG_ARF && ver >= 12) { // ip, tdr0: nothing more printed
            set("3src_a1_dst_reg_file", fn[0]);
            return;
        }
        long sub = 0;
        if (i < s.length() && s.charAt(i) == '.') {
            int e = digits(s, i + 1);
            sub = number(s.substring(i + 1, e), c + i);
            i = e;
        }
        if (!s.startsWith("<1>", i)) throw new EuAsmError(c + i, "expected <1>");
        i += 3;
        if (align16) {
            int e = i;
            if (e < s.length() && s.charAt(e) == '.') {
                e++;
                while (e < s.length() && "xyzw".indexOf(s.charAt(e)) >= 0) e++;
            }
            set("3src_a16_dst_writemask", need("writemask", s.substring(i, e), c + i, "writemask"));
            String type = s.substring(e);
            set("3src_a16_dst_hw_type", typeCode("types_3src_a16", "3src_a16_dst_hw_type", type, c + e, "type"));
            set("3src_a16_dst_subreg_nr", sub * isa.elemSize(type) / 4);
            return;
        }
        String type = s.substring(i);
        a1Type("3src_a1_dst_hw_type", type, c + i);
        set("3src_a1_dst_subreg_nr", sub * isa.elemSize(type));
        if (ver >= 12) set("3src_a1_dst_reg_file", fn[0]);
        else set("3src_a1_dst_reg_file", fn[0] == REG_ARF ? 1 : 0);
    }

    /** An align1 three-source operand's type: its hardware code and the execution type it implies. */
    private void a1Type(String field, String type, int col) {
        if (type.equals("INVALID")) {
            set(field, (1L << isa.field(field).width()) - 1);
            return;
        }
        long key = need("types_3src_a1", type, col, "type");
        set("3src_a1_exec_type", key >> 4);
        set(field, key & 0xf);
    }

    private void src3(int n, Tok t) {
        String p = "src" + n;
        String s = t.text();
        int c = t.col();
        if (!align16 && looksImmediate(s)) {
            if (n == 1 && ver >= 12) throw new EuAsmError(c, "source 1 of a three-source instruction is never an immediate");
            int e = typeStart(s);
            String type = s.substring(e);
            a1Type("3src_a1_" + p + "_hw_type", type, c + e);
            String num = s.substring(0, e);
            long v;
            try {
                v = num.startsWith("0x") ? Long.parseLong(num.substring(2), 16) : Long.parseLong(num);
            } catch (NumberFormatException ex) {
                throw new EuAsmError(c, "bad immediate '" + s + "'");
            }
            if (ver >= 12) set("3src_a1_" + p + "_is_imm", 1);
            else set("3src_a1_" + p + "_reg_file", 1);
            set("3src_a1_" + p + "_imm", v & 0xffff);
            return;
        }
        int i = 0;
        if (s.startsWith("-")) {
            set("3src_" + p + "_negate", 1);
            i++;
        }
        if (s.startsWith("(abs)", i)) {
            set("3src_" + p + "_abs", 1);
            i += 5;
        }
        long[] fn = new long[2];
        i = reg(s, i, c, fn);
        set("3src_" + p + "_reg_nr", fn[1]);
        if (i == s.length() && fn[0] == REG_ARF && ver >= 12) { // ip, tdr0: nothing more printed
            if (n != 1) set("3src_a1_" + p + "_is_imm", 0);
            set(n == 1 ? "3src_a1_src1_reg_file" : "3src_a1_" + p + "_reg_file_lowbit", fn[0]);
            return;
        }
        long sub = 0;
        if (i < s.length() && s.charAt(i) == '.') {
            int e = digits(s, i + 1);
            sub = number(s.substring(i + 1, e), c + i);
            i = e;
        }
        int gt = s.indexOf('>', i);
        if (i >= s.length() || s.charAt(i) != '<' || gt < 0) throw new EuAsmError(c + i, "expected a region");
        String[] r = s.substring(i + 1, gt).split(",", -1);
        if (r.length != 3) throw new EuAsmError(c + i, "expected a region <v,w,h>");
        int e = gt + 1;
        if (align16) {
            boolean scalar = r[0].equals("0") && r[2].equals("0");
            set("3src_a16_" + p + "_rep_ctrl", scalar ? 1 : 0);
            long[] sw = scalar ? new long[4] : new long[] {0, 1, 2, 3};
            e = swizzle(s, e, c, sw);
            set("3src_a16_" + p + "_swizzle", sw[0] | sw[1] << 2 | sw[2] << 4 | sw[3] << 6);
            String type = s.substring(e);
            set("3src_a16_src_hw_type", typeCode("types_3src_a16", "3src_a16_src_hw_type", type, c + e, "type"));
            set("3src_a16_" + p + "_subreg_nr", sub * isa.elemSize(type) / 4);
            return;
        }
        String type = s.substring(e);
        a1Type("3src_a1_" + p + "_hw_type", type, c + e);
        set("3src_a1_" + p + "_subreg_nr", sub * isa.elemSize(type));
        long h = need("horiz_stride", r[2], c + i, "horizontal stride");
        if (n == 2) {
            set("3src_a1_src2_hstride", h);
        } else {
            long v = need("vert_stride", r[0], c + i, "vertical stride");
            long vs = switch ((int) v) {
                case 0 -> 0;
                case 1 -> 1;
                case 2 -> ver >= 12 ? -1 : 1;
                case 3 -> 2;
                case 4 -> 3;
                default -> -1;
            };
            if (vs < 0) throw new EuAsmError(c + i, "no such vertical stride for a three-source operand");
            set("3src_a1_" + p + "_vstride", vs);
            set("3src_a1_" + p + "_hstride", h);
        }
        if (ver >= 12) {
            if (n != 1) set("3src_a1_" + p + "_is_imm", 0);
            String f = n == 1 ? "3src_a1_src1_reg_file" : "3src_a1_" + p + "_reg_file_lowbit";
            set(f, fn[0]);
        } else if (has("3src_a1_" + p + "_reg_file")) {
            set("3src_a1_" + p + "_reg_file", fn[0] == REG_ARF ? 1 : 0);
        }
    }

    /**
     * One of dpas's registers: file, number, subregister as the field holds it, the fixed region
     * ({@code <1>}, {@code <1,1,0>}) and a type whose integer-or-float bit all operands share.
     */
    private void dpasOperand(String p, Tok t, boolean dst) {
        String s = t.text();
        int c = t.col();
        long[] fn = new long[2];
        int i = reg(s, 0, c, fn);
        set(p + "_reg_file", fn[0]);
        set(p + "_reg_nr", fn[1]);
        if (i == s.length() && fn[0] == REG_ARF) return; // ip, tdr0
        if (i < s.length() && s.charAt(i) == '.') {
            int e = digits(s, i + 1);
            set(p + "_subreg_nr", number(s.substring(i + 1, e), c + i));
            i = e;
        }
        String region = dst ? "<1>" : "<1,1,0>";
        if (!s.startsWith(region, i)) throw new EuAsmError(c + i, "expected " + region);
        i += region.length();
        String type = s.substring(i);
        if (type.equals("INVALID")) throw new EuAsmError(c + i, "an INVALID dpas type has no code to give back");
        long key = need("types_3src_a1", type, c + i, "type");
        set("dpas_3src_exec_type", key >> 4);
        set(p + "_hw_type", key & 7);
    }

    // ------------------------------------------------------------------ sends

    private void send(List<Tok> ops, int col) {
        if (isa.isSplitSend(name)) {
            if (ops.size() < 5) throw new EuAsmError(col, "split send needs dst, src0, src1, desc, ex_desc");
            long[] fn = new long[2];
            Tok d = ops.get(0);
            reg(d.text(), 0, d.col(), fn);
            set("send_dst_reg_file", fn[0]);
            set("dst_da_reg_nr", fn[1]);
            Tok s0 = ops.get(1);
            boolean gather = ver >= 30 && s0.text().startsWith("r[");
            if (gather) {
                gatherSource(s0);
            } else {
                reg(s0.text(), 0, s0.col(), fn);
                if (ver >= 12) set("send_src0_reg_file", fn[0]);
                set("src0_da_reg_nr", fn[1]);
            }
            Tok s1 = ops.get(2);
            reg(s1.text(), 0, s1.col(), fn);
            set("send_src1_reg_file", fn[0]);
            set("send_src1_reg_nr", fn[1]);
            Tok desc = ops.get(3);
            if (desc.text().startsWith("a0")) {
                set("send_sel_reg32_desc", 1);
            } else {
                set("send_desc", hex(desc));
            }
            Tok ex = ops.get(4);
            if (ex.text().startsWith("a0")) {
                set("send_sel_reg32_ex_desc", 1);
                String t = ex.text();
                if (t.startsWith("a0.")) {
                    int lt = t.indexOf('<');
                    if (lt < 3) throw new EuAsmError(ex.col(), "expected a0.N<0>UD, found '" + t + "'");
                    set("send_ex_desc_ia_subreg_nr", number(t.substring(3, lt), ex.col()));
                }
            } else {
                set(gather ? "sends_ex_desc_gather" : "sends_ex_desc", hex(ex));
            }
            return;
        }
        if (ops.size() < 3) throw new EuAsmError(col, "send needs dst, src0 and a descriptor");
        dest(ops.get(0));
        src(0, ops.get(1));
        Tok last = ops.get(ops.size() - 1);
        if (ops.size() > 3) {
            src(1, ops.get(2));
        } else {
            regFile("src1", REG_IMM);
        }
        w[1] = (w[1] & 0xffffffffL) | (hex(last) << 32);
    }

    /**
     * Xe3's gather send source {@code r[s0.N]}: the architecture register listing the payload's
     * registers, its subregister in 2-byte units.
     */
    private void gatherSource(Tok t) {
        String s = t.text();
        long[] fn = new long[2];
        int i = reg(s, 2, t.col(), fn);
        if (fn[0] != REG_ARF) throw new EuAsmError(t.col() + 2, "a gather send lists its registers in an architecture register");
        set("send_src0_reg_file", REG_ARF);
        set("src0_da_reg_nr", fn[1]);
        if (i >= s.length() || s.charAt(i) != '.' || !s.endsWith("]")) throw new EuAsmError(t.col() + i, "expected r[REG.N]");
        long sub = number(s.substring(i + 1, s.length() - 1), t.col() + i + 1);
        if (sub % 2 != 0) throw new EuAsmError(t.col() + i + 1, "a gather subregister is even");
        set("send_src0_subreg_nr", sub / 2);
    }

    private static long hex(Tok t) {
        String s = t.text();
        if (!s.startsWith("0x")) throw new EuAsmError(t.col(), "expected a hex descriptor, found '" + s + "'");
        try {
            return Long.parseLong(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new EuAsmError(t.col(), "bad hex descriptor '" + s + "'");
        }
    }

    /**
     * The {@code SFID MsgDesc: ...} line: only the shared function is not in the descriptor bits,
     * and (where the spec has the fields) Mesa 25's {@code src1_len = N ex_bso} of an extended
     * descriptor in a0.
     */
    private void sendLine(String line2) {
        int m = line2.indexOf(" MsgDesc:");
        if (m < 0) throw new EuAsmError(1, "expected 'SFID MsgDesc:' on the line after a send");
        String sf = line2.substring(0, m).trim();
        set("sfid", need("gfx6_sfid", sf, 1 + line2.indexOf(sf), "shared function"));
        Matcher bso = EX_BSO.matcher(line2);
        if (bso.find() && has("send_ex_bso")) {
            set("send_ex_bso", 1);
            set("send_src1_len", number(bso.group(1), 1 + bso.start(1)));
        }
    }

    /**
     * Mesa's wait names the notification register as src0 too (in align16 the written channel
     * replicated), and a null src1 of type F ({@code <8,8,1>}, in align16 {@code <4>.xyzw}).
     */
    private void waitSources() {
        set("src0_da_reg_nr", get("dst_da_reg_nr"));
        if (align16) {
            long chan = Long.numberOfTrailingZeros(get("da16_writemask"));
            for (String c : new String[] {"x", "y", "z", "w"}) set("src0_da16_swiz_" + c, chan & 3);
            set("src1_vstride", value("vert_stride", "4"));
            identitySwizzle("src1");
        } else {
            set("src0_da1_subreg_nr", get("dst_da1_subreg_nr"));
            set("src1_vstride", value("vert_stride", "8"));
            set("src1_width", value("width", "8"));
            set("src1_hstride", value("horiz_stride", "1"));
        }
        set("src1_reg_hw_type", value("types_reg", "F"));
    }

    /** The align16 swizzle .xyzw on an operand that is not printed. */
    private void identitySwizzle(String operand) {
        String[] chans = {"x", "y", "z", "w"};
        for (int k = 0; k < 4; k++) set(operand + "_da16_swiz_" + chans[k], k);
    }

    /**
     * A gen7 branch's operands, as Mesa's assembler writes them: the jumps live in an immediate
     * src1 (D for break, cont and halt, W for the others); the destination and src0 are null
     * registers of type D (a scalar src0 for if), cont's are ip.
     */
    private void gen7Jump() {
        boolean cont = name.equals("cont");
        dest(new Tok(cont ? "ip" : "null<1>D", 1));
        src(0, new Tok(cont ? "ip" : name.equals("if") ? (align16 ? "null<0>D" : "null<0,1,0>D")
                : (align16 ? "null<4>D" : "null<8,8,1>D"), 1));
        if (cont) {
            set("dst_hstride", 1);
            set("src0_vstride", value("vert_stride", "4"));
            if (align16) {
                set("da16_writemask", 0xf);
                identitySwizzle("src0");
            }
        }
        regFile("src1", REG_IMM);
        boolean dword = cont || name.equals("break") || name.equals("halt");
        set("src1_reg_hw_type", value("types_imm", dword ? "D" : "W"));
    }

    /**
     * Bits the text does not show, as Mesa's encoder sets them: a branch's unused destination
     * and immediate sources (the jump offsets are written over them afterwards).
     */
    private void defaults() {
        applySwsb();
        if (name.equals("wait")) waitSources();
        if (!isa.hasJip(name)) return;
        if (ver < 8) {
            gen7Jump();
            return;
        }
        long d = value("types_reg", "D"), di = value("types_imm", "D");
        boolean endif = name.equals("endif");
        if (name.equals("cont")) { // Mesa's assembler: cont writes ip
            long[] ip = new long[2];
            reg("ip", 0, 1, ip);
            regFile("dst", ip[0]);
            set("dst_da_reg_nr", ip[1]);
            set("dst_hstride", 1);
            set("dst_reg_hw_type", value("types_reg", "UD"));
        } else if (!endif) {
            set("dst_hstride", 1);
            set("dst_reg_hw_type", d);
        }
        regFile("src0", REG_IMM);
        boolean ifElse = name.equals("if") || name.equals("else");
        set("src0_reg_hw_type", ver >= 12 && ifElse ? 0 : di);
        if (ver >= 12) {
            if (!endif && !name.equals("while")) regFile("src1", REG_IMM);
        } else if (endif || name.equals("while")) {
            set("src1_reg_hw_type", d);
        }
    }
}
