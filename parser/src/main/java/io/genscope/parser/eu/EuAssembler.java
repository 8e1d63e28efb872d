package io.genscope.parser.eu;

import io.genscope.eu.EuSpec;
import io.genscope.eu.EuSpecLoader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles EU instructions written in Mesa's syntax (what {@link EuDisassembler} and
 * {@code i965_disasm} print) into the bytes the hardware reads: native 128-bit instructions, or
 * 64-bit ones where the text says {@code compacted}. Jumps are written as the disassembler prints
 * them ({@code JIP: LABEL3}, with {@code LABEL3:} lines); a label that is used but never placed
 * stands for the end of the listing, where the disassembler prints nothing. A line that cannot be
 * assembled is reported as {@code NAME:LINE:COLUMN: message} and left out; the rest is assembled.
 */
public final class EuAssembler {

    /** The bytes and the problems, in line order. */
    public record Result(byte[] bytes, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    private final EuIsa isa;
    private final EuCompactor compactor;

    /** The families the assembler is tested on (round trip of captures and Mesa's suite). */
    public static final List<String> FAMILIES = List.of("gen7", "gen75", "gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30");

    private EuAssembler(EuSpec spec) {
        this.isa = new EuIsa(spec, EuIsa.ver(spec.name()));
        this.compactor = new EuCompactor(isa, new EuUncompactor(isa));
    }

    /** An assembler for a family or platform name ({@link #FAMILIES}). */
    public static EuAssembler forGen(String nameOrPlatform) {
        String family;
        try {
            family = EuSpecLoader.family(nameOrPlatform);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("no EU spec for " + nameOrPlatform);
        }
        if (!FAMILIES.contains(family)) {
            throw new IllegalArgumentException("EU assembly of " + family + " is not implemented yet (" + String.join(", ", FAMILIES) + ")");
        }
        return new EuAssembler(EuSpecLoader.load(family));
    }

    /** One parsed instruction and where it came from. */
    private record Parsed(EuAsmInstruction insn, int line, int offset) {}

    /** Assembles {@code text}; {@code name} names it in problems. */
    public Result assemble(String name, String text) {
        String[] lines = text.split("\r?\n", -1);
        List<String> problems = new ArrayList<>();
        List<Parsed> insns = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        List<String> pendingLabels = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("//")) continue;
            if (t.matches("LABEL\\d+:")) {
                labels.put(t.substring(0, t.length() - 1), offset);
                continue;
            }
            String line2 = null;
            int next = i + 1;
            while (next < lines.length && lines[next].isBlank()) next++;
            if (next < lines.length && lines[next].contains(" MsgDesc:")) {
                line2 = lines[next];
            }
            if (line.contains(" MsgDesc:")) {
                problems.add(name + ":" + (i + 1) + ":1: a MsgDesc line without its send");
                continue;
            }
            EuAsmInstruction insn = new EuAsmInstruction(isa);
            try {
                insn.parse(line, line2);
            } catch (EuAsmError e) {
                problems.add(where(name, i, e) + message(e));
                if (line2 != null) i = next;
                continue;
            } catch (RuntimeException e) { // a gap in the parser: still a problem, never a crash
                problems.add(where(name, i, e) + "internal error: " + e);
                if (line2 != null) i = next;
                continue;
            }
            insns.add(new Parsed(insn, i + 1, offset));
            if (line2 != null) i = next;
            offset += insn.compacted ? 8 : 16;
        }
        int end = offset;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String endLabel = null;
        for (Parsed p : insns) {
            EuAsmInstruction in = p.insn();
            try {
                if (in.jipLabel != null) endLabel = jump(in, "jip", in.jipLabel, in.jipCol, labels, endLabel, end, p.offset());
                if (in.uipLabel != null) endLabel = jump(in, "uip", in.uipLabel, in.uipCol, labels, endLabel, end, p.offset());
                in.afterJumps();
            } catch (EuAsmError e) {
                problems.add(name + ":" + p.line() + ":" + Math.max(1, e.column) + ": " + e.getMessage());
            }
            long[] w = in.w;
            if (in.compacted) {
                try {
                    long c = compactor.compact(w);
                    write(out, c);
                    continue;
                } catch (EuAsmError e) {
                    problems.add(name + ":" + p.line() + ":1: " + message(e) + "; written uncompacted");
                } catch (RuntimeException e) {
                    problems.add(name + ":" + p.line() + ":1: internal error: " + e + "; written uncompacted");
                }
            }
            write(out, w[0]);
            write(out, w[1]);
        }
        return new Result(out.toByteArray(), problems);
    }

    private static String where(String name, int lineIndex, RuntimeException e) {
        int col = e instanceof EuAsmError a ? Math.max(1, a.column) : 1;
        return name + ":" + (lineIndex + 1) + ":" + col + ": ";
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private String jump(EuAsmInstruction in, String field, String label, int col, Map<String, Integer> labels,
                        String endLabel, int end, int offset) {
        Integer target = labels.get(label);
        if (target == null) {
            if (endLabel != null && !endLabel.equals(label)) {
                throw new EuAsmError(col, "label " + label + " is never placed (only one unplaced label may stand for the end)");
            }
            endLabel = label;
            target = end;
        }
        // gen8+ jump in bytes, gen7 in 8-byte units (16 bits)
        isa.field(field).put(in.w, (target - offset) / (isa.ver >= 8 ? 1 : 8));
        return endLabel;
    }

    private static void write(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)));
    }
}
