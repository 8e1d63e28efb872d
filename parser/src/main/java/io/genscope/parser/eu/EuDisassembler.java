package io.genscope.parser.eu;

import io.genscope.eu.BitField;
import io.genscope.eu.EuOpcode;
import io.genscope.eu.EuSpec;
import io.genscope.eu.EuSpecLoader;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Disassembles EU instructions of gen7-gen12.5 into the text Mesa's {@code i965_disasm} prints.
 * All bit positions, tables, opcodes and names come from the family's {@link EuSpec}; this class
 * holds only the printing rules (operand order, columns, which field decides what).
 */
public final class EuDisassembler {

    private final EuSpec spec;
    private final EuIsa isa;
    private final EuUncompactor uncompactor;

    private EuDisassembler(EuSpec spec, int ver) {
        this.spec = spec;
        this.isa = new EuIsa(spec, ver);
        this.uncompactor = new EuUncompactor(isa);
    }

    /** A disassembler for a family or platform name ({@code gen9}, {@code skl}, ...). */
    public static EuDisassembler forGen(String nameOrPlatform) {
        EuSpec s = EuSpecLoader.load(nameOrPlatform);
        int ver = EuIsa.ver(s.name());
        if (!supports(s.name())) throw new IllegalArgumentException("EU disassembly of " + s.name() + " is not implemented yet");
        return new EuDisassembler(s, ver);
    }

    /** Whether {@link #forGen} can print this generation (family or platform name). */
    public static boolean supports(String nameOrPlatform) {
        try {
            return EuSpecLoader.FAMILIES.contains(EuSpecLoader.family(nameOrPlatform));
        } catch (RuntimeException e) {
            return false;
        }
    }

    public EuSpec spec() { return spec; }

    // ---------------------------------------------------------------- stream level

    /**
     * Where a kernel starting at {@code start} ends, the way aubinator finds it: after the first
     * send with end-of-thread or an opcode 0; or at the end of the bytes (a problem is reported).
     */
    public int findEnd(byte[] code, int start, List<EuProblem> problems) {
        int off = start;
        while (true) {
            if (off + 8 > code.length) {
                problems.add(new EuProblem(off, "kernel runs past the end of the available bytes"));
                return Math.min(off, code.length);
            }
            long[] raw = rawWords(code, off);
            boolean cmpt = isa.field("cmpt_control").get(raw) != 0;
            int next = off + (cmpt ? 8 : 16);
            EuOpcode op = isa.opcode(isa.field("hw_opcode").get(raw));
            int hw = (int) isa.field("hw_opcode").get(raw);
            if (hw == 0 || (op != null && EuIsa.isSend(op.name()) && isa.field("eot").get(raw) != 0)) {
                return Math.min(next, code.length);
            }
            off = next;
        }
    }

    /** Disassembles a kernel the way aubinator prints it under "Referenced ... shader:". */
    public EuListing disassembleKernel(byte[] code, int start) {
        List<EuProblem> problems = new ArrayList<>();
        int end = findEnd(code, start, problems);
        EuListing l = disassemble(code, start, end);
        problems.addAll(l.problems());
        return new EuListing(l.lines(), problems, l.end());
    }

    /** The most bytes {@link #disassembleKernel(GpuMemory, AddressSpace, long)} reads for one kernel. */
    public static final int MAX_KERNEL_BYTES = 4 << 20;

    /**
     * Disassembles the kernel at a graphics address as aubinator does for a "Referenced ...
     * shader:" heading: bytes are read from {@code memory} until the kernel's end is found or the
     * mapped run (or {@link #MAX_KERNEL_BYTES}) ends; an empty listing when nothing is mapped.
     */
    public EuListing disassembleKernel(GpuMemory memory, AddressSpace space, long address) {
        int[] dwords = new int[4096];
        int have = 0;
        while (true) {
            int got = memory.read(space, address + 4L * have, dwords, have, dwords.length - have);
            have += Math.max(0, got);
            byte[] code = new byte[have * 4];
            for (int i = 0; i < have; i++) {
                for (int k = 0; k < 4; k++) code[i * 4 + k] = (byte) (dwords[i] >>> (8 * k));
            }
            boolean more = have == dwords.length && dwords.length * 4 < MAX_KERNEL_BYTES;
            if (more) {
                List<EuProblem> scratch = new ArrayList<>();
                int end = findEnd(code, 0, scratch);
                if (scratch.isEmpty() && end < code.length) return disassembleKernel(code, 0);
                dwords = java.util.Arrays.copyOf(dwords, dwords.length * 2);
                continue;
            }
            return disassembleKernel(code, 0);
        }
    }

