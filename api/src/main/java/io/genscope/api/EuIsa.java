package io.genscope.api;

import io.genscope.parser.eu.EuDisassembler;
import io.genscope.parser.eu.EuLine;
import io.genscope.parser.eu.EuListing;
import io.genscope.parser.eu.EuProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The EU (shader) instruction set of one GPU generation: disassembles kernel bytes into the text
 * Mesa's disassembler prints, one record per instruction with its fields, for every generation
 * {@link #forGen} lists. Instances are immutable and shared between threads.
 *
 * <pre>{@code
 * EuIsa tgl = EuIsa.forGen("tgl");                         // or "gen12", "skl", "gen9", ...
 * for (EuIsa.Instruction i : tgl.disassemble(bytes).instructions()) {
 *     System.out.printf("%04x  %s%n", i.offset(), i.text());
 * }
 * }</pre>
 */
public final class EuIsa {
    private final EuDisassembler disassembler;

    private EuIsa(EuDisassembler disassembler) {
        this.disassembler = disassembler;
    }

    /**
     * The instruction set of a device or generation.
     *
     * @param device a generation ({@code gen7}, {@code gen75}, {@code gen8}, {@code gen9}, {@code gen11},
     *     {@code gen12}, {@code gen125}, {@code gen20}, {@code gen30}) or a platform short name ({@code hsw},
     *     {@code bdw}, {@code skl}, {@code icl}, {@code tgl}, {@code dg2}, {@code lnl}, {@code ptl}, ...), as
     *     {@link GenSpec#forDevice} takes them
     * @return the instruction set
     * @throws IllegalArgumentException when the device is unknown or its EU ISA is not covered
     */
    public static EuIsa forGen(String device) {
        String name = GenSpec.forDevice(device).name();
        if (!EuDisassembler.supports(name)) {
            throw new IllegalArgumentException("no EU disassembler for " + device + " (" + name
                    + "); covered: gen7, gen75, gen8, gen9, gen11, gen12, gen125, gen20, gen30");
        }
        return new EuIsa(EuDisassembler.forGen(name));
    }

    /**
     * The instruction-set family's name.
     *
     * @return {@code gen7}, {@code gen75}, {@code gen8}, {@code gen9}, {@code gen11}, {@code gen12}, {@code gen125},
     *     {@code gen20} or {@code gen30}
     */
    public String name() {
        return disassembler.spec().name();
    }

    /**
     * Disassembles every instruction of {@code code}. Damaged bytes never throw: an undecodable
     * instruction gets a placeholder text and a problem, a truncated last one only a problem.
     *
     * @param code instruction bytes as the hardware reads them (compacted 8-byte and native
     *     16-byte instructions mixed)
     * @return the instructions and problems
     */
    public Disassembly disassemble(byte[] code) {
        return convert(code, disassembler.disassemble(code, 0, code.length));
    }

    /**
     * Disassembles one kernel from {@code start} to its end as Mesa's aubinator finds it: the first
     * send with end-of-thread, or an instruction of opcode 0 (the end of the bytes otherwise, with a
     * problem).
     *
     * @param code the bytes holding the kernel
     * @param start the kernel's first byte
     * @return its instructions (offsets relative to {@code start}) and problems
     */
    public Disassembly disassembleKernel(byte[] code, int start) {
        if (start < 0 || start > code.length) {
            throw new IndexOutOfBoundsException("start " + start + " outside 0.." + code.length);
        }
        byte[] kernel = Arrays.copyOfRange(code, start, code.length);
        return convert(kernel, disassembler.disassembleKernel(kernel, 0));
    }

    private Disassembly convert(byte[] code, EuListing listing) {
        List<Instruction> out = new ArrayList<>(listing.lines().size());
        var fields = disassembler.spec().fields();
        for (EuLine l : listing.lines()) {
            Map<String, Long> values = new TreeMap<>();
            fields.forEach((n, f) -> values.put(n, f.get(l.words())));
            byte[] bytes = Arrays.copyOfRange(code, l.offset(), Math.min(code.length, l.offset() + (l.compacted() ? 8 : 16)));
            // a jump target's text starts with "\nLABELn:\n"
            String text = l.text();
            int colon = text.startsWith("\n") ? text.indexOf(":\n") : -1;
            Optional<String> label = colon > 0 ? Optional.of(text.substring(1, colon)) : Optional.empty();
            out.add(new Instruction(l.offset(), bytes, l.compacted(), Optional.ofNullable(l.opcode()), label,
                    colon > 0 ? text.substring(colon + 2) : text, values));
        }
        List<Disassembly.Issue> issues = listing.problems().stream()
                .map((EuProblem p) -> new Disassembly.Issue(p.offset(), p.message())).toList();
        return new Disassembly(out, issues, listing.end());
    }

    /**
     * One disassembled instruction.
     *
     * <pre>{@code
     * EuIsa.Instruction i = isa.disassemble(bytes).instructions().get(0);
     * if (i.opcode().orElse("").equals("send")) System.out.println(i.text());
     * }</pre>
     *
     * @param offset byte offset in the disassembled bytes
     * @param bytes the instruction's bytes as stored (8 when compacted, else 16); a copy
     * @param compacted whether it is stored in the 64-bit compacted form
     * @param opcode the mnemonic ({@code mov}, {@code send}, ...), empty for an unknown opcode
     * @param label the label Mesa prints before a jump target ({@code LABEL0}), if any
     * @param text the text Mesa's disassembler prints, without the label; a send's message
     *     description follows on a second line
     * @param fields every field of the native (uncompacted) form the instruction-set spec defines,
     *     by name, as unsigned values
     */
    public record Instruction(int offset, byte[] bytes, boolean compacted, Optional<String> opcode, Optional<String> label,
            String text, Map<String, Long> fields) {
        /**
         * Copies the bytes and the fields.
         *
         * @param offset byte offset
         * @param bytes stored bytes
         * @param compacted compacted form
         * @param opcode mnemonic
         * @param label jump-target label
         * @param text Mesa's text
         * @param fields native fields
         */
        public Instruction {
            bytes = bytes.clone();
            fields = java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
        }

        /**
         * The stored bytes.
         *
         * @return a copy
         */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * What {@link #disassemble} found: the instructions, the problems, and where decoding stopped.
     *
     * <pre>{@code
     * EuIsa.Disassembly d = EuIsa.forGen("skl").disassemble(bytes);
     * d.problems().forEach(p -> System.err.println("offset " + p.offset() + ": " + p.message()));
     * }</pre>
     *
     * @param instructions in order
     * @param problems damaged or truncated instructions, by byte offset
     * @param end the offset after the last decoded instruction
     */
    public record Disassembly(List<Instruction> instructions, List<Issue> problems, int end) {
        /**
         * Copies the lists.
         *
         * @param instructions in order
         * @param problems by byte offset
         * @param end offset after the last instruction
         */
        public Disassembly {
            instructions = List.copyOf(instructions);
            problems = List.copyOf(problems);
        }

        /**
         * The listing as Mesa prints it: each instruction's text on its line(s), labels before jump targets.
         *
         * <pre>{@code
         * System.out.print(EuIsa.forGen("tgl").disassemble(bytes).text());
         * }</pre>
         *
         * @return lines ending in a newline
         */
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (Instruction i : instructions) {
                i.label().ifPresent(l -> sb.append('\n').append(l).append(":\n"));
                sb.append(i.text()).append('\n');
            }
            return sb.toString();
        }

        /**
         * Something wrong at a byte offset of the input; decoding went on after it.
         *
         * <pre>{@code
         * for (EuIsa.Disassembly.Issue p : d.problems()) System.err.println(p.offset() + ": " + p.message());
         * }</pre>
         *
         * @param offset byte offset in the disassembled bytes
         * @param message one line for a user
         */
        public record Issue(int offset, String message) {
        }
    }
}
