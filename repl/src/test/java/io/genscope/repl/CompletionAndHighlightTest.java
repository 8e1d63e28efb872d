package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

/** What Tab offers and how the input line is coloured, without a terminal. */
class CompletionAndHighlightTest {
    private static List<String> complete(Shell shell, String... words) {
        return ShellCompleter.candidates(shell, List.of(words), words.length - 1).values();
    }

    @Test
    void completesShellCommandsThenWhatEachCommandTakes() {
        try (Session s = new Session()) {
            assertThat(complete(s.shell, "")).contains("list", "find", "follow", "mem", "diff", "remap", "quit");
            s.run("open " + ShellHarness.capture("iris-skl"));
            // the cursor is on #0, an MI_BATCH_BUFFER_START: its fields, and every GPU command
            assertThat(complete(s.shell, "find", "")).contains("Second Level Batch Buffer", "Batch Buffer Start Address",
                    "PIPE_CONTROL", "3DSTATE_VS", "ppgtt");
            // a GPU command named in the line: its fields
            assertThat(complete(s.shell, "find", "PIPE_CONTROL", "")).contains("Post Sync Operation", "Immediate Data")
                    .doesNotContain("Second Level Batch Buffer");
            assertThat(complete(s.shell, "regs", "")).contains("CS_DEBUG_MODE2", "GT_MODE");
            assertThat(complete(s.shell, "regs", "-")).containsExactly("--all", "--last");
            assertThat(complete(s.shell, "help", "")).contains("refs", "stats");
            assertThat(complete(s.shell, "open", "--gen", "")).contains("skl", "tgl", "gen12");
            assertThat(complete(s.shell, "submission", "")).containsExactly("0", "1", "2", "3");
        }
    }

    @Test
    void completesPaths() {
        try (Session s = new Session()) {
            String dir = ShellHarness.FIXTURES.resolve("captures") + "/";
            assertThat(complete(s.shell, "open", dir + "iris-s")).containsExactly(dir + "iris-skl.aub.xz");
            assertThat(complete(s.shell, "diff", ShellHarness.FIXTURES + "/capt")).containsExactly(dir);
        }
    }

    @Test
    void highlightsCommandsNumbersQuotesAndGpuCommandNames() {
        try (Session s = new Session()) {
            s.run("open " + ShellHarness.capture("iris-skl"));
            ShellHighlighter h = new ShellHighlighter(s.shell);
            AttributedString line = h.highlight("find PIPE_CONTROL \"Post Sync Operation\"=1 0x1000..0x2000");
            assertThat(line.toString()).isEqualTo("find PIPE_CONTROL \"Post Sync Operation\"=1 0x1000..0x2000");
            assertThat(line.styleAt(0)).isEqualTo(AttributedStyle.BOLD.foreground(AttributedStyle.GREEN));
            assertThat(line.styleAt(5)).isEqualTo(AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA));
            assertThat(line.styleAt(18)).isEqualTo(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW));
            assertThat(line.styleAt(line.length() - 1)).isEqualTo(AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN));
            assertThat(h.highlight("lsit 0").styleAt(0)).isEqualTo(AttributedStyle.DEFAULT.foreground(AttributedStyle.RED));
        }
    }

    @Test
    void findTermsAcceptTheOperatorWrittenApartOrTogether() {
        try (Session s = new Session()) {
            s.run("open " + ShellHarness.capture("iris-skl"));
            List<String> together = s.run("find \"Post Sync Operation\"=1");
            assertThat(s.run("find \"Post Sync Operation\" = 1")).isEqualTo(together);
            assertThat(s.run("find \"Post Sync Operation\" =1")).isEqualTo(together);
            assertThat(s.run("find Post\\ Sync\\ Operation= 1")).isEqualTo(together);
            assertThat(s.fail("find \"Post Sync Operatoin\"=1")).isEqualTo("no gen9 command has a field named 'Post Sync Operatoin'");
            assertThat(s.fail("find PIPE_CONTROLS")).startsWith("gen9 has no command named PIPE_CONTROLS");
            assertThat(s.fail("find ggtt PIPE_CONTROL")).startsWith("ggtt applies to an address range");
            assertThat(s.fail("find 0x2000..0x1000")).isEqualTo("empty address range 0x2000..0x1000");
        }
    }

    @Test
    void everyCommandHasHelpWithExamplesAndPlaceholdersSaySo() {
        try (Session s = new Session()) {
            for (ShellCommand c : s.shell.registry().commands()) {
                List<String> help = s.run("help " + c.name());
                assertThat(help.get(0)).isEqualTo("usage: " + c.synopsis());
                if (c.summary().endsWith("(not available in this build)")) {
                    assertThat(s.fail(c.name())).contains("is not available in this build");
                } else {
                    assertThat(help).as(c.name()).anyMatch(l -> l.equals("Examples:") || l.equals("Example:")).anyMatch(l -> l.startsWith("  " + c.name())
                            || c.aliases().stream().anyMatch(a -> l.startsWith("  " + a)) || l.startsWith("  list")
                            || l.startsWith("  follow"));
                }
            }
        }
    }
}
