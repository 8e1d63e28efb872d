package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a newcomer meets in the first ten minutes (issue [K]): help on every command, errors in one
 * line with the file or port and the reason, outputs that never replace a file by surprise, the
 * same option values everywhere, decode output a script can trust, exit codes that count every
 * problem. In this JVM; {@link LauncherProcessTest} runs the real launcher.
 */
class NewcomerCliTest {
    private static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures")).toAbsolutePath();
    private static final Path SKL = FIXTURES.resolve("captures/iris-skl.aub.xz");
    private static final String[] WINDOWS = {"--guest-aperture", "0:256M", "--guest-hidden", "256M:1G",
        "--host-aperture", "1G", "--host-hidden", "2G"};

    private static List<String> commands() {
        return new ArrayList<>(Main.commandLine().getSubcommands().keySet());
    }

    private static String[] remap(String... rest) {
        List<String> args = new ArrayList<>(List.of("remap"));
        args.addAll(List.of(WINDOWS));
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }

    // 1. help

    @Test
    void everyCommandAnswersHelpAndDashHWithItsUsage() {
        assertThat(commands()).contains("decode", "spec", "shell", "asm", "remap", "migrate", "receive", "report",
                "replay", "completion", "man", "help");
        for (String c : commands()) {
            for (String flag : List.of("--help", "-h")) {
                Cli r = Cli.run(c, flag);
                assertThat(r.exit()).as("genscope %s %s: %s", c, flag, r.err()).isZero();
                assertThat(r.out()).as("genscope %s %s", c, flag).contains("Usage: genscope " + c);
                assertThat(r.err()).isEmpty();
            }
            if (!c.equals("help")) {
                Cli h = Cli.run("help", c);
                assertThat(h.exit()).isZero();
                assertThat(h.out()).contains("Usage: genscope " + c);
            }
        }
    }

