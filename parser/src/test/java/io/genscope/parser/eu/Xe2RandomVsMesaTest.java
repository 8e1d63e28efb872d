package io.genscope.parser.eu;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.eu.BitField;
import io.genscope.eu.EuOpcode;
import io.genscope.eu.EuSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Outside CI: seeded random Xe2 (gen20) and Xe3 (gen30) encodings made from the spec, disassembled by
 * us and by Mesa 25.0.7's {@code brw_disasm} (there is no Xe2 instruction corpus to start from, so every
 * instruction is random bits with a known opcode and valid operand types). Runs only with
 * {@code -Deu.oracle25=/path/to/brw_disasm}, or {@code -Deu.oracle25.root=CHROOT} for the tool installed
 * in a chroot at {@code /opt/mesa25-tools/bin/brw_disasm}. {@code -Deu.random.count=N} instructions per
 * pass (default 2,000), seeds from {@code -Dgenscope.seed} (default 0).
 */
class Xe2RandomVsMesaTest {

    /** Opcodes whose text depends on other instructions (labels) or on a message descriptor. */
    static final String FLOW = "if|else|endif|while|break|cont|halt|jmpi|call|calla|ret|goto|brd|brc";

    /** One comparison pass: the oracle, our disassembler and spec, how many instructions, the seeded random. */
    record Pass(Oracle oracle, String platform, EuDisassembler d, EuSpec spec, int count, SplittableRandom r) {
        /** A pass over {@code gen}; {@code salt} keeps the passes' random streams apart. */
        static Pass of(String gen, String platform, int salt) {
            EuDisassembler d = EuDisassembler.forGen(gen);
            long seed = Long.getLong("genscope.seed", 0) * 0x9E3779B97F4A7C15L + gen.hashCode() + salt;
            return new Pass(Oracle.fromProperties(), platform, d, d.spec(), Integer.getInteger("eu.random.count", 2000),
                    new SplittableRandom(seed));
        }

        /** Random bits with this opcode, native form. */
        long[] instruction(EuOpcode op) {
            long[] w = {r.nextLong(), r.nextLong()};
            set(spec, w, "hw_opcode", op.hw());
            set(spec, w, "cmpt_control", 0);
            return w;
        }

        /** Disassembles {@code bin} with Mesa and with us, and compares. */
        void compare(String what, byte[] bin) throws IOException, InterruptedException {
            report(what, lines(oracle.run(platform, bin)), lines(d.disassemble(bin, 0, bin.length).text()));
        }
    }

    @ParameterizedTest(name = "{0} native")
    @CsvSource({"gen20,lnl", "gen30,ptl"})
    void randomNativeEncodingsMatchMesa25(String gen, String platform) throws IOException, InterruptedException {
        Pass p = Pass.of(gen, platform, 0);
        List<EuOpcode> ops = opcodes(p.spec(), false);
        byte[] bin = new byte[p.count() * 16];
        for (int i = 0; i < p.count(); i++) {
            EuOpcode op = ops.get(p.r().nextInt(ops.size()));
            long[] w = p.instruction(op);
            validTypes(p.spec(), w, op, p.r());
            System.arraycopy(bytes(w), 0, bin, i * 16, 16);
        }
        p.compare(gen + " native", bin);
    }

    /**
     * Jumps among other instructions: programs of 32 native instructions, a third of them flow
     * control whose JIP and UIP land on instructions of the program (Mesa prints those as labels).
     */
    @ParameterizedTest(name = "{0} flow control")
    @CsvSource({"gen20,lnl", "gen30,ptl"})
    void randomFlowControlMatchesMesa25(String gen, String platform) throws IOException, InterruptedException {
        Pass p = Pass.of(gen, platform, 3);
        List<EuOpcode> other = opcodes(p.spec(), false);
        List<EuOpcode> flow = new ArrayList<>();
        for (EuOpcode op : p.spec().opcodes().values()) if (op.name().matches(FLOW)) flow.add(op);
        flow.sort((a, b) -> Integer.compare(a.hw(), b.hw()));
        int program = 32;
        List<String> expected = new ArrayList<>(), ours = new ArrayList<>();
        for (int n = 0; n < (p.count() + program - 1) / program; n++) {
            byte[] one = new byte[program * 16];
            for (int i = 0; i < program; i++) {
                boolean jump = p.r().nextInt(3) == 0;
                EuOpcode op = jump ? flow.get(p.r().nextInt(flow.size())) : other.get(p.r().nextInt(other.size()));
                long[] w = p.instruction(op);
                if (jump) {
                    set(p.spec(), w, "jip", (p.r().nextInt(program) - i) * 16L);
                    set(p.spec(), w, "uip", (p.r().nextInt(program) - i) * 16L);
                } else {
                    validTypes(p.spec(), w, op, p.r());
                }
                System.arraycopy(bytes(w), 0, one, i * 16, 16);
            }
            // each program on its own: labels are numbered per listing
            expected.addAll(lines(p.oracle().run(platform, one)));
            ours.addAll(lines(p.d().disassemble(one, 0, one.length).text()));
        }
        report(gen + " flow control", expected, ours);
    }

