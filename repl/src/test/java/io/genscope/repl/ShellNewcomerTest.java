package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.genscope.repl.commands.StandardCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell as a newcomer meets it (issue [K] point 8). */
class ShellNewcomerTest {

    @Test
    void openDiffAndReplayOfADirectorySayItIsADirectory(@TempDir Path dir) throws Exception {
        Path skl = ShellHarness.capture("iris-skl");
        ShellHarness.Run run = ShellHarness.script("open " + dir + "\nopen " + skl + "\ndiff " + dir + "\nreplay " + dir + "\n");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(ShellHarness.lines(run.err())).hasSize(3).allSatisfy(l -> assertThat(l).endsWith(dir + ": is a directory"));
    }

    @Test
    void remapOutputNeverReplacesAFileOrDirectoryWithoutForce(@TempDir Path dir) throws Exception {
        Path skl = ShellHarness.capture("iris-skl");
        Path mine = Files.writeString(dir.resolve("mine.aub"), "my own file");
        String windows = "--guest-aperture 0:256M --guest-hidden 256M:1G --host-aperture 1G --host-hidden 2G";
        ShellHarness.Run run = ShellHarness.script("open " + skl + "\nremap " + windows + " -o " + dir + "\nremap " + windows
                + " -o " + mine + "\n");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(dir + ": is a directory").contains(mine + ": already exists; add --force");
        assertThat(mine).hasContent("my own file");
        ShellHarness.Run forced = ShellHarness.script("open " + skl + "\nremap " + windows + " -o " + mine + " --force\n");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.size(mine)).isGreaterThan(1000);
        try (var left = Files.list(dir)) {
            assertThat(left).hasSize(1);
        }
    }

    @Test
    void ctrlCEndsARunningMigrate() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Shell shell = new Shell()) {
                AtomicReference<Shell.Outcome> outcome = new AtomicReference<>();
                List<String> printed = new ArrayList<>();
                // at 1 Mbit/s this migration would take minutes
                Thread t = new Thread(() -> outcome.set(shell.execute(
                        "migrate --policy precopy --bandwidth 1Mbit --workload synthetic:memory=32M,graphics=8M", printed::add)));
                t.start();
                while (t.isAlive()) {
                    Thread.sleep(300);
                    shell.context().cancel().cancel();
                    t.join(100);
                }
                assertThat(outcome.get().status()).isEqualTo(Shell.Status.FAILED);
                assertThat(outcome.get().message()).isEqualTo("interrupted");
            }
        });
    }

    @Test
    void tableColumnsAlignForLongNames() {
        Table t = new Table("  ").row("register", "offset", "value")
                .row("A_VERY_LONG_REGISTER_NAME_THAT_IS_LONGER_THAN_FORTY_CHARACTERS", "0x2000", "0x1")
                .row("R", "0x20d4", "0x12345678");
        List<String> lines = t.lines();
        int column = lines.get(0).indexOf("offset");
        assertThat(lines).allSatisfy(l -> assertThat(l.charAt(column - 1)).isEqualTo(' '));
        assertThat(lines.get(1).indexOf("0x2000")).isEqualTo(column);
        assertThat(lines.get(2).indexOf("0x20d4")).isEqualTo(column);
    }

    @Test
    void helpTextNamesNoInternalClasses() throws Exception {
        StringBuilder script = new StringBuilder("help\n");
        for (ShellCommand c : StandardCommands.all()) {
            script.append("help ").append(c.name()).append('\n');
        }
        ShellHarness.Run run = ShellHarness.script(script.toString());
        assertThat(run.exit()).isZero();
        // class names of the project (LoadedCapture, CaptureReplay, ...) or of Java (IllegalArgumentException)
        List<String> classes = new ArrayList<>();
        try (var files = Files.walk(Path.of("src/main/java"))) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> p.getFileName().toString().replace(".java", ""))
                    .filter(n -> !n.equals("package-info") && Pattern.matches("[A-Z][a-z]+[A-Z]\\w*", n))
                    .forEach(classes::add);
        }
        assertThat(classes).contains("LoadedCapture", "CaptureReplay");
        for (String name : classes) {
            assertThat(run.out()).as("help mentions %s", name).doesNotContainPattern("\\b" + name + "\\b");
        }
        assertThat(run.out()).doesNotContain("Exception", "io.genscope", "null");
    }
}
