package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Captures with no submissions, cut short or made of garbage still open, and say what is wrong. */
class DamagedCaptureTest {
    private static byte[] skl() throws IOException {
        return ShellHarness.decompress(ShellHarness.capture("iris-skl"));
    }

    /** The byte offset of the first submission, from the shell's own reading of the intact file. */
    private static long firstSubmission() {
        try (Session s = new Session()) {
            s.run("open " + ShellHarness.capture("iris-skl"));
            return s.shell.context().capture().item(0).submission().fileOffset();
        }
    }

    @Test
    void aCaptureWithoutSubmissionsOpensAndSaysSo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("none.aub");
        Files.write(file, Arrays.copyOf(skl(), (int) firstSubmission()));
        try (Session s = new Session()) {
            List<String> open = s.run("open " + file);
            assertThat(open.get(1)).startsWith("0 submissions, 0 commands, 0 batches");
            assertThat(s.run("info")).anyMatch(l -> l.equals("engines       none (no submissions)"));
            assertThat(s.run("submissions")).containsExactly("the capture has no submissions");
            assertThat(s.run("stats")).containsExactly("no submissions");
            assertThat(s.fail("list")).isEqualTo("the capture has no decoded commands");
            assertThat(s.fail("mem ggtt 0x1000")).isEqualTo("the capture has no submissions, so no GPU memory to show");
            assertThat(s.fail("show")).isEqualTo("the capture has no decoded commands");
            assertThat(s.run("find PIPE_CONTROL")).containsExactly("no command matches");
            assertThat(s.shell.context().prompt()).isEqualTo("none.aub> ");
        }
    }

    /** {@code open <(ssh host cat f.aub.xz)}, a FIFO: read once, it opens as its file does. */
    @Test
    void aPipedCaptureOpensAsItsFile(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/mkfifo").canExecute()
                || new java.io.File("/bin/mkfifo").canExecute(), "mkfifo");
        Path fifo = dir.resolve("piped.aub.xz");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Thread writer = new Thread(() -> {
            try (java.io.OutputStream out = Files.newOutputStream(fifo)) {
                Files.copy(ShellHarness.capture("iris-skl"), out);
            } catch (IOException e) {
                // the reader is gone: the assertions below say why
            }
        });
        writer.setDaemon(true);
        writer.start();
        List<String> fromFile;
        try (Session s = new Session()) {
            fromFile = s.run("open " + ShellHarness.capture("iris-skl"));
        }
        try (Session s = new Session()) {
            List<String> open = s.run("open " + fifo);
            assertThat(open.subList(1, open.size())).isEqualTo(fromFile.subList(1, fromFile.size()));
            assertThat(s.run("stats")).isNotEmpty();
        }
    }

    @Test
    void aTruncatedCaptureOpensWithItsProblemAndWhatCameBefore(@TempDir Path dir) throws IOException {
        byte[] whole = skl();
        Path file = dir.resolve("cut.aub");
        int cut = whole.length * 3 / 4 + 1;
        Files.write(file, Arrays.copyOf(whole, cut));
        try (Session s = new Session()) {
            List<String> open = s.run("open " + file);
            assertThat(open).anyMatch(l -> l.startsWith("  problem at byte offset ") && l.contains("truncated"));
            assertThat(s.run("problems")).anyMatch(l -> l.startsWith("file: at byte offset ") && l.contains("truncated"));
            s.run("list all");
            s.run("stats");
        }
    }

    @Test
    void garbageOpensAsNotACapture(@TempDir Path dir) throws IOException {
        long seed = Long.getLong("genscope.seed", new SplittableRandom().nextLong());
        System.out.println("garbage capture seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        byte[] junk = new byte[1 << 16];
        new SplittableRandom(seed).nextBytes(junk);
        junk[3] = 0x1f; // not an AUB header (top bits 111 would be)
        Path file = dir.resolve("junk.bin");
        Files.write(file, junk);
        try (Session s = new Session()) {
            List<String> open = s.run("open " + file);
            assertThat(open.get(0)).as("seed %d", seed).isEqualTo("opened junk.bin: not a capture genscope knows, not decoded");
            assertThat(open).anyMatch(l -> l.contains("not a capture genscope knows"));
            assertThat(s.fail("list")).isEqualTo("the capture has no decoded commands");
        }
    }

    /** Random bytes overwritten inside a real capture: it opens, and every command still works or fails cleanly. */
    @Test
    void everyCommandSurvivesACorruptedCapture(@TempDir Path dir) throws IOException {
        long seed = Long.getLong("genscope.seed", new SplittableRandom().nextLong());
        SplittableRandom r = new SplittableRandom(seed);
        byte[] bytes = skl();
        for (int i = 0; i < 200; i++) {
            int at = r.nextInt(bytes.length - 64);
            for (int k = 0; k < 1 + r.nextInt(32); k++) {
                bytes[at + k] = (byte) r.nextInt(256);
            }
        }
        Path file = dir.resolve("corrupt.aub");
        Files.write(file, bytes);
        try (Session s = new Session()) {
            s.run("open " + file);
            for (String line : List.of("info", "submissions", "contexts", "list all", "stats", "problems", "regs --all",
                    "find PIPE_CONTROL", "find 0x0..0xffffffffffff", "refs 0x1000", "show", "follow", "back", "mem ggtt 0x1000 256",
                    "mem ppgtt 0xfffefffee000 256", "diff " + ShellHarness.capture("iris-skl"))) {
                List<String> out = new java.util.ArrayList<>();
                Shell.Outcome o = s.shell.execute(line, out::add);
                assertThat(o.message() == null ? "" : o.message()).as("seed %d: %s", seed, line).doesNotStartWith("internal error");
            }
        }
    }
}
