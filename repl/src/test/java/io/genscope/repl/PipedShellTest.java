package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell without a terminal: {@code printf '...' | genscope shell} and {@code --batch SCRIPT}. */
class PipedShellTest {
    private static final Path SKL = ShellHarness.capture("iris-skl");

    /** {@code printf 'open FILE\nlist 0 5\nquit\n' | genscope shell}, run through {@code Main} with stdin replaced. */
    private static ShellHarness.Run piped(String input, String... args) {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            return ShellHarness.genscope(args);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void listZeroFivePrintsTheFirstFiveLinesOfDecodeHeaders() {
        List<String> decode = ShellHarness.decodeHeaders(SKL);

        ShellHarness.Run run = piped("open " + SKL + "\nlist 0 5\nquit\n", "shell");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> lines = run.lines();
        assertThat(lines).hasSize(2 + 5);
        assertThat(lines.get(0)).startsWith("opened iris-skl.aub.xz: Intel(R) HD Graphics 530 (SKL GT2), decoded as gen9");
        assertThat(lines.subList(2, 7)).containsExactlyElementsOf(decode.subList(0, 5));
        assertThat(run.out()).doesNotContain("\u001b").doesNotContain("> ");
    }

    @Test
    void aCaptureOnTheCommandLineIsOpenedFirst() {
        ShellHarness.Run run = piped("list 0 1\n", "shell", SKL.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).last().isEqualTo(ShellHarness.decodeHeaders(SKL).get(0));
    }

    @Test
    void anErrorMidScriptDoesNotStopItButMakesTheExitCodeNonZero() {
        List<String> decode = ShellHarness.decodeHeaders(SKL);

        ShellHarness.Run run = piped("open " + SKL + "\nlist 0 1\nlsit 1 1\nmem ggtt nowhere\nlist 1 1\n", "shell");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines()).containsSubsequence(decode.get(0), decode.get(1));
        assertThat(ShellHarness.lines(run.err())).containsExactly(
                "genscope: line 3: unknown command 'lsit'; did you mean list? ('help' lists the commands)",
                "genscope: line 4: expected an address (like 0x1000 or 4096), not 'nowhere'");
    }

    @Test
    void aLastLineWithoutNewlineStillRuns() {
        ShellHarness.Run run = piped("open " + SKL + "\nlist 3 1", "shell");

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).last().isEqualTo(ShellHarness.decodeHeaders(SKL).get(3));
    }

    @Test
    void quitStopsTheScriptAndExitSetsTheCode() {
        ShellHarness.Run run = piped("help quit\nexit 3\nbogus\n", "shell");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void batchRunsAScriptFileAndNamesItsLinesInErrors(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("session.gs");
        Files.writeString(script, "# a comment\n\nlist 2 1\nshow #99999\n");

        ShellHarness.Run run = ShellHarness.genscope("shell", "--batch", script.toString(), SKL.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines()).last().isEqualTo(ShellHarness.decodeHeaders(SKL).get(2));
        assertThat(run.err()).contains(script + ":4: command #99999 does not exist (there are 396)");
    }

    @Test
    void withoutArgumentsAndWithoutATerminalGenscopePrintsItsUsage() {
        ShellHarness.Run run = ShellHarness.genscope();

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: genscope").contains("shell");
    }

    @Test
    void aMissingFileIsAFailureNotACrash() {
        ShellHarness.Run run = piped("open /no/such/capture.aub\ninfo\nhelp\n", "shell");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(ShellHarness.lines(run.err())).containsExactly(
                "genscope: line 1: /no/such/capture.aub: no such file",
                "genscope: line 2: info: no capture is open; use: open FILE");
        assertThat(run.out()).contains("Commands ('help COMMAND' for details and examples):");
    }
}
