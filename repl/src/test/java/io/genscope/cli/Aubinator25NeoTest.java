package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.aub.AubCopy;
import io.genscope.spec.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tukaani.xz.XZInputStream;

/**
 * {@code genscope decode} against Mesa 25.0.7's aubinator on the Intel compute runtime captures of
 * Meteor Lake (gen12.7), Lunar Lake (Xe2) and Panther Lake (Xe3). Aubinator reads none of them as they
 * are, so the references (fixtures/aubinator25/neo2-*.txt.xz, tools/xcheck/make-refs25-neo.sh) are of a
 * copy in Mesa's dialect made by genscope's own writer ({@link AubCopy}: a PCI ID, the compute engine's
 * submissions on the render engine, 4-level page tables), which this test makes again the same way.
 *
 * <p>Every line but the banner is aubinator's, but for the differences by design listed in
 * fixtures/aubinator25/README.md: commands Mesa 25.0.7's genxml lacks ({@link #ABSENT_FROM_MESA}),
 * which aubinator prints as unknown dwords and genscope decodes, and the past-the-end dword
 * aubinator prints after each COMPUTE_WALKER. That includes the shader listings of Lunar Lake and
 * Panther Lake (Xe2 and Xe3 kernels, which genscope disassembles as Mesa 25.0.7 does); Meteor Lake's
 * differ in the spacing of send descriptions (genscope's gen12.5 follows Mesa 22.3.6).
 */
class Aubinator25NeoTest {
    private static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"));
    /** Commands of genscope's gen20-extra.gspec that Mesa 25.0.7's genxml does not define. */
    private static final Set<String> ABSENT_FROM_MESA = Set.of("STATE_CONTEXT_DATA_BASE_ADDRESS", "STATE_PREFETCH",
            "MEM_COPY", "MEM_SET");
    private static final String ABSENT = "(not in Mesa 25.0.7's genxml)";
    private static final Pattern HEADER = Pattern.compile("(0x[0-9a-f]+):  0x([0-9a-f]{8}):  (\\S+)");
    private static final Pattern UNKNOWN = Pattern.compile("(0x[0-9a-f]+): unknown instruction ([0-9a-f]{8})");
    private static final Pattern UNKNOWN_DWORD = Pattern.compile("0x[0-9a-f]+: -- [0-9a-f]{8}");
    private static final Pattern DWORD = Pattern.compile("0x[0-9a-f]+:  0x[0-9a-f]{8} : Dword (\\d+)");

    @TempDir
    static Path dir;
    private static final Map<String, Path> COPIES = new HashMap<>();

    /** The {@code 0x} lines of {@code --headers}; aubinator's unknown commands are the ones genscope's spec adds. */
    @ParameterizedTest(name = "{0} headers")
    @CsvSource({"neo2-mtl, 0x7d55, 0", "neo2-lnl, 0x64a0, 5", "neo2-ptl, 0xb080, 5"})
    void headersModeMatchesAubinator25(String capture, String pciId, int absent) throws IOException {
        List<String> ours = commandLines(asMesaPrints(decode(copy(capture, pciId), "--headers")));
        List<String> theirs = commandLines(asGenscopePrints(reference(capture, "headers")));

        assertThat(theirs).hasSizeGreaterThan(40);
        assertThat(theirs.stream().filter(l -> l.endsWith(ABSENT))).hasSize(absent);
        assertThat(ours).containsExactlyElementsOf(theirs);
    }

    /** Full decode: every line after the banner but the shader listings, with the same two allowances. */
    @ParameterizedTest(name = "{0} full, every line but shader disassembly")
    @CsvSource({"neo2-mtl, 0x7d55", "neo2-lnl, 0x64a0", "neo2-ptl, 0xb080"})
    void fullModeIsAubinator25sOutputButShaders(String capture, String pciId) throws IOException {
        List<String> ours = AubinatorParityTest.withoutShaders(asMesaPrints(decode(copy(capture, pciId))));
        List<String> theirs = AubinatorParityTest.withoutShaders(asGenscopePrints(reference(capture, "full")));

        assertThat(theirs).hasSizeGreaterThan(1_000);
        assertThat(ours).containsExactlyElementsOf(theirs);
    }

    /**
     * Lunar Lake (Xe2) and Panther Lake (Xe3): the whole decode after the banner, shader listings
     * and aubinator's validator line after an instruction the generation lacks included, with the
     * same two allowances.
     */
    @ParameterizedTest(name = "{0} full, shader listings included")
    @CsvSource({"neo2-lnl, 0x64a0, 3, 23", "neo2-ptl, 0xb080, 2, 14"})
    void xe2AndXe3FullDecodeWithShadersIsAubinator25s(String capture, String pciId, int kernels, int listingLines)
            throws IOException {
        List<String> ours = asMesaPrints(decode(copy(capture, pciId)));
        List<String> theirs = asGenscopePrints(reference(capture, "full"));

        assertThat(theirs.stream().filter(l -> l.equals("Referenced compute shader:"))).hasSize(kernels);
        assertThat(AubinatorParityTest.shaderListings(theirs)).hasSize(listingLines);
        assertThat(AubinatorParityTest.shaderListings(ours)).containsExactlyElementsOf(AubinatorParityTest.shaderListings(theirs));
        assertThat(ours.subList(2, ours.size())).containsExactlyElementsOf(theirs.subList(2, theirs.size()));
    }

