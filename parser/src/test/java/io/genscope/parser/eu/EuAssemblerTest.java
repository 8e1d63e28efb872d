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
        int same = 0;
        for (EuLine line : l.lines()) {
            int from = line.offset(), to = from + (line.compacted() ? 8 : 16);
            boolean ok = to <= r.bytes().length
                    && Arrays.equals(bytes, from, to, r.bytes(), from, to);
            if (ok) {
                same++;
            } else if (!known.contains(from) || !back.text().equals(l.text())) {
                if (report.length() < 20_000) report.append(name).append(" @").append(from).append(": ").append(line.text()).append('\n');
            }
        }
        return new int[] {same, l.lines().size()};
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
    @CsvSource({"crocus-ivb,gen7", "crocus-hsw,gen75", "crocus2-hsw,gen75", "iris-bdw,gen8", "iris2-bdw,gen8",
            "iris-skl,gen9", "iris-icl,gen11", "iris-tgl,gen12", "iris2-tgl,gen12", "anv-tgl,gen12", "anv-chain-tgl,gen12",
            "iris-dg2,gen125", "iris2-dg2,gen125"})
    void captureKernelsRoundTrip(String capture, String gen) throws IOException {
        var root = CaptureKernelsTest.root();
        List<CaptureKernelsTest.Kernel> kernels =
                CaptureKernelsTest.headings(root.resolve("fixtures/aubinator/" + capture + ".aubinator-full.txt.xz"));
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
        int same = 0, total = 0;
        for (var e : code.entrySet()) {
            int[] r = roundTrip(d, a, capture + "@0x" + Long.toHexString(e.getKey()), e.getValue(), report);
            same += r[0];
            total += r[1];
        }
        System.out.printf("EU assembler round trip %s: %d kernels, %d/%d instructions byte-identical%n",
                capture, code.size(), same, total);
        if (report.length() > 0) System.out.println(report);
        assertThat(total).isPositive();
        assertThat(same).as("byte-identical instructions of " + capture).isEqualTo(total);
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
     * 10,000 seeded mutations of real assembly text (characters changed, dropped, doubled, lines
     * swapped or cut): every call returns bytes and problems, never an exception, and each problem
     * names a line of the text.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gen7", "gen75", "gen8", "gen9", "gen11", "gen12", "gen125"})
    void tenThousandMutatedTextsAssembleWithoutException(String gen) throws IOException {
        EuDisassembler d = EuDisassembler.forGen(gen);
        EuAssembler a = EuAssembler.forGen(gen);
        List<String> texts = new ArrayList<>();
        for (MesaSuiteDiffTest.Case c : MesaSuiteDiffTest.load(gen + "-asm")) {
            texts.add(d.disassemble(c.bytes(), 0, c.bytes().length).text());
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
