package io.genscope.parser.eu;

import io.genscope.eu.BitField;
import io.genscope.eu.EuOpcode;
import io.genscope.eu.EuSpec;
import io.genscope.eu.EuSpecLoader;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Disassembles EU instructions of gen7-gen12.5 into the text Mesa 22.3.6's {@code i965_disasm} prints,
 * and of Xe2 (gen20) and Xe3 (gen30) into what Mesa 25.0.7's {@code brw_disasm} prints.
 * All bit positions, tables, opcodes and names come from the family's {@link EuSpec}; this class
 * holds only the printing rules (operand order, columns, which field decides what).
 */
public final class EuDisassembler {

    private final EuSpec spec;
    private final EuIsa isa;
    private final EuUncompactor uncompactor;
    private final EuField cmptControl, hwOpcode, eot;

    private EuDisassembler(EuSpec spec, int ver) {
        this.spec = spec;
        this.isa = new EuIsa(spec, ver);
        this.uncompactor = new EuUncompactor(isa);
        this.cmptControl = isa.field("cmpt_control");
        this.hwOpcode = isa.field("hw_opcode");
        this.eot = isa.field("eot");
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
     * send with end-of-thread or an opcode 0 (from Xe2 also any opcode the generation lacks, which
     * Mesa 25 decodes as opcode 0); or at the end of the bytes (a problem is reported).
     */
    public int findEnd(byte[] code, int start, List<EuProblem> problems) {
        int off = start;
        while (true) {
            if (off + 8 > code.length) {
                problems.add(new EuProblem(off, "kernel runs past the end of the available bytes"));
                return Math.min(off, code.length);
            }
            long[] raw = rawWords(code, off);
            boolean cmpt = cmptControl.get(raw) != 0;
            int next = off + (cmpt ? 8 : 16);
            int hw = (int) hwOpcode.get(raw);
            EuOpcode op = isa.opcode(hw);
            if (hw == 0 || (op == null && isa.ver >= 20) || (op != null && EuIsa.isSend(op.name()) && eot.get(raw) != 0)) {
                return Math.min(next, code.length);
            }
            off = next;
        }
    }

    /**
     * Disassembles a kernel the way aubinator prints it under "Referenced ... shader:". From Xe2
     * aubinator (Mesa 25) also prints its validator's verdict on an instruction whose opcode the
     * generation lacks, on a line of its own after it.
     */
    public EuListing disassembleKernel(byte[] code, int start) {
        List<EuProblem> problems = new ArrayList<>();
        int end = findEnd(code, start, problems);
        return kernel(code, start, end, problems);
    }

    /** The kernel {@code [start, end)} as aubinator prints it, after the problems finding its end raised. */
    private EuListing kernel(byte[] code, int start, int end, List<EuProblem> problems) {
        EuListing l = disassemble(code, start, end);
        problems.addAll(l.problems());
        List<EuLine> lines = l.lines();
        if (isa.ver >= 20) {
            lines = new ArrayList<>(lines);
            for (int i = 0; i < lines.size(); i++) {
                EuLine line = lines.get(i);
                if (line.opcode() == null || line.opcode().equals("illegal")) {
                    lines.set(i, new EuLine(line.offset(), line.compacted(), line.opcode(),
                            line.text().concat(UNSUPPORTED), line.words()));
                }
            }
        }
        return new EuListing(lines, problems, l.end());
    }

    /** What Mesa 25's validator prints after an instruction whose opcode the generation lacks. */
    private static final String UNSUPPORTED = "\n\tERROR: Instruction not supported on this Gen";

    /** The most bytes {@link #disassembleKernel(GpuMemory, AddressSpace, long)} reads for one kernel. */
    public static final int MAX_KERNEL_BYTES = 4 << 20;

    /**
     * Disassembles the kernel at a graphics address as aubinator does for a "Referenced ...
     * shader:" heading: bytes are read from {@code memory} until the kernel's end is found or the
     * mapped run (or {@link #MAX_KERNEL_BYTES}) ends; an empty listing when nothing is mapped.
     */
    public EuListing disassembleKernel(GpuMemory memory, AddressSpace space, long address) {
        int[] dwords = new int[1024]; // most kernels fit; longer ones double it until their end is read
        int have = 0;
        while (true) {
            int got = memory.read(space, address + 4L * have, dwords, have, dwords.length - have);
            have += Math.max(0, got);
            byte[] code = new byte[have * 4];
            for (int i = 0; i < have; i++) {
                int d = dwords[i];
                code[i * 4] = (byte) d;
                code[i * 4 + 1] = (byte) (d >>> 8);
                code[i * 4 + 2] = (byte) (d >>> 16);
                code[i * 4 + 3] = (byte) (d >>> 24);
            }
            boolean more = have == dwords.length && dwords.length * 4 < MAX_KERNEL_BYTES;
            if (more) {
                List<EuProblem> scratch = new ArrayList<>();
                int end = findEnd(code, 0, scratch);
                if (scratch.isEmpty() && end < code.length) return kernel(code, 0, end, scratch);
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
        // each instruction is read and uncompacted once: the labels need every jump before printing
        List<Decoded> decoded = new ArrayList<>();
        int off = start;
        while (off < end) {
            if (off + 8 > end) {
                problems.add(new EuProblem(off, "truncated instruction: " + (end - off) + " bytes left"));
                break;
            }
            long[] raw = rawWords(code, off);
            boolean cmpt = cmptControl.get(raw) != 0;
            if (!cmpt && off + 16 > end) {
                problems.add(new EuProblem(off, "truncated instruction: " + (end - off) + " bytes left"));
                break;
            }
            long[] words = raw;
            RuntimeException failed = null;
            if (cmpt) {
                try {
                    words = uncompact(raw[0]);
                } catch (RuntimeException e) {
                    failed = e;
                }
            }
            decoded.add(new Decoded(off, cmpt, raw, words, failed));
            off += cmpt ? 8 : 16;
        }
        Map<Integer, Integer> labels = labels(decoded);
        List<EuLine> lines = new ArrayList<>(decoded.size());
        for (Decoded insn : decoded) {
            long[] words = insn.raw();
            String text;
            String name = null;
            try {
                if (insn.failed() != null) throw insn.failed();
                words = insn.words();
                EuOpcode op = isa.opcode(hwOpcode.get(words));
                name = op == null ? null : op.name();
                text = new EuPrinter(isa, words, insn.cmpt(), insn.offset(), labels).instruction();
            } catch (RuntimeException e) {
                problems.add(new EuProblem(insn.offset(), "cannot decode instruction: " + e));
                text = "*** undecodable instruction";
            }
            Integer label = labels.get(insn.offset());
            if (label != null) {
                text = new StringBuilder(text.length() + 12).append("\nLABEL").append(label).append(":\n").append(text).toString();
            }
            lines.add(new EuLine(insn.offset(), insn.cmpt(), name, text, words));
        }
        return new EuListing(lines, problems, off);
    }

    /** One instruction read from the stream: its raw words and, uncompacted, its native ones (or why not). */
    private record Decoded(int offset, boolean cmpt, long[] raw, long[] words, RuntimeException failed) {}

    /** The jump targets, numbered in the order their jumps appear (Mesa's LABELn). */
    private Map<Integer, Integer> labels(List<Decoded> decoded) {
        List<Integer> order = new ArrayList<>();
        for (Decoded insn : decoded) {
            if (insn.failed() != null) continue;
            long[] w = insn.words();
            EuOpcode op = isa.opcode(hwOpcode.get(w));
            if (op != null) {
                if (isa.hasUip(op.name())) {
                    addLabel(order, insn.offset() + isa.jump(w, "uip"));
                    addLabel(order, insn.offset() + isa.jump(w, "jip"));
                } else if (isa.hasJip(op.name())) {
                    addLabel(order, insn.offset() + isa.jump(w, "jip"));
                }
            }
        }
        if (order.isEmpty()) return Map.of();
        Map<Integer, Integer> m = new HashMap<>();
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