    @Test
    void summariesAreWholeSentencesAndEveryOptionIsDescribed() {
        Cli top = Cli.run("--help");
        assertThat(top.exit()).isZero();
        assertThat(top.out()).contains("Exit codes:", "130");
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            String[] header = s.usageMessage().header();
            String summary = header.length > 0 ? header[0] : s.usageMessage().description()[0];
            assertThat(summary).as("summary of %s", s.name()).matches("[A-Z].*[.]");
            List<ArgSpec> args = new ArrayList<>(s.options());
            args.addAll(s.positionalParameters());
            for (ArgSpec a : args) {
                assertThat(String.join(" ", a.description()).strip()).as("description of %s %s", s.name(), a)
                        .isNotEmpty();
            }
        }
        // picocli's placeholder labels such as <check> or <command> are for options nobody named
        assertThat(Cli.run("spec", "--help").out()).doesNotContain("<").contains("--gen=NAME", "kbl");
    }

    @Test
    void completionScriptAndManPageComeFromTheCommandDefinitions() {
        Cli bash = Cli.run("completion");
        assertThat(bash.exit()).isZero();
        assertThat(bash.out()).contains("complete -F", "decode", "remap", "--guest-aperture", "kbl", "tgl");
        assertThat(Cli.run("completion", "zsh").out()).contains("bashcompinit");
        Cli man = Cli.run("man");
        assertThat(man.exit()).isZero();
        assertThat(man.out()).startsWith(".TH GENSCOPE 1").contains(".SH EXIT STATUS", "genscope decode",
                "genscope receive", "\\-\\-guest\\-aperture");
    }

    @Test
    void completionInstallWritesIntoTheHomeDirectory(@TempDir Path home) {
        System.setProperty("genscope.user.home", home.toString());
        try {
            Cli r = Cli.run("completion", "--install");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(home.resolve(CompletionCommand.BASH_DIR + "/genscope")).exists();
            assertThat(Cli.run("man", "--install").exit()).isZero();
            assertThat(home.resolve(ManCommand.MAN_FILE)).exists();
        } finally {
            System.clearProperty("genscope.user.home");
        }
    }

    // 2. errors

    @Test
    void failuresNameTheFileOrPortAndTheReasonInOneLine(@TempDir Path dir) throws IOException {
        Cli missing = Cli.run("decode", "/x/y.aub");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("genscope: /x/y.aub: no such file" + System.lineSeparator());
        Cli directory = Cli.run("decode", dir.toString());
        assertThat(directory.exit()).isEqualTo(2);
        assertThat(directory.err().strip()).isEqualTo("genscope: " + dir + ": is a directory");
        for (String[] args : List.of(new String[] {"replay", dir.toString()}, new String[] {"receive", "--from", dir.toString()},
                new String[] {"asm", "/x/y.gasm", "--text"}, new String[] {"spec", "--check", "/x/y.gspec"},
                remap("/x/y.aub", dir.resolve("out.aub").toString()))) {
            Cli r = Cli.run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).matches("genscope: \\S+: (no such file|is a directory)");
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli busy = Cli.run("receive", "--listen", Integer.toString(taken.getLocalPort()));
            assertThat(busy.exit()).isEqualTo(2);
            assertThat(busy.err().strip()).isEqualTo("genscope: port " + taken.getLocalPort() + " already in use (on 127.0.0.1)");
        }
        Path notARecording = Files.writeString(dir.resolve("x.gsmig"), "hello");
        Cli receive = Cli.run("receive", "--from", notARecording.toString());
        Cli replay = Cli.run("replay", notARecording.toString());
        for (Cli r : List.of(receive, replay)) {
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out() + r.err()).doesNotContain("-1 records", "null");
        }
        assertThat(replay.err().strip()).startsWith("genscope: replay: " + notARecording + ": not a genscope migration recording");
    }

    @Test
    void usageErrorsExitWithTwoAndPointAtHelp() {
        Cli r = Cli.run("decode");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("genscope decode: Missing required parameter: 'FILE'")
                .contains("Try 'genscope decode --help'");
    }

    // 3. never destroy

    @Test
    void anOutputThatIsADirectoryOrAnExistingFileIsRefused(@TempDir Path dir) throws IOException {
        Path emptyDir = Files.createDirectory(dir.resolve("out"));
        Cli intoDir = Cli.run(remap(SKL.toString(), emptyDir.toString()));
        assertThat(intoDir.exit()).isEqualTo(2);
        assertThat(intoDir.err()).contains(emptyDir + ": is a directory");
        assertThat(emptyDir).isEmptyDirectory();

        Path existing = Files.writeString(dir.resolve("mine.aub"), "my own file");
        Cli over = Cli.run(remap(SKL.toString(), existing.toString()));
        assertThat(over.exit()).isEqualTo(2);
        assertThat(over.err()).contains(existing + ": already exists; add --force to replace it");
        assertThat(existing).hasContent("my own file");

        Cli forced = Cli.run(remap("--force", "-q", SKL.toString(), existing.toString()));
        assertThat(forced.exit()).as(forced.err()).isIn(0, 1);
        assertThat(Files.size(existing)).isGreaterThan(1000);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file is left behind")
                    .containsExactlyInAnyOrder("out", "mine.aub");
        }

        Path listing = Files.writeString(dir.resolve("a.gasm"), ".gen gen9\n.engine render\nMI_NOOP\n");
        Cli asm = Cli.run("asm", listing.toString(), "-o", existing.toString());
        assertThat(asm.exit()).isEqualTo(2);
        Path chart = Files.writeString(dir.resolve("c.svg"), "mine");
        Cli report = Cli.run("report", listing.toString(), "-o", chart.toString());
        assertThat(report.exit()).isEqualTo(2);
        assertThat(chart).hasContent("mine");
        Cli migrate = Cli.run("migrate", "--to", "file:" + chart);
        assertThat(migrate.exit()).isEqualTo(2);
        assertThat(migrate.err()).contains("already exists");
        assertThat(chart).hasContent("mine");
    }

    // 4. consistency

    @Test
    void remapRawReadsTheTextFormDecodeRawReadsAndWritesItBack(@TempDir Path dir) throws IOException {
        // MI_LOAD_REGISTER_MEM-free buffer: a GGTT batch start into the guest aperture, then the end
        Path in = Files.writeString(dir.resolve("buf.txt"), "# a batch start\n0x18800001 0x00001000 0x00000000\n0x05000000\n");
        Path out = dir.resolve("out.txt");
        Cli r = Cli.run(remap("--raw", "--gen", "skl", in.toString(), out.toString()));
        assertThat(r.exit()).as(r.err()).isZero();
        String written = Files.readString(out, StandardCharsets.US_ASCII);
        assertThat(written).isEqualTo("0x18800001\n0x40001000\n0x00000000\n0x05000000\n");
        Cli decoded = Cli.run("decode", "--raw", "--gen", "skl", "--headers", out.toString());
        assertThat(decoded.exit()).isIn(0, 1);
        assertThat(decoded.out()).contains("MI_BATCH_BUFFER_START");
    }

    @Test
    void genAcceptsTheSameNamesEverywhereAndTheBannerSaysWhatWasUsed() {
        for (String name : Gens.names()) {
            assertThat(Cli.run("spec", "--gen", name, "MI_NOOP").exit()).as("spec --gen %s", name).isZero();
        }
        Cli spec = Cli.run("spec", "--gen", "nosuch");
        assertThat(spec.exit()).isEqualTo(2);
        assertThat(spec.err()).contains("--gen 'nosuch'", "kbl", "gen12");
        Cli bdw = Cli.run("decode", "--headers", "--gen", "kbl", FIXTURES.resolve("captures/iris-bdw.aub.xz").toString());
        assertThat(bdw.out()).contains("Decoding as:      gen9 (").contains("chosen by --gen kbl")
                .contains("the capture names");
    }

    @Test
    void windowLimitsAndNumbersAreCheckedAlikeAndNamed(@TempDir Path dir) {
        Cli above = Cli.run("remap", "--guest-aperture", "0:256M", "--guest-hidden", "256M:1G", "--host-aperture", "1G",
                "--host-hidden", "4G", SKL.toString(), dir.resolve("o.aub").toString());
        assertThat(above.exit()).isEqualTo(2);
        assertThat(above.err()).contains("--host-hidden 0x100000000+0x40000000: reaches past the 4 GiB global GTT");
        Cli receive = Cli.run("receive", "--from", SKL.toString(), "--host-aperture", "1G", "--host-hidden", "4G");
        assertThat(receive.exit()).isEqualTo(2);
        assertThat(receive.err()).contains("--host-hidden 0x100000000: reaches past the 4 GiB global GTT");
        String to = "file:" + dir.resolve("m.gsmig");
        assertThat(Cli.run("migrate", "--to", to, "--bandwidth", "0").err()).contains("--bandwidth 0: must be above 0");
        assertThat(Cli.run("migrate", "--to", to, "--warmup", "-5").err()).contains("--warmup -5: must not be negative");
        assertThat(Cli.run("migrate", "--to", to, "--hash-threads", "0").err()).contains("--hash-threads 0: must be at least 1");
        assertThat(Cli.run("migrate", "--to", to, "--compress-threads", "0").err())
                .contains("--compress-threads 0: must be at least 1");
        assertThat(dir.resolve("m.gsmig")).doesNotExist();
    }

    // 5. decode output for scripts

    private static final Pattern ADDRESS = Pattern.compile("^\\{\"submission\":(\\d+),\"address\":\"(0x[0-9a-f]+)\".*\"depth\":(\\d+),\"name\":\"(\\w+)\"");
    private static final Pattern TARGET = Pattern.compile("\"field\":\"Batch Buffer Start Address\",\"address\":\"(0x[0-9a-f]+)\"");

    @Test
    void jsonAddressesCompareEqualAndBigValuesAreStrings() {
        Cli r = Cli.run("decode", "--json", SKL.toString());
        assertThat(r.exit()).isZero();
        List<String> lines = r.out().lines().toList();
        int starts = 0;
        for (int i = 0; i + 1 < lines.size(); i++) {
            Matcher m = ADDRESS.matcher(lines.get(i));
            Matcher next = ADDRESS.matcher(lines.get(i + 1));
            assertThat(m.find()).as(lines.get(i)).isTrue();
            assertThat(next.find()).isTrue();
            if (m.group(4).equals("MI_BATCH_BUFFER_START") && Integer.parseInt(next.group(3)) > Integer.parseInt(m.group(3))) {
                Matcher t = TARGET.matcher(lines.get(i));
                assertThat(t.find()).isTrue();
                assertThat(t.group(1)).isEqualTo(next.group(2));
                starts++;
            }
        }
        assertThat(starts).isPositive();
        assertThat(lines).extracting(l -> l.substring(0, l.indexOf(",\"address\""))).contains("{\"submission\":0",
                "{\"submission\":3");
        // a sign-extended 48-bit address does not fit a double: it is a string
        assertThat(r.out()).containsPattern("\"value\":\"1844674\\d+\"").doesNotContainPattern("\"value\":1844674\\d{13}");
        Cli both = Cli.run("decode", "--headers", "--json", SKL.toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--headers");
    }

    @Test
    void specShowsACommandsFieldsAsATable() {
        Cli r = Cli.run("spec", "--gen", "skl", "MI_BATCH_BUFFER_START");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).doesNotContain("FieldDef[", "GroupDef[").contains("dword", "bits", "field", "type");
        assertThat(r.out().lines().filter(l -> l.contains("Batch Buffer Start Address")).findFirst().orElseThrow())
                .matches("\\s+1\\s+63:2\\s+Batch Buffer Start Address\\s+address.*");
    }

    // 6. truthful results

    @Test
    void everyDecodeProblemCountsInTheExitCode() {
        Cli r = Cli.run("decode", "--headers", FIXTURES.resolve("captures/vaapi-iHD-hevcdec-skl.aub.xz").toString());
        assertThat(r.err()).contains("unmapped");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void anEmptyFileIsSaidToBeEmpty(@TempDir Path dir) throws IOException {
        Path empty = Files.write(dir.resolve("adlp_1x8x16_0_ocl.aub"), new byte[0]);
        Cli r = Cli.run("decode", empty.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("at byte offset 0").contains("the file is empty (0 bytes)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aCaptureWorkloadWithoutWritesIsRefused(@TempDir Path dir) throws IOException {
        Path empty = Files.write(dir.resolve("empty.aub"), new byte[0]);
        Path recording = dir.resolve("r.gsmig");
        Cli r = Cli.run("migrate", "--to", "file:" + recording, "--warmup", "0", "--workload", "capture:" + empty);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("yields no GPU or CPU writes");
        assertThat(r.out()).doesNotContain("completed");
        assertThat(recording).doesNotExist();
    }

    // 9. the repository root

    @Test
    void theRepositoryRootHoldsNoStrayEmptyFiles() {
        Path root = FIXTURES.getParent();
        assertThat(root.resolve("pom.xml")).exists();
        assertThat(root.resolve("a.txt")).doesNotExist();
        assertThat(root.resolve("b.txt")).doesNotExist();
    }
}
