package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.genscope.repl.commands.StandardCommands;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell driven through a JLine {@link DumbTerminal} of type {@code ansi} (key
 * bindings and completion work; {@code TerminalBuilder.streams(...)} would hang or drop input).
 */
class TerminalSessionTest {
    private static final Path SKL = ShellHarness.capture("iris-skl");

    /** What a session printed, escape sequences removed. */
    private record Screen(int exit, String raw) {
        String text() {
            return raw.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replaceAll("\u001b[=>]", "").replace("\r", "");
        }

        List<String> lines() {
            return ShellHarness.lines(text());
        }
    }

    private static Screen session(String input, boolean pager, Path history, List<ShellCommand> extra) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> session(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), pager,
                history, extra));
    }

    /** A session reading keys from {@code keys} as they come, printing to {@code out}. */
    private static Screen session(java.io.InputStream keys, ByteArrayOutputStream out, boolean pager, Path history,
            List<ShellCommand> extra) throws IOException {
        {
            List<ShellCommand> commands = new ArrayList<>(StandardCommands.all());
            commands.addAll(extra);
            try (Terminal terminal = new DumbTerminal("test", "ansi", keys, out, StandardCharsets.UTF_8);
                    Shell shell = new Shell(new ShellRegistry(commands), Path.of("").toAbsolutePath())) {
                terminal.setSize(new Size(160, 50));
                // as a real terminal starts: Ctrl-C sends SIGINT. Every signal character needs a value:
                // with ISIG on, DumbTerminal compares end of input (-1) with them and loops on an unset one.
                Attributes a = terminal.getAttributes();
                a.setLocalFlag(Attributes.LocalFlag.ISIG, true);
                a.setControlChar(Attributes.ControlChar.VINTR, 3);
                a.setControlChar(Attributes.ControlChar.VQUIT, 28);
                a.setControlChar(Attributes.ControlChar.VSUSP, 26);
                a.setControlChar(Attributes.ControlChar.VSTATUS, 20);
                terminal.setAttributes(a);
                TerminalHolder.current = terminal;
                int exit = new TerminalRunner(shell, terminal, new TerminalRunner.Options(history, pager)).run();
                terminal.flush();
                return new Screen(exit, out.toString(StandardCharsets.UTF_8));
            } finally {
                TerminalHolder.current = null;
            }
        }
    }

    private static Screen session(String input) {
        return session(input, false, null, List.of());
    }

    /** Lets a test command reach the terminal it runs on. */
    private static final class TerminalHolder {
        static volatile Terminal current;
    }

    @Test
    void aScriptedSessionPrintsWhatDecodeHeadersPrints() {
        List<String> decode = ShellHarness.decodeHeaders(SKL);

        Screen s = session("open " + SKL + "\nlist 0 5\nquit\n");

        assertThat(s.exit()).isZero();
        assertThat(s.lines()).containsSubsequence(decode.subList(0, 5));
        assertThat(s.text()).contains("genscope> ").contains("iris-skl.aub.xz s0 #0> ");
    }

    @Test
    void tabCompletesShellCommands() {
        List<String> decode = ShellHarness.decodeHeaders(SKL);

        Screen s = session("open " + SKL + "\nli\t0 2\ncontex\t\n");

        assertThat(s.text()).contains("list 0 2");
        assertThat(s.lines()).containsSubsequence(decode.get(0), decode.get(1));
        assertThat(s.text()).contains("contexts").contains("context id 0x0  lrca 0x2000");
    }

    @Test
    void tabCompletesGpuCommandAndFieldNames() {
        Screen s = session("open " + SKL + "\nfind PIPE_CONT\t\"Post Sync Op\t=1\n");

        assertThat(s.text()).contains("PIPE_CONTROL \"Post Sync Operation=1");
        assertThat(s.text()).contains("29 commands match");
    }

    @Test
    void tabCompletesRegisterNames() {
        Screen s = session("open " + SKL + "\nregs CS_DEBUG_MO\t\n");

        assertThat(s.text()).contains("regs CS_DEBUG_MODE2");
        assertThat(s.text()).contains("    CS_DEBUG_MODE2 (0x20d8) = 0x00100010");
    }

    @Test
    void errorsAndCtrlCAtThePromptLeaveTheShellRunning() {
        Screen s = session("bogus\nopen " + SKL + "\nlist 0 3 and more\u0003list 0 1\nquit\n");

        assertThat(s.text()).contains("error: unknown command 'bogus'");
        assertThat(s.lines()).contains(ShellHarness.decodeHeaders(SKL).get(0));
        assertThat(s.text()).doesNotContain("too many arguments");
    }

    /** A command that presses Ctrl-C on its own terminal, then prints until stopped. */
    private static final class Spin implements ShellCommand {
        @Override
        public String name() {
            return "spin";
        }

        @Override
        public String synopsis() {
            return "spin";
        }

        @Override
        public String summary() {
            return "prints until interrupted";
        }

        @Override
        public String help() {
            return "test only";
        }

        @Override
        public boolean needsCapture() {
            return false;
        }

        @Override
        public void run(ShellContext ctx, Args args) {
            TerminalHolder.current.raise(Terminal.Signal.INT);
            for (long i = 0; ; i++) {
                ctx.out().line("line " + i);
            }
        }
    }

    @Test
    void ctrlCStopsTheRunningCommandNotTheShell() {
        List<String> decode = ShellHarness.decodeHeaders(SKL);

        Screen s = session("spin\nopen " + SKL + "\nlist 0 1\nquit\n", false, null, List.of(new Spin()));

        assertThat(s.text()).contains("error: interrupted");
        assertThat(s.lines()).contains(decode.get(0));
        assertThat(s.exit()).isZero();
    }

    @Test
    void longOutputGoesThroughThePagerAndTheHistoryIsKept(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history");
        List<String> decode = ShellHarness.decodeHeaders(SKL);
        Screen s = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
            java.io.PipedInputStream keys = new java.io.PipedInputStream(typing, 1 << 16);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            java.util.concurrent.CompletableFuture<Screen> done = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return session(keys, out, true, history, List.of());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            typing.write(("open " + SKL + "\nlist all\n").getBytes(StandardCharsets.UTF_8));
            typing.flush();
            // the pager shows the first page and waits for a key; nothing was typed ahead
            while (!out.toString(StandardCharsets.UTF_8).contains(decode.get(40).strip())) {
                Thread.sleep(20);
            }
            typing.write("q".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            typing.write("list 0 1\nquit\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            return done.get();
        });

        assertThat(s.lines()).contains(decode.get(0));
        assertThat(s.text()).contains(decode.get(40).strip()).doesNotContain(decode.get(decode.size() - 1).strip());
        assertThat(Files.readAllLines(history)).anyMatch(l -> l.endsWith(":list all"))
                .anyMatch(l -> l.endsWith(":list 0 1"));
    }

    @Test
    @org.junit.jupiter.api.Disabled("timing-dependent: whether the keys typed ahead reach JLine's reader before its 1 ms"
            + " peek depends on the load (it failed once in a clean-clone run with a seed sweep beside it); to be made"
            + " deterministic (feed the keys only after the command has started and wait for them to be queued)")
    void keysTypedAheadOfLongOutputAreTheNextCommandNotThePagers(@TempDir Path dir) throws IOException {
        Path history = dir.resolve("history");
        List<String> decode = ShellHarness.decodeHeaders(SKL);

        // "stats" typed while "list all" runs: the list is printed whole and stats runs after it
        Screen s = session("open " + SKL + "\nlist all\nstats\nquit\n", true, history, List.of());

        assertThat(s.text()).contains(decode.get(decode.size() - 1).strip()).contains("3DSTATE_VF_TOPOLOGY");
        assertThat(Files.readAllLines(history)).anyMatch(l -> l.endsWith(":list all")).anyMatch(l -> l.endsWith(":stats"));
    }
}
