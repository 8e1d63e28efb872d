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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Outside CI: seeded random valid encodings, made from real instructions (the suite corpus) by
 * re-rolling fields the spec defines to values its name tables know, disassembled by us and by
 * Mesa's {@code i965_disasm}. Runs only with {@code -Deu.oracle=/path/to/i965_disasm}.
 */
class RandomEncodingsVsMesaTest {

    /** Fields re-rolled, each to a value its table names (or any value when it has no table). */
    static final Map<String, String> ROLL = Map.ofEntries(
            Map.entry("dst_da_reg_nr", ""), Map.entry("src0_da_reg_nr", ""), Map.entry("src1_da_reg_nr", ""),
            Map.entry("src0_negate", ""), Map.entry("src0_abs", ""), Map.entry("src1_negate", ""),
            Map.entry("src1_abs", ""), Map.entry("saturate", ""), Map.entry("cond_modifier", "conditional_modifier"),
            Map.entry("pred_control", "pred_ctrl_align1"), Map.entry("pred_inv", ""), Map.entry("flag_reg_nr", ""),
            Map.entry("flag_subreg_nr", ""), Map.entry("mask_control", ""), Map.entry("qtr_control", ""),
            Map.entry("exec_size", "exec_size"), Map.entry("debug_control", ""), Map.entry("acc_wr_control", ""),
            Map.entry("imm32", ""), Map.entry("3src_dst_reg_nr", ""), Map.entry("3src_src0_reg_nr", ""),
            Map.entry("3src_src1_reg_nr", ""), Map.entry("3src_src2_reg_nr", ""), Map.entry("3src_src0_negate", ""),
            Map.entry("3src_src1_abs", ""), Map.entry("3src_saturate", ""));

    @ParameterizedTest
    @CsvSource({"gen7,ivb", "gen75,hsw", "gen8,bdw", "gen9,skl", "gen11,icl", "gen12,tgl", "gen125,dg2"})
    void randomValidEncodingsMatchMesa(String gen, String platform) throws IOException, InterruptedException {
        String oracle = System.getProperty("eu.oracle");
        Assumptions.assumeTrue(oracle != null && Files.isExecutable(Path.of(oracle)), "no -Deu.oracle");
        EuDisassembler d = EuDisassembler.forGen(gen);
        EuSpec spec = d.spec();
        List<long[]> bases = new ArrayList<>();
        for (MesaSuiteDiffTest.Case c : corpus(gen)) {
            for (EuLine l : d.disassemble(c.bytes(), 0, c.bytes().length).lines()) {
                String op = l.opcode();
                if (op == null || l.text().contains("INVALID") || l.text().contains("LABEL") || l.text().contains("\n")
                        || EuDisassembler.isSend(op) || op.matches("if|else|endif|while|break|cont|halt|jmpi|call|ret|goto|brd|brc")) {
                    continue;
                }
                bases.add(l.words().clone());
            }
        }
        int count = Integer.getInteger("eu.random.count", 2000);
        byte[] bin = new byte[count * 16];
        SplittableRandom r = new SplittableRandom(gen.hashCode());
        List<String> names = new ArrayList<>(ROLL.keySet());
        names.sort(null);
        for (int i = 0; i < count; i++) {
            long[] w = bases.get(r.nextInt(bases.size())).clone();
            EuOpcode op = spec.opcodes().get((int) spec.field("hw_opcode").get(w));
            for (int k = 0, n = r.nextInt(1, 4); k < n; k++) {
                String f = names.get(r.nextInt(names.size()));
                BitField bf = spec.fields().get(f);
                if (bf == null || f.startsWith("3src") != (op.srcs() == 3) || f.equals("imm32") && !d.hasImmediate(w)) continue;
                String table = ROLL.get(f);
                long v;
                if (!table.isEmpty()) {
                    List<Integer> keys = new ArrayList<>(spec.names(table).keySet());
                    keys.sort(null);
                    v = keys.get(r.nextInt(keys.size()));
                } else {
                    v = r.nextLong() & (bf.width() >= 64 ? -1L : (1L << bf.width()) - 1);
                }
                for (BitField.Piece p : bf.pieces()) {
                    if (p.hi() >= 0) BitField.setBits(w, p.hi(), p.lo(), v >>> (bf.width() - widthUpTo(bf, p)));
                }
            }
            w[0] &= ~(1L << 29); // native form
            for (int b = 0; b < 16; b++) bin[i * 16 + b] = (byte) (w[b >> 3] >>> ((b & 7) * 8));
        }
        compare(oracle, platform, gen, d, bin, 99.5);
    }

