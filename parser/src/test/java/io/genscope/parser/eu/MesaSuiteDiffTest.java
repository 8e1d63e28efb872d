package io.genscope.parser.eu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.XZInputStream;

/**
 * Differential test: Mesa 22.3.6's EU test-suite bytes disassembled by us vs. what Mesa's
 * {@code i965_disasm} printed for them (fixtures/eu/GEN.oracle.xz, made by
 * tools/eu/make-oracle-fixtures.sh).
 */
class MesaSuiteDiffTest {

    record Case(String name, byte[] bytes, List<String> expected) {}

    static Path fixtures() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("fixtures/eu"))) p = p.getParent();
        return p.resolve("fixtures/eu");
    }

    static List<Case> load(String gen) throws IOException {
        String text;
        try (InputStream in = new XZInputStream(Files.newInputStream(fixtures().resolve(gen + ".oracle.xz")))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        String name = null;
        java.io.ByteArrayOutputStream bytes = null;
        List<String> expected = null;
        boolean inDisasm = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("=== ")) {
                if (name != null) cases.add(new Case(name, bytes.toByteArray(), trim(expected)));
                name = line.substring(4);
                bytes = new java.io.ByteArrayOutputStream();
                expected = new ArrayList<>();
                inDisasm = false;
            } else if (!inDisasm && line.startsWith("hex ")) {
                for (String b : line.substring(4).trim().split("\\s+")) bytes.write(Integer.parseInt(b, 16));
            } else if (line.equals("--- disasm")) {
                inDisasm = true;
            } else if (inDisasm) {
                expected.add(line);
            }
        }
        if (name != null) cases.add(new Case(name, bytes.toByteArray(), trim(expected)));
        return cases;
    }

    static List<String> trim(List<String> l) {
        List<String> r = new ArrayList<>(l);
        while (!r.isEmpty() && r.get(r.size() - 1).isEmpty()) r.remove(r.size() - 1);
        return r;
    }

    /** Compares every case; returns {identical, total} lines and prints the differing ones. */
    /**
     * Differences that come from undefined behaviour in Mesa's disassembler, not from us: on
     * gen12 the URB message has no swizzle field, and Mesa reads one from outside the
     * instruction (brw_inst_bits with bit -1), printing " interleave" at random. Only URB
     * messages that gen12 hardware does not have (non-SIMD8 opcodes) reach that code.
     */
    static boolean mesaUndefined(String set, String mesa, String ours) {
        return set.startsWith("gen12") && mesa.contains(" urb MsgDesc: ")
                && mesa.replace(" interleave", "").equals(ours);
    }

    static int[] compare(String set, List<Case> cases, StringBuilder report) {
        String gen = set.replace("-asm", "");
        EuDisassembler d = EuDisassembler.forGen(gen);
        int same = 0, total = 0, undefined = 0;
        for (Case c : cases) {
            List<String> ours = trim(List.of(d.disassemble(c.bytes(), 0, c.bytes().length).text().split("\n", -1)));
            int n = Math.max(ours.size(), c.expected().size());
            for (int i = 0; i < n; i++) {
                String e = i < c.expected().size() ? c.expected().get(i) : "<none>";
                String o = i < ours.size() ? ours.get(i) : "<none>";
                total++;
                if (e.equals(o)) same++;
                else if (mesaUndefined(set, e, o)) undefined++;
                else report.append(set).append(' ').append(c.name()).append(':').append(i + 1)
                        .append("\n  mesa: ").append(e).append("\n  ours: ").append(o).append('\n');
            }
        }
        return new int[] {same, total, undefined};
    }

    /**
     * GEN: the suite's own .expected bytes; GEN-asm: the suite's .asm files assembled by i965_asm
     * for that generation, native and compacted (gen12 has no suite in Mesa 22.3.6).
     */
    @ParameterizedTest
    @ValueSource(strings = {"gen7", "gen75", "gen8", "gen9", "gen11", "gen7-asm", "gen75-asm", "gen8-asm", "gen9-asm",
            "gen11-asm", "gen12-asm", "gen125-asm"})
    void identicalToMesa(String gen) throws IOException {
        StringBuilder report = new StringBuilder();
        int[] r = compare(gen, load(gen), report);
        double pct = 100.0 * r[0] / r[1];
        double defined = 100.0 * r[0] / (r[1] - r[2]);
        System.out.printf("EU suite %s: %d/%d lines identical (%.2f%%); %d differ where Mesa's output is undefined;"
                + " %.2f%% of the rest%n", gen, r[0], r[1], pct, r[2], defined);
        if (report.length() > 0) System.out.println(report.length() > 20000 ? report.substring(0, 20000) : report);
        assertThat(defined).as("identical-line percentage for " + gen).isGreaterThanOrEqualTo(99.5);
    }
}