    /** Disassembles {@code [start, end)}; a truncated last instruction is reported, not decoded. */
    public EuListing disassemble(byte[] code, int start, int end) {
        end = Math.min(end, code.length);
        List<EuProblem> problems = new ArrayList<>();
        Map<Integer, Integer> labels = labels(code, start, end);
        List<EuLine> lines = new ArrayList<>();
        int off = start;
        while (off < end) {
            if (off + 8 > end) {
                problems.add(new EuProblem(off, "truncated instruction: " + (end - off) + " bytes left"));
                break;
            }
            long[] raw = rawWords(code, off);
            boolean cmpt = isa.field("cmpt_control").get(raw) != 0;
            if (!cmpt && off + 16 > end) {
                problems.add(new EuProblem(off, "truncated instruction: " + (end - off) + " bytes left"));
                break;
            }
            String prefix = labels.containsKey(off) ? "\nLABEL" + labels.get(off) + ":\n" : "";
            long[] words = raw;
            String text;
            String name = null;
            try {
                words = cmpt ? uncompact(raw[0]) : raw;
                EuOpcode op = isa.opcode(isa.field("hw_opcode").get(words));
                name = op == null ? null : op.name();
                text = new EuPrinter(isa, words, cmpt, off, labels).instruction();
            } catch (RuntimeException e) {
                problems.add(new EuProblem(off, "cannot decode instruction: " + e));
                text = "*** undecodable instruction";
            }
            lines.add(new EuLine(off, cmpt, name, prefix + text, words));
            off += cmpt ? 8 : 16;
        }
        return new EuListing(lines, problems, off);
    }

    private Map<Integer, Integer> labels(byte[] code, int start, int end) {
        List<Integer> order = new ArrayList<>();
        int off = start;
        while (off + 8 <= end) {
            long[] raw = rawWords(code, off);
            boolean cmpt = isa.field("cmpt_control").get(raw) != 0;
            if (!cmpt && off + 16 > end) break;
            long[] w;
            try {
                w = cmpt ? uncompact(raw[0]) : raw;
            } catch (RuntimeException e) {
                off += cmpt ? 8 : 16;
                continue;
            }
            EuOpcode op = isa.opcode(isa.field("hw_opcode").get(w));
            if (op != null) {
                if (isa.hasUip(op.name())) {
                    addLabel(order, off + isa.jump(w, "uip"));
                    addLabel(order, off + isa.jump(w, "jip"));
                } else if (isa.hasJip(op.name())) {
                    addLabel(order, off + isa.jump(w, "jip"));
                }
            }
            off += cmpt ? 8 : 16;
        }
        Map<Integer, Integer> m = new TreeMap<>();
        for (int i = 0; i < order.size(); i++) m.put(order.get(i), i);
        return m;
    }

    private static void addLabel(List<Integer> order, int offset) {
        if (!order.contains(offset)) order.add(offset);
    }

    /** Expands a 64-bit compacted instruction into the native 128-bit form. */
    public long[] uncompact(long compact) { return uncompactor.uncompact(compact); }

    /** Whether a native instruction has an immediate source. */
    public boolean hasImmediate(long[] w) { return isa.hasImmediate(w); }

    /** Whether an opcode mnemonic is one of the send family. */
    public static boolean isSend(String op) { return EuIsa.isSend(op); }

    static long[] rawWords(byte[] code, int off) {
        long[] w = new long[2];
        for (int i = 0; i < 16; i++) {
            int b = off + i < code.length ? code[off + i] & 0xff : 0;
            w[i >> 3] |= (long) b << ((i & 7) * 8);
        }
        return w;
    }
}