    /** Compacted instructions from the corpus with compaction indexes and registers re-rolled. */
    @ParameterizedTest
    @CsvSource({"gen7,ivb", "gen75,hsw", "gen8,bdw", "gen9,skl", "gen11,icl", "gen12,tgl", "gen125,dg2"})
    void randomCompactedEncodingsMatchMesa(String gen, String platform) throws IOException, InterruptedException {
        String oracle = System.getProperty("eu.oracle");
        Assumptions.assumeTrue(oracle != null && Files.isExecutable(Path.of(oracle)), "no -Deu.oracle");
        EuDisassembler d = EuDisassembler.forGen(gen);
        EuSpec spec = d.spec();
        List<Long> bases = new ArrayList<>();
        for (MesaSuiteDiffTest.Case c : corpus(gen)) {
            for (EuLine l : d.disassemble(c.bytes(), 0, c.bytes().length).lines()) {
                if (!l.compacted() || l.text().contains("INVALID") || l.text().contains("LABEL")) continue;
                long raw = 0;
                for (int b = 0; b < 8; b++) raw |= (long) (c.bytes()[l.offset() + b] & 0xff) << (8 * b);
                bases.add(raw);
            }
        }
        List<String> fields = new ArrayList<>();
        for (String f : spec.compact().keySet()) {
            if (f.endsWith("_index") || f.endsWith("_reg_nr")) fields.add(f);
        }
        fields.sort(null);
        int count = Integer.getInteger("eu.random.count", 2000);
        byte[] bin = new byte[count * 8];
        SplittableRandom r = new SplittableRandom(gen.hashCode() + 1);
        for (int i = 0; i < count; i++) {
            long[] w = {bases.get(r.nextInt(bases.size())), 0};
            boolean three = spec.opcodes().get((int) (w[0] & 0x7f)).srcs() == 3;
            for (int k = 0, n = r.nextInt(1, 3); k < n; k++) {
                String f = fields.get(r.nextInt(fields.size()));
                if (f.startsWith("3src") != three) continue;
                BitField bf = spec.compact().get(f);
                long v = r.nextLong() & ((1L << bf.width()) - 1);
                for (BitField.Piece p : bf.pieces()) {
                    if (p.hi() >= 0) BitField.setBits(w, p.hi(), p.lo(), v >>> (bf.width() - widthUpTo(bf, p)));
                }
            }
            for (int b = 0; b < 8; b++) bin[i * 8 + b] = (byte) (w[0] >>> (b * 8));
        }
        compare(oracle, platform, gen + " compacted", d, bin, 0);
    }

    static void compare(String oracle, String platform, String gen, EuDisassembler d, byte[] bin, double min)
            throws IOException, InterruptedException {
        Path tmp = Files.createTempFile("eu-random", ".bin");
        Files.write(tmp, bin);
        Process p = new ProcessBuilder(oracle, "--gen", platform, "--input-path", tmp.toString()).redirectErrorStream(true).start();
        String mesa = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Files.delete(tmp);
        List<String> expected = MesaSuiteDiffTest.trim(List.of(mesa.split("\n", -1)));
        List<String> ours = MesaSuiteDiffTest.trim(List.of(d.disassemble(bin, 0, bin.length).text().split("\n", -1)));
        int same = 0;
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < Math.max(expected.size(), ours.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "<none>";
            String o = i < ours.size() ? ours.get(i) : "<none>";
            if (e.equals(o) || e.equals(withoutExBso(o))) same++;
            else if (report.length() < 8000) report.append("  mesa: ").append(e).append("\n  ours: ").append(o).append('\n');
        }
        double pct = 100.0 * same / Math.max(expected.size(), ours.size());
        System.out.printf("EU random %s: %d/%d lines identical (%.2f%%), %d distinct%n%s", gen, same,
                Math.max(expected.size(), ours.size()), pct, new java.util.HashSet<>(expected).size(), report);
        assertThat(pct).isGreaterThanOrEqualTo(min);
    }

    /**
     * Our gfx12.5 text less what Mesa 22.3.6 cannot print: a send's {@code src1_len = N ex_bso}, which
     * we print as Mesa 25 does (22.3.6 has neither field).
     */
    static String withoutExBso(String ours) {
        return ours.replaceFirst("src1_len = \\d+ ex_bso ", "");
    }

    /** The instructions random ones are made from: the suite assembled for the generation, else its own suite. */
    static List<MesaSuiteDiffTest.Case> corpus(String gen) throws IOException {
        boolean assembled = Files.exists(MesaSuiteDiffTest.fixtures().resolve(gen + "-asm.oracle.xz"));
        return MesaSuiteDiffTest.load(assembled ? gen + "-asm" : gen);
    }

    /** Width of the pieces up to and including {@code p} (to shift the value into it). */
    static int widthUpTo(BitField f, BitField.Piece p) {
        int w = 0;
        for (BitField.Piece q : f.pieces()) {
            w += q.hi() < 0 ? q.lo() : q.hi() - q.lo() + 1;
            if (q == p) break;
        }
        return w;
    }
}
