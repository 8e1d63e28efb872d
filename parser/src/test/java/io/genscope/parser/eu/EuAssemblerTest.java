package io.genscope.parser.eu;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Captures;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The assembler against the disassembler: bytes disassembled, the text assembled again, the
 * bytes compared instruction by instruction; and damaged text never throws.
 */
class EuAssemblerTest {

    /** Disassembles, assembles and compares; returns {identical, total} instructions. */
    static int[] roundTrip(EuDisassembler d, EuAssembler a, String name, byte[] bytes, StringBuilder report) {
        return roundTrip(d, a, name, bytes, Set.of(), report);
    }

    /**
     * Disassembles, assembles and compares; instructions at offsets in {@code known} may differ
     * (reported only when they print differently). Returns {identical, total} instructions.
     */
    static int[] roundTrip(EuDisassembler d, EuAssembler a, String name, byte[] bytes, Set<Integer> known,
                           StringBuilder report) {
        EuListing l = d.disassemble(bytes, 0, bytes.length);
        EuAssembler.Result r = a.assemble(name, l.text());
        EuListing back = d.disassemble(r.bytes(), 0, r.bytes().length);
        int same = 0, before = report.length();
        for (EuLine line : l.lines()) {
            int from = line.offset(), to = from + (line.compacted() ? 8 : 16);
            boolean ok = to <= r.bytes().length
                    && Arrays.equals(bytes, from, to, r.bytes(), from, to);
            if (ok) {
                same++;
            } else if (!known.contains(from) || !back.text().equals(l.text())) {
                if (report.length() < 20_000) report.append(name).append(" @").append(from).append(": ").append(line.text())
                        .append("\n  bytes ").append(hex(bytes, from, to)).append("\n  ours  ").append(hex(r.bytes(), from, to)).append('\n');
            }
        }
        if (report.length() > before && report.length() < 20_000) report.append(String.join("\n", r.problems())).append('\n');
        return new int[] {same, l.lines().size()};
    }

    private static String hex(byte[] b, int from, int to) {
        return to <= b.length ? java.util.HexFormat.ofDelimiter(" ").formatHex(b, from, to) : "<none>";
    }

