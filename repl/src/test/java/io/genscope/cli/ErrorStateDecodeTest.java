package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

/**
 * {@code genscope decode} on i915 error states (fixtures/errorstate): found by content, {@code .xz}
 * or plain, printed in aubinator_error_decode's layout, damage reported with its line.
 */
class ErrorStateDecodeTest {
    private static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"));
    private static final Path MODERN = FIXTURES.resolve("errorstate").resolve("iris-skl-hang.txt.xz");

    private record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().map(String::stripTrailing).toList();
        }
    }

    private static Run decode(String... args) {
        List<String> all = new ArrayList<>(List.of("decode"));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            exit = Main.run(all.toArray(String[]::new));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The lines of a section, from its {@code --- } heading to the next one. */
    private static List<String> section(List<String> lines, String heading) {
        int from = lines.indexOf(heading);
        assertThat(from).as("heading %s", heading).isNotNegative();
        int to = from + 1;
        while (to < lines.size() && !lines.get(to).startsWith("--- ")) {
            to++;
        }
        return lines.subList(from + 1, to);
    }

    @Test
    void headersModeShowsEachSectionLikeAubinatorErrorDecode() {
        Run r = decode("--headers", MODERN.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.lines();
        assertThat(lines).contains("Decoding as:      Intel(R) HD Graphics 530 (SKL GT2)",
                "Application name: scene [4242]", "rcs0 command stream:");
        List<String> headings = lines.stream().filter(l -> l.startsWith("--- ")).toList();
        assertThat(headings.get(0)).isEqualTo("--- HW Context (rcs0) at 0x00000000 00002000");
        assertThat(headings).contains("--- ring buffer (rcs0) at 0x00000000 00001000",
                "--- batch buffer (rcs0) at 0x0000fffe fffee000");

        // the ring section is the first submission of the AUB the state was written from, ACTHD marked
        List<String> ring = section(lines, "--- ring buffer (rcs0) at 0x00000000 00001000");
        List<String> aub = decode("--headers", FIXTURES.resolve("captures").resolve("iris-skl.aub.xz").toString())
                .lines().stream().filter(l -> l.startsWith("0x")).toList();
        assertThat(ring.stream().filter(l -> l.contains(" (ACTHD)"))).hasSize(1);
        assertThat(aub.subList(0, ring.size())).isEqualTo(ring.stream().map(l -> l.replace(" (ACTHD)", "")).toList());
        assertThat(aub.get(ring.size())).startsWith("0x00001000:  0x18800101:  MI_BATCH_BUFFER_START");

        // the batch section is the batch on its own: the ring's walk without the ring's own commands
        List<String> batch = section(lines, "--- batch buffer (rcs0) at 0x0000fffe fffee000");
        assertThat(batch).isEqualTo(ring.subList(1, 1 + batch.size()));
        assertThat(batch.get(batch.size() - 1)).contains("MI_BATCH_BUFFER_END");
    }

    @Test
    void fullModeAndJsonWorkOnPlainAndCompressedFiles() throws IOException {
        Run full = decode(MODERN.toString());
        assertThat(full.exit()).isZero();
        assertThat(full.out()).contains("    Vertex Count Per Instance: ", "  ACTHD: 0x0000fffe ", "3DPRIMITIVE");

        Path plain = Files.createTempFile("genscope-error-", ".txt");
        try (InputStream in = new XZInputStream(Files.newInputStream(MODERN))) {
            Files.write(plain, in.readAllBytes());
            Run again = decode(plain.toString());
            assertThat(again.out().replace(plain.getFileName().toString(), MODERN.getFileName().toString()))
                    .isEqualTo(full.out());

            Run json = decode("--json", plain.toString());
            assertThat(json.exit()).isZero();
            assertThat(json.out().lines()).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
            assertThat(json.out()).contains("\"name\":\"3DPRIMITIVE\"");
        } finally {
            Files.deleteIfExists(plain);
        }

        Run legacy = decode("--headers", FIXTURES.resolve("errorstate").resolve("legacy-skl-hand.txt.xz").toString());
        assertThat(legacy.exit()).isZero();
        assertThat(legacy.lines()).contains("--- ring buffer (render ring) at 0x00000000 0000d000",
                "0x0001a030 (ACTHD):  0x7b000005:  3DPRIMITIVE");
    }

    @Test
    void damageIsReportedWithItsLineAndTheRestStillDecodes() throws IOException {
        String text;
        try (InputStream in = new XZInputStream(Files.newInputStream(MODERN))) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        List<String> lines = new ArrayList<>(text.lines().toList());
        int user = lines.indexOf(lines.stream().filter(l -> l.startsWith("rcs0 --- user")).findFirst().orElseThrow());
        String payload = lines.get(user + 1);
        lines.set(user + 1, payload.substring(0, 20) + "{" + payload.substring(21));
        Path damaged = Files.createTempFile("genscope-error-", ".txt");
        try {
            Files.writeString(damaged, String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);
            Run r = decode("--headers", damaged.toString());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("line " + (user + 2) + ": bad ascii85 payload at column 21");
            assertThat(r.out()).contains("--- ring buffer (rcs0)", "3DPRIMITIVE");
        } finally {
            Files.deleteIfExists(damaged);
        }
    }
}