    /** Sends with random bits but a descriptor Mesa can print (see the loop). */
    @ParameterizedTest(name = "{0} sends")
    @CsvSource({"gen20,lnl", "gen30,ptl"})
    void randomSendsMatchMesa25(String gen, String platform) throws IOException, InterruptedException {
        Pass p = Pass.of(gen, platform, 2);
        List<EuOpcode> ops = opcodes(p.spec(), true);
        byte[] bin = new byte[p.count() * 16];
        for (int i = 0; i < p.count(); i++) {
            long[] w;
            do { // a descriptor whose every field names something: Mesa reads some tables past their end
                w = p.instruction(ops.get(p.r().nextInt(ops.size())));
            } while (p.d().disassemble(bytes(w), 0, 16).text().split("\n")[1].contains("*** invalid"));
            System.arraycopy(bytes(w), 0, bin, i * 16, 16);
        }
        p.compare(gen + " sends", bin);
    }

    @ParameterizedTest(name = "{0} compacted")
    @CsvSource({"gen20,lnl", "gen30,ptl"})
    void randomCompactedEncodingsMatchMesa25(String gen, String platform) throws IOException, InterruptedException {
        Pass p = Pass.of(gen, platform, 1);
        List<EuOpcode> ops = opcodes(p.spec(), false);
        byte[] bin = new byte[p.count() * 8];
        for (int kept = 0; kept < p.count(); ) {
            long[] w = {p.r().nextLong(), 0};
            EuOpcode op = ops.get(p.r().nextInt(ops.size()));
            BitField.setBits(w, 6, 0, op.hw());
            BitField.setBits(w, 29, 29, 1);
            // keep only encodings whose expansion has valid types (Mesa asserts on a compacted
            // immediate of a type that has no compacted form)
            if (op.srcs() < 3 && !typesValid(p.d(), p.d().uncompact(w[0]))) continue;
            System.arraycopy(bytes(w), 0, bin, kept++ * 8, 8);
        }
        p.compare(gen + " compacted", bin);
    }

    /** The spec's opcodes but flow control; sends only, or everything but sends. */
    static List<EuOpcode> opcodes(EuSpec spec, boolean sends) {
        List<EuOpcode> ops = new ArrayList<>();
        for (EuOpcode op : spec.opcodes().values()) {
            if (op.hw() == 0 || op.name().matches(FLOW) || EuDisassembler.isSend(op.name()) != sends) continue;
            ops.add(op);
        }
        ops.sort((a, b) -> Integer.compare(a.hw(), b.hw()));
        return ops;
    }