    /** fixtures/eu/asm-roundtrip-unreachable.txt: set -> case -> offsets of instructions the text cannot give back. */
    static Map<String, Map<String, Set<Integer>>> unreachable() throws IOException {
        Map<String, Map<String, Set<Integer>>> m = new HashMap<>();
        for (String line : Files.readAllLines(MesaSuiteDiffTest.fixtures().resolve("asm-roundtrip-unreachable.txt"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.trim().split("\\s+");
            Set<Integer> offs = m.computeIfAbsent(f[0], k -> new HashMap<>()).computeIfAbsent(f[1], k -> new HashSet<>());
            for (String o : f[3].split(",")) offs.add(Integer.parseInt(o));
        }
        return m;
    }

    /**
     * Mesa's EU test suite (its own .expected bytes: Mesa 22.3.6's gen7-gen11, Mesa 25.0.7's gen12 and
     * gen12.5; and its .asm files assembled by i965_asm).
     * Every instruction comes back byte for byte but those listed in
     * fixtures/eu/asm-roundtrip-unreachable.txt, whose printed text does not hold all their bits
     * (our bytes for them must print the same text); the floor is the percentage reached.
     */
    @ParameterizedTest
    @CsvSource({"gen7,100", "gen75,100", "gen8,100", "gen9,100", "gen11,100", "gen12,100", "gen125,95.34",
            "gen7-asm,99.59", "gen75-asm,99.63",
            "gen8-asm,100", "gen9-asm,100", "gen11-asm,97.67", "gen12-asm,59.25", "gen125-asm,62.28"})
    void mesaSuiteRoundTrips(String set, double floor) throws IOException {
        String gen = set.replace("-asm", "");
        EuDisassembler d = EuDisassembler.forGen(gen);
        EuAssembler a = EuAssembler.forGen(gen);
        Map<String, Set<Integer>> known = unreachable().getOrDefault(set, Map.of());
        StringBuilder report = new StringBuilder();
        int same = 0, total = 0;
        for (MesaSuiteDiffTest.Case c : MesaSuiteDiffTest.load(set)) {
            int[] r = roundTrip(d, a, c.name(), c.bytes(), known.getOrDefault(c.name(), Set.of()), report);
            same += r[0];
            total += r[1];
        }
        double pct = 100.0 * same / total;
        System.out.printf("EU assembler round trip %s: %d/%d instructions byte-identical (%.2f%%)%n", set, same, total, pct);
        assertThat(report).as("instructions of " + set + " not given back and not known unreachable").isEmpty();
        assertThat(pct).as("byte-identical percentage for " + set).isGreaterThanOrEqualTo(floor);
    }

    /** Every kernel the bundled captures reference, read from the capture's memory. */
    @ParameterizedTest
    @CsvSource({"crocus-ivb,gen7,", "crocus-hsw,gen75,", "crocus2-hsw,gen75,", "iris-bdw,gen8,", "iris2-bdw,gen8,",
            "iris-skl,gen9,", "iris-icl,gen11,", "iris-tgl,gen12,", "iris2-tgl,gen12,", "anv-tgl,gen12,", "anv-chain-tgl,gen12,",
            "iris-dg2,gen125,", "iris2-dg2,gen125,",
            // Xe2/Xe3: the kernels' headings from Mesa 25's aubinator; the synthetic Battlemage capture
            // holds the Lunar Lake workload at the same addresses
            "neo2-lnl,gen20,aubinator25/neo2-lnl", "neo2-ptl,gen30,aubinator25/neo2-ptl",
            "synthetic-bmg,gen20,aubinator25/neo2-lnl"})
    void captureKernelsRoundTrip(String capture, String gen, String headings) throws IOException {
        var root = CaptureKernelsTest.root();
        String from = headings == null ? "aubinator/" + capture : headings;
        List<CaptureKernelsTest.Kernel> kernels =
                CaptureKernelsTest.headings(root.resolve("fixtures/" + from + ".aubinator-full.txt.xz"));
        EuDisassembler d = EuDisassembler.forGen(gen);
        Map<Long, byte[]> code = new LinkedHashMap<>();
        Captures.read(root.resolve("fixtures/captures/" + capture + ".aub.xz"), new CaptureListener() {
            @Override
            public void submission(Submission s, GpuMemory memory, long acthd) {
                for (CaptureKernelsTest.Kernel k : kernels) {
                    for (long addr : k.candidates) {
                        if (code.containsKey(addr)) continue;
                        byte[] b = kernelBytes(d, memory, AddressSpace.PPGTT, addr);
                        if (b.length == 0 && gen.startsWith("gen7")) { // crocus: gen7 kernels in the GGTT
                            b = kernelBytes(d, memory, AddressSpace.GGTT, addr);
                        }
                        if (b.length > 0) code.put(addr, b);
                    }
                }
            }
        });
        EuAssembler a = EuAssembler.forGen(gen);
        StringBuilder report = new StringBuilder();
        int same = 0, total = 0, ends = 0;
        for (var e : code.entrySet()) {
            // from Xe2 a kernel may end at an opcode the generation lacks, printed "illegal": its
            // text names no opcode bits, so only the same text can come back
            Set<Integer> end = new HashSet<>();
            for (EuLine line : d.disassemble(e.getValue(), 0, e.getValue().length).lines()) {
                if (line.text().startsWith("illegal") && !gen.startsWith("gen7")) end.add(line.offset());
            }
            int[] r = roundTrip(d, a, capture + "@0x" + Long.toHexString(e.getKey()), e.getValue(), end, report);
            same += r[0];
            total += r[1];
            ends += end.size();
        }
        System.out.printf("EU assembler round trip %s: %d kernels, %d/%d instructions byte-identical (%d illegal kernel ends)%n",
                capture, code.size(), same, total, ends);
        if (report.length() > 0) System.out.println(report);
        assertThat(total).isPositive();
        assertThat(report).as("instructions of " + capture + " not given back").isEmpty();
        assertThat(same).as("byte-identical instructions of " + capture).isGreaterThanOrEqualTo(total - ends);
    }

    /** The kernel at {@code addr} up to its end as aubinator finds it (empty when unmapped or unended). */
    static byte[] kernelBytes(EuDisassembler d, GpuMemory memory, AddressSpace space, long addr) {
        int[] dwords = new int[16384];
        int got = memory.read(space, addr, dwords, 0, dwords.length);
        if (got <= 0) return new byte[0];
        byte[] b = new byte[got * 4];
        for (int i = 0; i < got; i++) for (int k = 0; k < 4; k++) b[i * 4 + k] = (byte) (dwords[i] >>> (8 * k));
        List<EuProblem> problems = new ArrayList<>();
        int end = d.findEnd(b, 0, problems);
        return problems.isEmpty() ? Arrays.copyOf(b, end) : new byte[0];
    }

    /**
     * Seeded random valid Xe2/Xe3 encodings made from the spec (as {@link Xe2RandomVsMesaTest} makes
     * them: native instructions of every opcode with valid types, sends, compacted ones, and programs
     * with flow control whose jumps land on their instructions): each is disassembled and assembled
     * again. Every instruction must come back byte for byte, or, where its text cannot hold all its
     * bits, our bytes must print the same text; those are counted by the native fields whose bits the
     * text lost (each bit named by the narrowest field holding it) and printed.
     */
    @ParameterizedTest
    @CsvSource({"gen20,lnl", "gen30,ptl"})
    void xe2RandomEncodingsRoundTrip(String gen, String platform) {
        EuDisassembler d = EuDisassembler.forGen(gen);
        EuAssembler a = EuAssembler.forGen(gen);
        EuIsa isa = new EuIsa(d.spec(), EuIsa.ver(d.spec().name()));
        int[] rejected = {0, 0};
        List<byte[]> programs = xe2Programs(d, platform, Integer.getInteger("eu.random.count", 3000), rejected);
        Map<String, Integer> lost = new java.util.TreeMap<>();
        StringBuilder report = new StringBuilder();
        int same = 0, unreachable = 0, total = 0;
        for (byte[] b : programs) {
            EuListing l = d.disassemble(b, 0, b.length);
            EuAssembler.Result res = a.assemble("r.s", l.text());
            List<EuLine> back = d.disassemble(res.bytes(), 0, res.bytes().length).lines();
            for (int i = 0; i < l.lines().size(); i++) {
                EuLine line = l.lines().get(i);
                int from = line.offset(), to = from + (line.compacted() ? 8 : 16);
                total++;
                if (to <= res.bytes().length && Arrays.equals(b, from, to, res.bytes(), from, to)) {
                    same++;
                } else if (i < back.size() && back.get(i).text().equals(line.text()) && back.get(i).offset() == from
                        && res.problems().isEmpty()) {
                    unreachable++;
                    byte[] ours = Arrays.copyOfRange(res.bytes(), from, to);
                    for (String f : lostFields(isa, Arrays.copyOfRange(b, from, to), ours)) lost.merge(f, 1, Integer::sum);
                } else if (report.length() < 30_000) {
                    if (i > 0) report.append("after: ").append(l.lines().get(i - 1).text()).append('\n');
                    report.append(line.text()).append(" @").append(from).append(i < back.size() ? " back @" + back.get(i).offset() : "").append("\n  bytes ").append(hex(b, from, to)).append("\n  ours  ")
                            .append(hex(res.bytes(), from, to)).append("\n  gives ")
                            .append(i < back.size() ? back.get(i).text() : "<none>").append(res.problems()).append('\n');
                }
            }
        }
        System.out.printf("EU assembler random round trip %s: %d valid instructions (%d invalid encodings skipped, and %d"
                + " compacted nops, whose text shows no compaction), %d byte-identical, %d whose text cannot hold all their"
                + " bits (the same text back); lost bits by field: %s%n", gen, total, rejected[0], rejected[1], same, unreachable, lost);
        assertThat(report).as("random instructions of " + gen + " whose text does not come back").isEmpty();
        assertThat(same + unreachable).isEqualTo(total);
    }

    /**
     * Seeded random programs of 16 valid Xe2/Xe3 instructions from the spec: native ones of every
     * opcode with valid types, sends, compacted ones, and every fourth program native with flow
     * control jumping onto its instructions. Valid: nothing prints as "*** invalid" or INVALID
     * ({@code rejected[0]} counts the encodings skipped; {@code rejected[1]} the compacted nops left
     * out, Mesa prints nop without the options that would say so).
     */
    static List<byte[]> xe2Programs(EuDisassembler d, String platform, int instructions, int[] rejected) {
        String gen = d.spec().name();
        SplittableRandom r = new SplittableRandom(Long.getLong("genscope.seed", 0) * 0x9E3779B97F4A7C15L + gen.hashCode());
        var pass = new Xe2RandomVsMesaTest.Pass(null, platform, d, d.spec(), instructions, r);
        List<io.genscope.eu.EuOpcode> plain = Xe2RandomVsMesaTest.opcodes(d.spec(), false);
        List<io.genscope.eu.EuOpcode> sends = Xe2RandomVsMesaTest.opcodes(d.spec(), true);
        List<io.genscope.eu.EuOpcode> flow = new ArrayList<>();
        for (var op : d.spec().opcodes().values()) if (op.name().matches(Xe2RandomVsMesaTest.FLOW)) flow.add(op);
        flow.sort((x, y) -> Integer.compare(x.hw(), y.hw()));
        List<byte[]> programs = new ArrayList<>();
        int program = 16;
        for (int n = 0; n * program < instructions; n++) {
            boolean jumps = n % 4 == 3;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < program; ) {
                byte[] b;
                int kind = r.nextInt(8);
                if (jumps && kind < 3) {
                    long[] w = pass.instruction(flow.get(r.nextInt(flow.size())));
                    Xe2RandomVsMesaTest.set(d.spec(), w, "jip", (r.nextInt(program) - i) * 16L);
                    Xe2RandomVsMesaTest.set(d.spec(), w, "uip", (r.nextInt(program) - i) * 16L);
                    b = Xe2RandomVsMesaTest.bytes(w);
                } else if (kind < 5 || jumps) {
                    var op = plain.get(r.nextInt(plain.size()));
                    long[] w = pass.instruction(op);
                    Xe2RandomVsMesaTest.validTypes(d.spec(), w, op, r);
                    b = Xe2RandomVsMesaTest.bytes(w);
                } else if (kind == 5) {
                    b = Xe2RandomVsMesaTest.bytes(pass.instruction(sends.get(r.nextInt(sends.size()))));
                } else {
                    long[] w = {r.nextLong(), 0};
                    io.genscope.eu.BitField.setBits(w, 6, 0, plain.get(r.nextInt(plain.size())).hw());
                    io.genscope.eu.BitField.setBits(w, 29, 29, 1);
                    b = Arrays.copyOf(Xe2RandomVsMesaTest.bytes(w), 8);
                }
                String t = d.disassemble(b, 0, b.length).text();
                if (t.contains("INVALID") || t.contains("undecodable") || t.contains("invalid")) {
                    rejected[0]++;
                    continue;
                }
                if (b.length == 8 && t.replaceFirst("^\\([^)]*\\) ", "").startsWith("nop")) { // Mesa prints nop without options: no "compacted"
                    rejected[1]++;
                    continue;
                }
                out.writeBytes(b);
                i++;
            }
            programs.add(out.toByteArray());
        }
        return programs;
    }

    /** The narrowest native field holding each bit where {@code a} and {@code b} differ. */
    static Set<String> lostFields(EuIsa isa, byte[] a, byte[] b) {
        Set<String> out = new java.util.TreeSet<>();
        if (a.length != b.length) {
            out.add("length");
            return out;
        }
        for (int bit = 0; bit < a.length * 8; bit++) {
            if (((a[bit >> 3] ^ b[bit >> 3]) >> (bit & 7) & 1) == 0) continue;
            long[] probe = new long[2];
            int nativeBit = a.length == 8 ? bit : bit;
            probe[nativeBit >> 6] = 1L << (nativeBit & 63);
            String best = a.length == 8 ? "compact bit " + bit : "bit " + bit;
            int width = Integer.MAX_VALUE;
            if (a.length == 16) {
                for (String name : isa.spec.fields().keySet()) {
                    EuField f = isa.field(name);
                    if (f.width() < width && f.get(probe) != 0) {
                        width = f.width();
                        best = name;
                    }
                }
            } else {
                for (String name : isa.spec.compact().keySet()) {
                    EuField f = isa.compactField(name);
                    if (f.width() < width && f.get(probe) != 0) {
                        width = f.width();
                        best = "compact " + name;
                    }
                }
            }
            out.add(best);
        }
        return out;
    }

    /**
     * 10,000 seeded mutations of real assembly text (characters changed, dropped, doubled, lines
     * swapped or cut): every call returns bytes and problems, never an exception, and each problem
     * names a line of the text.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gen7", "gen75", "gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
    void tenThousandMutatedTextsAssembleWithoutException(String gen) throws IOException {
        EuDisassembler d = EuDisassembler.forGen(gen);
        EuAssembler a = EuAssembler.forGen(gen);
        List<String> texts = new ArrayList<>();
        if (gen.equals("gen20") || gen.equals("gen30")) { // no Mesa suite of Xe2 assembly: random valid programs
            for (byte[] b : xe2Programs(d, gen.equals("gen20") ? "lnl" : "ptl", 2000, new int[2])) {
                texts.add(d.disassemble(b, 0, b.length).text());
            }
        } else {
            for (MesaSuiteDiffTest.Case c : MesaSuiteDiffTest.load(gen + "-asm")) {
                texts.add(d.disassemble(c.bytes(), 0, c.bytes().length).text());
            }
        }
        long base = Long.getLong("genscope.seed", 0);
        String alphabet = " .,<>()[]{}:;-+0123456789abcdefxgGFUDWHVQ@$#\n\t";
        for (int i = 0; i < 10_000; i++) {
            SplittableRandom r = new SplittableRandom((base + i) * 0x9E3779B97F4A7C15L + gen.hashCode());
            String src = texts.get(r.nextInt(texts.size()));
            String[] lines = src.split("\n", -1);
            int from = r.nextInt(lines.length);
            int to = Math.min(lines.length, from + 1 + r.nextInt(12));
            StringBuilder sb = new StringBuilder(String.join("\n", Arrays.copyOfRange(lines, from, to)));
            int edits = r.nextInt(1, 6);
            for (int e = 0; e < edits && sb.length() > 0; e++) {
                int at = r.nextInt(sb.length());
                switch (r.nextInt(5)) {
                    case 0 -> sb.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    case 1 -> sb.deleteCharAt(at);
                    case 2 -> sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    case 3 -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + r.nextInt(1, 20))));
                    default -> sb.setLength(at);
                }
            }
            String text = sb.toString();
            EuAssembler.Result res = a.assemble("t.s", text);
            int lineCount = text.split("\r?\n", -1).length;
            assertThat(res.bytes().length % 8).as("seed %d", base + i).isZero();
            for (String p : res.problems()) {
                assertThat(p).as("seed %d", base + i).matches("t\\.s:\\d+:\\d+: .+").doesNotContain("internal error");
                int line = Integer.parseInt(p.split(":")[1]);
                assertThat(line).as("seed %d: %s", base + i, p).isBetween(1, lineCount);
            }
        }
    }

    @Test
    void damagedLineIsReportedAndTheRestAssembled() {
        EuAssembler a = EuAssembler.forGen("gen9");
        String text = "mov(8)          g4<1>UD         0xffffffffUD                    { align1 1Q };\n"
                + "mov(8)          g4<1>XX         0xffffffffUD                    { align1 1Q };\n"
                + "add(8)          g3<1>F          g2<8,8,1>F      g5<8,8,1>F      { align1 1Q compacted };\n";
        EuAssembler.Result r = a.assemble("k.s", text);
        assertThat(r.problems()).singleElement().asString().startsWith("k.s:2:");
        assertThat(r.bytes()).hasSize(16 + 8);
        EuListing back = EuDisassembler.forGen("gen9").disassemble(r.bytes(), 0, r.bytes().length);
        assertThat(back.text()).isEqualTo(text.lines().filter(l -> !l.contains("XX")).map(l -> l + "\n")
                .reduce("", String::concat));
    }

    @Test
    void uncompactableTextIsReportedWithItsLine() {
        EuAssembler a = EuAssembler.forGen("gen9");
        // no compaction table holds this region combination
        String text = "add(8)          g3<1>F          g2.3<16,8,2>F   g5.1<4,2,2>F    { align1 1Q compacted };\n";
        EuAssembler.Result r = a.assemble("k.s", text);
        assertThat(r.problems()).singleElement().asString().startsWith("k.s:1:").contains("cannot be compacted");
        assertThat(r.bytes()).hasSize(16);
    }
}
