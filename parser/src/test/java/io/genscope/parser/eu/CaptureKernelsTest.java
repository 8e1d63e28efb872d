package io.genscope.parser.eu;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Captures;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tukaani.xz.XZInputStream;

/**
 * The kernels of the bundled Mesa captures, disassembled by us, against the lines aubinator
 * printed under their "Referenced ... shader:" headings. The kernel address is found from the
 * aubinator text itself (instruction base plus one of the heading's command's kernel start
 * pointers, the one that matches best), and the bytes from the capture's memory at each
 * submission, so the test needs neither the printer nor Mesa.
 */
class CaptureKernelsTest {

    /** One heading: candidate addresses and the lines aubinator printed. */
    static final class Kernel {
        final String heading;
        final Set<Long> candidates;
        final List<String> expected;
        int best = -1;
        String bestText = "";

        Kernel(String heading, Set<Long> candidates, List<String> expected) {
            this.heading = heading;
            this.candidates = candidates;
            this.expected = expected;
        }
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("fixtures/aubinator"))) p = p.getParent();
        return p;
    }

    static List<Kernel> headings(Path aubinatorFull) throws IOException {
        String text;
        try (InputStream in = new XZInputStream(Files.newInputStream(aubinatorFull))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = text.split("\n", -1);
        List<Kernel> kernels = new ArrayList<>();
        long instructionBase = 0;
        List<Long> ksps = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            String t = l.trim();
            if (t.startsWith("Instruction Base Address: ")) {
                instructionBase = Long.decode(t.substring("Instruction Base Address: ".length()).trim());
            } else if (l.startsWith("0x") && l.contains(":  0x") && !l.contains(" : Dword")) {
                ksps.clear(); // a new command
            } else if (t.contains("Kernel Start Pointer") && t.contains(": 0x")) {
                ksps.add(Long.decode(t.substring(t.lastIndexOf(": ") + 2).trim()));
            } else if (l.startsWith("Referenced ") && l.endsWith(":")) {
                List<String> expected = new ArrayList<>();
                int j = i + 1;
                // a kernel's lines end at a blank line, except the blank line before a LABELn: line
                while (j < lines.length && (!lines[j].isEmpty()
                        || j + 1 < lines.length && lines[j + 1].matches("LABEL\\d+:"))) {
                    expected.add(lines[j++]);
                }
                Set<Long> cands = new LinkedHashSet<>();
                for (long k : ksps) cands.add(instructionBase + (k & 0xffffffffL));
                kernels.add(new Kernel(l, cands, expected));
                i = j - 1;
            }
        }
        return kernels;
    }

    static int score(List<String> expected, List<String> ours) {
        int same = 0;
        for (int i = 0; i < Math.min(expected.size(), ours.size()); i++) if (expected.get(i).equals(ours.get(i))) same++;
        return same - Math.max(0, ours.size() - expected.size()); // lines past aubinator's end count against us
    }

    /** Disassembles every heading's kernel from the capture; returns {identical, total} lines. */
    static int[] run(String capture, String gen, StringBuilder report) throws IOException {
        Path root = root();
        List<Kernel> kernels = headings(root.resolve("fixtures/aubinator/" + capture + ".aubinator-full.txt.xz"));
        EuDisassembler d = EuDisassembler.forGen(gen);
        Captures.read(root.resolve("fixtures/captures/" + capture + ".aub.xz"), new CaptureListener() {
            @Override
            public void submission(Submission s, GpuMemory memory, long acthd) {
                for (Kernel k : kernels) {
                    if (k.best == k.expected.size()) continue;
                    for (long a : k.candidates) {
                        for (AddressSpace space : AddressSpace.values()) {
                            EuListing listing = d.disassembleKernel(memory, space, a);
                            if (listing.lines().isEmpty()) continue;
                            String text = listing.text();
                            List<String> ours = List.of(text.split("\n"));
                            int sc = score(k.expected, ours);
                            if (sc > k.best) {
                                k.best = sc;
                                k.bestText = text;
                            }
                        }
                    }
                }
            }
        });
        int same = 0, total = 0;
        for (Kernel k : kernels) {
            total += k.expected.size();
            same += Math.max(0, k.best);
            if (k.best != k.expected.size()) {
                List<String> ours = List.of(k.bestText.split("\n"));
                report.append(capture).append(' ').append(k.heading).append('\n');
                for (int i = 0; i < k.expected.size(); i++) {
                    String o = i < ours.size() ? ours.get(i) : "<none>";
                    if (!k.expected.get(i).equals(o)) {
                        report.append("  aubinator: ").append(k.expected.get(i)).append("\n  ours:      ").append(o).append('\n');
                    }
                }
            }
        }
        return new int[] {same, total};
    }

    @ParameterizedTest
    @CsvSource({"crocus-ivb,gen7", "crocus-hsw,gen75", "crocus2-hsw,gen75", "iris-bdw,gen8", "iris2-bdw,gen8", "iris-skl,gen9",
            "iris-icl,gen11", "iris-tgl,gen12", "iris2-tgl,gen12", "anv-tgl,gen12", "anv-chain-tgl,gen12", "iris-dg2,gen125",
            "iris2-dg2,gen125"})
    void kernelsMatchAubinator(String capture, String gen) throws IOException {
        StringBuilder report = new StringBuilder();
        int[] r = run(capture, gen, report);
        double pct = r[1] == 0 ? 100 : 100.0 * r[0] / r[1];
        System.out.printf("EU kernels %s: %d/%d lines identical (%.2f%%)%n", capture, r[0], r[1], pct);
        if (report.length() > 0) System.out.println(report.length() > 20000 ? report.substring(0, 20000) : report);
        assertThat(r[1]).isPositive();
        assertThat(pct).as("identical-line percentage for " + capture).isGreaterThanOrEqualTo(99.5);
    }
}