    /** Operand types re-rolled to ones the generation names (random bits often name none). */
    static void validTypes(EuSpec spec, long[] w, EuOpcode op, SplittableRandom r) {
        if (op.srcs() == 3) {
            List<Integer> keys = new ArrayList<>(spec.names("types_3src_a1").keySet());
            keys.sort(null);
            int exec = keys.get(r.nextInt(keys.size())) >> 4;
            set(spec, w, "3src_a1_exec_type", exec);
            for (String f : List.of("3src_a1_dst_hw_type", "3src_a1_src0_hw_type", "3src_a1_src1_hw_type", "3src_a1_src2_hw_type")) {
                List<Integer> same = keys.stream().filter(k -> k >> 4 == exec).toList();
                set(spec, w, f, same.get(r.nextInt(same.size())) & 7);
            }
            // a region Mesa can print: the width it derives (vstride - hstride, both as logarithms)
            // is read from a table, so a negative one (undefined in C) is not a valid encoding
            for (String src : List.of("3src_a1_src0", "3src_a1_src1")) {
                int h = r.nextInt(4);
                int[] v = {0, 1, 3, 4}; // the 2-bit vertical stride encodings as logarithms (gen12+)
                List<Integer> ok = new ArrayList<>();
                for (int e = 0; e < 4; e++) if (h == 0 || v[e] != 0 && v[e] >= h) ok.add(e);
                set(spec, w, src + "_hstride", h);
                set(spec, w, src + "_vstride", ok.get(r.nextInt(ok.size())));
            }
            return;
        }
        List<Integer> reg = new ArrayList<>(spec.names("types_reg").keySet());
        reg.sort(null);
        set(spec, w, "dst_reg_hw_type", reg.get(r.nextInt(reg.size())));
        set(spec, w, "src0_reg_hw_type", reg.get(r.nextInt(reg.size())));
        set(spec, w, "src1_reg_hw_type", reg.get(r.nextInt(reg.size())));
    }

    private static boolean typesValid(EuDisassembler d, long[] w) {
        String text = d.disassemble(bytes(w), 0, 16).text();
        return !text.contains("INVALID") && !text.contains("undecodable");
    }

    static byte[] bytes(long[] w) {
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) b[i] = (byte) (w[i >> 3] >>> ((i & 7) * 8));
        return b;
    }

    static void set(EuSpec spec, long[] w, String field, long v) {
        BitField f = spec.fields().get(field);
        int width = f.width(), at = 0;
        for (BitField.Piece p : f.pieces()) {
            int pw = p.hi() < 0 ? p.lo() : p.hi() - p.lo() + 1;
            at += pw;
            if (p.hi() >= 0) BitField.setBits(w, p.hi(), p.lo(), (v >>> (width - at)) & ((1L << pw) - 1));
        }
    }

    /** How to run Mesa 25.0.7's brw_disasm: a command and where it reads our file from. */
    record Oracle(List<String> command, Path dir, String inside) {
        static Oracle fromProperties() {
            String root = System.getProperty("eu.oracle25.root");
            if (root != null && Files.isExecutable(Path.of(root, "opt/mesa25-tools/bin/brw_disasm"))) {
                return new Oracle(List.of("chroot", root, "/opt/mesa25-tools/bin/brw_disasm"), Path.of(root, "tmp"), "/tmp/");
            }
            String tool = System.getProperty("eu.oracle25");
            Assumptions.assumeTrue(tool != null && Files.isExecutable(Path.of(tool)), "no -Deu.oracle25 or -Deu.oracle25.root");
            return new Oracle(List.of(tool), null, null);
        }

        String run(String platform, byte[] bin) throws IOException, InterruptedException {
            Path tmp = dir == null ? Files.createTempFile("eu-xe2", ".bin") : Files.createTempFile(dir, "eu-xe2", ".bin");
            try {
                Files.write(tmp, bin);
                List<String> cmd = new ArrayList<>(command);
                cmd.add("--gen=" + platform);
                cmd.add("--input-path=" + (inside == null ? tmp.toString() : inside + tmp.getFileName()));
                Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                return out;
            } finally {
                Files.delete(tmp);
            }
        }
    }

    /** Output split into lines, trailing white space and blank lines dropped as in the suite test. */
    static List<String> lines(String text) {
        return MesaSuiteDiffTest.trim(List.of(text.split("\n", -1)));
    }

    /** Prints the figure and the first differences, then requires every line identical. */
    static void report(String what, List<String> expected, List<String> ours) {
        int same = 0, total = Math.max(expected.size(), ours.size());
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < total; i++) {
            String e = i < expected.size() ? expected.get(i) : "<none>";
            String o = i < ours.size() ? ours.get(i) : "<none>";
            if (e.equals(o)) same++;
            else if (report.length() < 12000) report.append("  mesa: ").append(e).append("\n  ours: ").append(o).append('\n');
        }
        System.out.printf("EU random %s vs Mesa 25.0.7: %d/%d lines identical (%.2f%%), %d distinct%n%s", what, same, total,
                100.0 * same / total, new HashSet<>(expected).size(), report);
        assertThat(ours).containsExactlyElementsOf(expected);
    }
}
