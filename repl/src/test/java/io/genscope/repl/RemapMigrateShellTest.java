package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's {@code remap} and {@code migrate} in scripted sessions, against the CLI's answers. */
class RemapMigrateShellTest {
    private static final Path SKL = ShellHarness.capture("iris-skl");
    private static final String WINDOWS = "--guest-aperture 0x0:256M --guest-hidden 0x10000000:1G"
            + " --host-aperture 0x40000000 --host-hidden 0x80000000";
    private static final Pattern CLI_SUMMARY = Pattern.compile("# genscope remap: (\\d+) relocations, (\\d+) findings");
    private static final Pattern SHELL_SUMMARY = Pattern.compile("(\\d+) relocations, (\\d+) findings, ");

    @TempDir
    Path tmp;

    @Test
    void remapPreviewCountsWhatTheCliRewrites() throws IOException {
        Path cliOut = tmp.resolve("cli.aub");
        ShellHarness.Run cli = ShellHarness.genscope(("remap -q " + WINDOWS + " " + SKL + " " + cliOut).split(" "));
        Matcher cm = CLI_SUMMARY.matcher(cli.out());
        assertThat(cm.find()).as(cli.out() + cli.err()).isTrue();
        long relocations = Long.parseLong(cm.group(1));
        assertThat(relocations).isPositive();

        ShellHarness.Run shell = ShellHarness.script("open " + SKL + "\nremap " + WINDOWS + " --all\n");

        assertThat(shell.exit()).as(shell.err()).isZero();
        Matcher sm = SHELL_SUMMARY.matcher(shell.out());
        assertThat(sm.find()).as(shell.out()).isTrue();
        assertThat(sm.group(1)).isEqualTo(cm.group(1));
        assertThat(sm.group(2)).isEqualTo(cm.group(2));
        List<String> rows = shell.lines().stream().filter(l -> l.matches("0x[0-9a-f]{10} .*")).toList();
        assertThat((long) rows.size()).isEqualTo(relocations);
        // a preview writes nothing next to the capture or in the working directory
        assertThat(shell.out()).doesNotContain("wrote ");
    }

    @Test
    void remapWithoutAllShowsTheFirstRowsAndWithOutputWritesTheSameFileAsTheCli() throws IOException {
        Path cliOut = tmp.resolve("cli.aub");
        ShellHarness.genscope(("remap -q " + WINDOWS + " " + SKL + " " + cliOut).split(" "));
        Path shellOut = tmp.resolve("shell.aub");

        ShellHarness.Run shell = ShellHarness.script("open " + SKL + "\nremap " + WINDOWS + " -o " + shellOut + "\n");

        assertThat(shell.exit()).as(shell.err()).isZero();
        assertThat(shell.lines().stream().filter(l -> l.matches("0x[0-9a-f]{10} .*")).count()).isLessThanOrEqualTo(20);
        assertThat(shell.out()).contains("wrote " + shellOut);
        assertThat(Files.readAllBytes(shellOut)).isEqualTo(Files.readAllBytes(cliOut));
    }

    @Test
    void remapRefusesMissingOrBadWindows() throws IOException {
        ShellHarness.Run run = ShellHarness.script("open " + SKL + "\nremap --guest-aperture 0:256M\n"
                + "remap --guest-aperture 0:nothing --guest-hidden 256M:1G --host-aperture 1G --host-hidden 2G\n");

        assertThat(run.exit()).isEqualTo(1);
        List<String> err = ShellHarness.lines(run.err());
        assertThat(err).hasSize(2);
        assertThat(err.get(0)).contains("remap needs the four windows");
    }

    @Test
    void migrateWithATinyWorkloadPrintsAVerifiedReport() throws IOException {
        Path file = tmp.resolve("m.gsmig");
        ShellHarness.Run run = ShellHarness.script("migrate --policy gmig --workload synthetic:memory=16M,graphics=4M,"
                + "gpu-hot=1M,cpu-hot=1M,seed=3 --bandwidth 1Gbit --to file:" + file + "\n");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("gmig").containsPattern("(?m)^\\s*verified:?\\s+yes");
        assertThat(file).isNotEmptyFile();
    }

    @Test
    void migrateRejectsAnUnknownWorkload() throws IOException {
        ShellHarness.Run run = ShellHarness.script("migrate --workload bogus\nmigrate --workload capture\n");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("unknown workload 'bogus'", "no capture is open");
    }

    @Test
    void migrateTheOpenCaptureAsAWorkloadCompressedWithTheGenscopePolicy() throws IOException {
        Path tgl = ShellHarness.capture("iris-tgl");
        ShellHarness.Run run = ShellHarness.script("open " + tgl + "\nmigrate --policy genscope --workload capture:speed=4"
                + " --compress lz4\n");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("workload: capture:", "iris-tgl", "speed=4", "compression: lz4", "gpu stall")
                .containsPattern("(?m)^\\s*verified:?\\s+yes");
    }

    @Test
    void replayListsARecordingTheShellMade() throws IOException {
        Path rec = tmp.resolve("shell.gsmig");
        ShellHarness.Run shell = ShellHarness.script("migrate --policy gmig --to file:" + rec + "\nreplay " + rec
                + " --policy precopy,gmig\nreplay\n");
        assertThat(shell.out()).contains("restored (every check passed)", "gpu-copy", "device regions:", "VREG",
                "pending workload 1: blitter", "MI_STORE_DATA_IMM", "the recorded history under other policies", "gmig (exact)");
        assertThat(shell.err()).contains("usage: replay FILE");
        assertThat(shell.exit()).isEqualTo(1);
    }
}