    /** The NEO originals, not only the copies aubinator read, print their kernels as aubinator 25.0.7 printed the copies'. */
    @ParameterizedTest(name = "{0} original's shader listings")
    @CsvSource({"neo2-lnl", "neo2-ptl"})
    void xe2AndXe3OriginalsPrintTheirKernelsLikeAubinator25(String capture) throws IOException {
        List<String> ours = AubinatorParityTest.shaderListings(trimmed(decode(FIXTURES.resolve("captures").resolve(capture + ".aub.xz"))));
        List<String> theirs = AubinatorParityTest.shaderListings(trimmed(reference(capture, "full")));

        assertThat(theirs).hasSizeGreaterThan(10);
        assertThat(ours).containsExactlyElementsOf(theirs);
    }

    /**
     * Meteor Lake's kernels (gen12.5's EU ISA, which genscope disassembles): aubinator 25.0.7's listing,
     * but for the spacing of the send descriptions (25.0.7 puts two spaces where 22.3.6, the release
     * genscope's disassembler follows, puts one).
     */
    @Test
    void meteorLakeShaderListingsAreAubinator25sButSpacing() throws IOException {
        List<String> ours = listingsSpacesCollapsed(decode(copy("neo2-mtl", "0x7d55")));
        List<String> theirs = listingsSpacesCollapsed(reference("neo2-mtl", "full"));

        assertThat(theirs).hasSizeGreaterThan(40);
        assertThat(ours).containsExactlyElementsOf(theirs);
    }

    /** The copy aubinator read walks, in genscope, to the commands of the NEO original. */
    @ParameterizedTest(name = "{0} original and copy")
    @CsvSource({"neo2-mtl, 0x7d55", "neo2-lnl, 0x64a0", "neo2-ptl, 0xb080"})
    void copyWalksTheOriginalsCommands(String capture, String pciId) throws IOException {
        List<String> original = commandLines(trimmed(decode(FIXTURES.resolve("captures").resolve(capture + ".aub.xz"),
                "--headers")));
        assertThat(original).hasSizeGreaterThan(40);
        assertThat(commandLines(trimmed(decode(copy(capture, pciId), "--headers")))).isEqualTo(original);
    }

    /** The capture copied into Mesa's dialect as make-refs25-neo.sh copies it (once per run). */
    private static synchronized Path copy(String capture, String pciId) throws IOException {
        Path copy = COPIES.get(capture);
        if (copy == null) {
            copy = dir.resolve(capture + "-mesa.aub");
            AubCopy.copy(FIXTURES.resolve("captures").resolve(capture + ".aub.xz"), copy, Integer.decode(pciId),
                    e -> e == Engine.COMPUTE ? Engine.RENDER : e);
            COPIES.put(capture, copy);
        }
        return copy;
    }

    /**
     * Aubinator's output as genscope prints it by design: an unknown command (its header and its
     * {@code --} dwords) becomes one marker line, and the dword aubinator prints past the end of a
     * COMPUTE_WALKER (its genxml's body field ends a bit past the command) is left out.
     */
    private static List<String> asGenscopePrints(String text) {
        List<String> out = new ArrayList<>();
        String command = "";
        int length = 0;
        for (String line : trimmed(text)) {
            Matcher unknown = UNKNOWN.matcher(line);
            Matcher header = HEADER.matcher(line);
            Matcher dword = DWORD.matcher(line);
            if (unknown.matches()) {
                command = "";
                out.add(marker(unknown.group(1), unknown.group(2)));
            } else if (UNKNOWN_DWORD.matcher(line).matches()) {
                continue;
            } else if (header.matches()) {
                command = header.group(3);
                length = (Integer.parseUnsignedInt(header.group(2), 16) & 0xff) + 2;
                out.add(line);
            } else if (!(command.equals("COMPUTE_WALKER") && dword.matches()
                    && Integer.parseInt(dword.group(1)) >= length)) {
                out.add(line);
            }
        }
        return out;
    }

    /** Genscope's output with each command Mesa 25.0.7 lacks (header, dwords and fields) as one marker line. */
    private static List<String> asMesaPrints(String text) {
        List<String> out = new ArrayList<>();
        boolean absent = false;
        for (String line : trimmed(text)) {
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                absent = ABSENT_FROM_MESA.contains(header.group(3));
                out.add(absent ? marker(header.group(1), header.group(2)) : line);
            } else if (!(absent && (line.startsWith("    ") || DWORD.matcher(line).matches()))) {
                absent = false;
                out.add(line);
            }
        }
        return out;
    }

    private static String marker(String address, String dword0) {
        return address + ":  0x" + dword0 + ":  " + ABSENT;
    }

    /** The shader listings of a full decode, each run of spaces as one. */
    private static List<String> listingsSpacesCollapsed(String text) {
        return AubinatorParityTest.shaderListings(trimmed(text)).stream().map(l -> l.replaceAll(" +", " ")).toList();
    }

    private static String decode(Path capture, String... options) {
        List<String> args = new ArrayList<>(List.of("decode"));
        args.addAll(List.of(options));
        args.add(capture.toString());
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as("exit code of genscope %s: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    private static String reference(String capture, String mode) throws IOException {
        Path file = FIXTURES.resolve("aubinator25").resolve(capture + ".aubinator-" + mode + ".txt.xz");
        try (InputStream in = new XZInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> trimmed(String text) {
        return text.lines().map(String::stripTrailing).toList();
    }

    private static List<String> commandLines(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("0x")).toList();
    }
}
