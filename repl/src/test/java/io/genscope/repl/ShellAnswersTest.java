package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shell's answers on the real captures, each checked against an independent computation from
 * {@code genscope decode} output (text or JSON) or from the capture file itself.
 */
class ShellAnswersTest {
    private static final long MASK = 0xffff_ffff_ffffL;
    private static final Pattern COMMAND_LINE = Pattern.compile("^0x[0-9a-f]+(?: \\(ACTHD\\))?:  0x[0-9a-f]{8}:  (\\S+)");
    private static final Pattern UNKNOWN_LINE = Pattern.compile("^0x[0-9a-f]+: unknown instruction ");
    private static final Pattern MATCH_INDEX = Pattern.compile("^#(\\d+) ");

    private static Path capture(String name) {
        return ShellHarness.capture(name);
    }

    private static String open(String name, String gen) {
        return "open " + capture(name) + (gen == null || gen.isEmpty() ? "" : " --gen " + gen);
    }

    private static String[] genOption(String gen) {
        return gen == null || gen.isEmpty() ? new String[0] : new String[] {"--gen", gen};
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"iris-skl,", "iris-tgl,", "neo-skl,skl", "neo-tgllp,tgl"})
    void listAllPrintsExactlyWhatDecodeHeadersPrints(String name, String gen) {
        List<String> decode = ShellHarness.decodeHeaders(capture(name), genOption(gen));
        try (Session s = new Session()) {
            s.run(open(name, gen));
            assertThat(s.run("list all")).containsExactlyElementsOf(decode);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"iris-skl,", "iris-tgl,", "neo-tgllp,tgl"})
    void statsCountWhatDecodeHeadersLists(String name, String gen) {
        Map<String, Integer> expected = new HashMap<>();
        int total = 0;
        for (String line : ShellHarness.decodeHeaders(capture(name), genOption(gen))) {
            Matcher m = COMMAND_LINE.matcher(line);
            if (m.find()) {
                expected.merge(m.group(1), 1, Integer::sum);
                total++;
            } else if (UNKNOWN_LINE.matcher(line).find()) {
                expected.merge("unknown", 1, Integer::sum);
                total++;
            }
        }
        try (Session s = new Session()) {
            s.run(open(name, gen));
            List<String> stats = s.run("stats");
            assertThat(stats.get(0)).isEqualTo("render: " + total + " commands in " + s.shell.context().capture().items().size()
                    + " submission" + (s.shell.context().capture().items().size() == 1 ? "" : "s"));
            Map<String, Integer> counted = new HashMap<>();
            Pattern row = Pattern.compile("^\\s+(\\d+)\\s+[\\d.]+%\\s+(\\S+)$");
            for (String line : stats.subList(1, stats.size())) {
                Matcher m = row.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                counted.put(m.group(2), Integer.parseInt(m.group(1)));
            }
            assertThat(counted).isEqualTo(expected);
        }
    }

    /** The k-th command of decode's output is #k in the shell. */
    @Test
    void findByNameListsTheCommandsDecodeNames() {
        List<Integer> expected = new ArrayList<>();
        int k = 0;
        for (String line : ShellHarness.decodeHeaders(capture("iris-skl"))) {
            Matcher m = COMMAND_LINE.matcher(line);
            if (m.find()) {
                if (m.group(1).equals("3DPRIMITIVE")) {
                    expected.add(k);
                }
                k++;
            }
        }
        try (Session s = new Session()) {
            s.run(open("iris-skl", null));
            List<String> out = s.run("find 3DPRIMITIVE");
            assertThat(indexes(out)).isEqualTo(expected);
            assertThat(out).last().isEqualTo(expected.size() + " commands match");
            assertThat(indexes(s.run("find 3dprim*"))).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iris-skl", "iris-tgl"})
    void findByFieldValueAgreesWithTheJsonDecode(String name) {
        List<DecodedJson> json = DecodedJson.of(capture(name));
        List<Integer> writes = new ArrayList<>();
        List<Integer> anyPostSync = new ArrayList<>();
        List<Integer> noPostSyncPipeControls = new ArrayList<>();
        for (DecodedJson c : json) {
            List<Long> v = c.fields().get("Post Sync Operation");
            if (v == null) {
                continue;
            }
            if (v.contains(1L)) {
                writes.add(c.index());
            }
            if (c.name().equals("PIPE_CONTROL") && !v.contains(0L)) {
                anyPostSync.add(c.index());
            }
            if (c.name().equals("PIPE_CONTROL") && v.contains(0L)) {
                noPostSyncPipeControls.add(c.index());
            }
        }
        assertThat(writes).isNotEmpty();
        try (Session s = new Session()) {
            s.run(open(name, null));
            assertThat(indexes(s.run("find \"Post Sync Operation\"=1"))).isEqualTo(writes);
            assertThat(indexes(s.run("find \"Post Sync Operation\" = \"Write Immediate Data\""))).isEqualTo(writes);
            assertThat(indexes(s.run("find PIPE_CONTROL \"Post Sync Operation\"!=0"))).isEqualTo(anyPostSync);
            assertThat(indexes(s.run("find PIPE_CONTROL 'Post Sync Operation=No Write'"))).isEqualTo(noPostSyncPipeControls);
        }
    }

    /** Every page the JSON decode says a command points into: refs and find by range give those commands. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iris-skl", "iris-tgl"})
    void refsAndFindByRangeAgreeWithTheJsonAddresses(String name) {
        List<DecodedJson> json = DecodedJson.of(capture(name));
        TreeSet<Long> pages = new TreeSet<>();
        for (DecodedJson c : json) {
            for (DecodedJson.Ref r : c.addresses()) {
                pages.add(r.address() & MASK & ~0xfffL);
            }
        }
        assertThat(pages).hasSizeGreaterThan(3);
        try (Session s = new Session()) {
            s.run(open(name, null));
            for (long page : pages) {
                List<Integer> commands = new ArrayList<>();
                List<Integer> ppgttCommands = new ArrayList<>();
                int refs = 0;
                for (DecodedJson c : json) {
                    long n = c.addresses().stream().filter(r -> (r.address() & MASK & ~0xfffL) == page).count();
                    if (n > 0) {
                        commands.add(c.index());
                        refs += n;
                    }
                    if (c.addresses().stream().anyMatch(r -> (r.address() & MASK & ~0xfffL) == page && r.space().equals("PPGTT"))) {
                        ppgttCommands.add(c.index());
                    }
                }
                String hex = String.format("0x%x", page + 0x123);
                List<String> out = s.run("refs " + hex);
                assertThat(indexes(out)).as("refs %s", hex).isEqualTo(commands);
                assertThat(out).last().isEqualTo(String.format("%d reference%s from %d command%s to page 0x%x", refs,
                        refs == 1 ? "" : "s", commands.size(), commands.size() == 1 ? "" : "s", page));
                assertThat(indexes(s.run(String.format("find 0x%x..0x%x", page, page + 4096)))).isEqualTo(commands);
                assertThat(indexes(s.run(String.format("find ppgtt 0x%x+4k", page)))).isEqualTo(ppgttCommands);
                assertThat(indexes(s.run("refs ppgtt " + hex))).isEqualTo(ppgttCommands);
            }
        }
    }

    /**
     * {@code mem} shows memory as of the selected submission: the dwords of each submission's first
     * batch commands, as the JSON decode of that submission read them, although a later submission
     * reuses the same addresses for other commands.
     */
    @Test
    void memShowsTheDwordsOfEachSubmissionAsOfThatSubmission() {
        List<DecodedJson> json = DecodedJson.of(capture("iris-skl"));
        List<List<DecodedJson>> submissions = new ArrayList<>();
        for (DecodedJson c : json) {
            if (c.depth() == 1 && c.address() == 0x1000 && c.name().equals("MI_BATCH_BUFFER_START")) {
                submissions.add(new ArrayList<>());
            }
            submissions.get(submissions.size() - 1).add(c);
        }
        assertThat(submissions).hasSize(4);
        Map<Integer, Map<Long, Integer>> dumps = new HashMap<>();
        try (Session s = new Session()) {
            s.run(open("iris-skl", null));
            for (int k = 0; k < submissions.size(); k++) {
                List<DecodedJson> batch = submissions.get(k).stream().filter(c -> c.depth() == 2).limit(12).toList();
                long start = batch.get(0).address() & MASK;
                DecodedJson last = batch.get(batch.size() - 1);
                long end = (last.address() & MASK) + 4L * last.dwords().length;
                s.run("submission " + k);
                List<String> out = s.run(String.format("mem ppgtt 0x%x %d", start, end - start));
                assertThat(out.get(0)).isEqualTo(String.format("ppgtt 0x%x, %d bytes, as of s%d (render)", start, end - start, k));
                Map<Long, Integer> dump = parseDump(out.subList(1, out.size()));
                assertThat(dump).hasSize((int) ((end - start) / 4));
                for (DecodedJson c : batch) {
                    for (int i = 0; i < c.dwords().length; i++) {
                        assertThat(dump.get((c.address() & MASK) + 4L * i)).as("s%d dword %d of %s", k, i, c.name())
                                .isEqualTo(c.dwords()[i]);
                    }
                }
                dumps.put(k, dump);
            }
            // the ring, through the GGTT
            DecodedJson ring = submissions.get(3).get(0);
            Map<Long, Integer> dump = parseDump(s.run("mem ggtt 0x1000 12").subList(1, 2));
            assertThat(dump.values()).containsExactly(ring.dwords()[0], ring.dwords()[1], ring.dwords()[2]);
            assertThat(s.run("mem ggtt 0x7fff0000 8")).last().isEqualTo("0x7fff0000:  unmapped (8 bytes)");
        }
        long reused = submissions.get(2).stream().filter(c -> c.depth() == 2).findFirst().orElseThrow().address() & MASK;
        assertThat(submissions.get(0).get(1).address() & MASK).as("s0 and s2 run batches at the same address").isEqualTo(reused);
        assertThat(dumps.get(0).get(reused + 4)).isNotEqualTo(dumps.get(2).get(reused + 4));
    }

    private static Map<Long, Integer> parseDump(List<String> lines) {
        Pattern row = Pattern.compile("^0x([0-9a-f]+):  ((?:[0-9a-f]{8} ?)+)");
        Map<Long, Integer> out = new TreeMap<>();
        for (String line : lines) {
            Matcher m = row.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            long a = Long.parseLong(m.group(1), 16);
            for (String w : m.group(2).trim().split(" ")) {
                out.put(a, (int) Long.parseLong(w, 16));
                a += 4;
            }
        }
        return out;
    }

    /** {@code show #k} prints the block {@code genscope decode} prints for its k-th command. */
    @ParameterizedTest(name = "{0} every {1}th command")
    @CsvSource({"iris-skl, 7", "iris-tgl, 11"})
    void showPrintsTheBlockDecodePrints(String name, int step) {
        List<List<String>> blocks = new ArrayList<>();
        for (String line : ShellHarness.genscope("decode", capture(name).toString()).lines()) {
            if (COMMAND_LINE.matcher(line).find() || UNKNOWN_LINE.matcher(line).find()) {
                blocks.add(new ArrayList<>());
            }
            if (!blocks.isEmpty()) {
                blocks.get(blocks.size() - 1).add(line);
            }
        }
        try (Session s = new Session()) {
            s.run(open(name, null));
            assertThat(blocks).hasSize(s.shell.context().capture().entries().size());
            for (int k = blocks.size() - 1; k >= 0; k -= step) {
                assertThat(s.run("show #" + k)).as("show #%d", k).containsExactlyElementsOf(blocks.get(k));
                assertThat(s.shell.context().cursor()).isEqualTo(k);
            }
            String address = blocks.get(6).get(0).substring(0, blocks.get(6).get(0).indexOf(':'));
            s.run("list 0 1");
            assertThat(s.run("show " + address)).containsExactlyElementsOf(blocks.get(6));
        }
    }

    @Test
    void regsListsEveryLoadRegisterImmediatePairOfTheJsonDecode() {
        List<DecodedJson> json = DecodedJson.of(capture("iris-skl"));
        List<String> expected = new ArrayList<>();
        for (DecodedJson c : json) {
            if (c.name().equals("MI_LOAD_REGISTER_IMM")) {
                for (int i = 1; i + 1 < c.dwords().length; i += 2) {
                    expected.add(String.format("0x%x = 0x%08x", c.dwords()[i] & 0x7ffffc, c.dwords()[i + 1]));
                }
            }
        }
        try (Session s = new Session()) {
            s.run(open("iris-skl", null));
            List<String> out = s.run("regs --all");
            Pattern pair = Pattern.compile("^    (.+) \\((0x[0-9a-f]+)\\) = (0x[0-9a-f]{8})$");
            List<String> seen = new ArrayList<>();
            Map<String, String> names = new LinkedHashMap<>();
            for (String line : out) {
                Matcher m = pair.matcher(line);
                if (m.matches()) {
                    seen.add(m.group(2) + " = " + m.group(3));
                    names.put(m.group(2), m.group(1));
                }
            }
            assertThat(seen).isEqualTo(expected);
            assertThat(out).last().isEqualTo(expected.size() + " register writes in the capture");
            assertThat(names).containsEntry("0x7008", "GT_MODE").containsEntry("0x20d8", "CS_DEBUG_MODE2");
            long gtMode = expected.stream().filter(x -> x.startsWith("0x7008 ")).count();
            assertThat(s.run("regs --all GT_MODE")).last().isEqualTo(gtMode + " register writes in the capture");
            assertThat(s.run("regs --all --last 0x7008")).first().asString().startsWith("GT_MODE");
            assertThat(s.run("regs --all CS_DEBUG_MODE2")).contains("        CONSTANT_BUFFER Address Offset Disable: true");
        }
    }

    @Test
    void followEntersTheBatchAndBackReturns() {
        List<String> decode = ShellHarness.decodeHeaders(capture("iris-skl"));
        List<DecodedJson> json = DecodedJson.of(capture("iris-skl"));
        int batch = 0;
        for (int i = 1; i < json.size() && json.get(i).depth() == 2; i++) {
            batch++;
        }
        try (Session s = new Session()) {
            s.run(open("iris-skl", null));
            s.run("list 0 1");
            List<String> out = s.run("follow");
            assertThat(out.get(0)).isEqualTo("batch at 0xfffefffee000 (PPGTT), depth 2, started by #0: " + batch + " commands");
            assertThat(out.subList(1, out.size())).containsExactlyElementsOf(decode.subList(1, 21));
            assertThat(s.shell.context().prompt()).isEqualTo("iris-skl.aub.xz s0 #1> ");
            assertThat(s.fail("follow")).isEqualTo("no MI_BATCH_BUFFER_START at or after #1 in its batch");
            assertThat(s.run("back")).containsExactly(decode.get(0));
            assertThat(s.fail("back")).isEqualTo("the cursor is in the ring of s0, not in a batch");
            assertThat(s.run("list")).containsExactlyElementsOf(decode.subList(1, 21));
        }
    }

    @Test
    void diffOfACaptureWithItselfFindsNoChange() {
        try (Session s = new Session()) {
            s.run(open("iris-tgl", null));
            List<String> out = s.run("diff " + capture("iris-tgl"));
            assertThat(out).last().isEqualTo("total: " + s.shell.context().capture().entries().size()
                    + " same, 0 changed, 0 removed, 0 added");
        }
    }

    /**
     * A copy of iris-skl with one PIPE_CONTROL's post-sync write turned off in the file, and one with
     * another PIPE_CONTROL zeroed (six MI_NOOPs): the diff names exactly those commands.
     */
    @Test
    void diffNamesTheCommandsChangedInTheFile(@TempDir Path dir) throws IOException {
        List<DecodedJson> json = DecodedJson.of(capture("iris-skl"));
        byte[] original = ShellHarness.decompress(capture("iris-skl"));
        DecodedJson changed = uniqueInFile(json, original, c -> c.name().equals("PIPE_CONTROL")
                && c.fields().get("Post Sync Operation").contains(1L));
        DecodedJson zeroed = uniqueInFile(json, original, c -> c.name().equals("PIPE_CONTROL") && c.index() > changed.index() + 10);
        byte[] bytes = original.clone();
        int at = indexOf(bytes, pattern(changed.dwords()));
        bytes[at + 4 + 1] &= (byte) ~0x40; // dword 1 bit 14: Post Sync Operation 1 -> 0
        int z = indexOf(bytes, pattern(zeroed.dwords()));
        java.util.Arrays.fill(bytes, z, z + 4 * zeroed.dwords().length, (byte) 0);
        Path modified = dir.resolve("modified.aub");
        Files.write(modified, bytes);

        try (Session s = new Session()) {
            s.run(open("iris-skl", null));
            List<String> out = s.run("diff " + modified);
            int total = json.size();
            assertThat(out).contains(String.format("  ~ #%d -> #%d  0x%x  PIPE_CONTROL", changed.index(), changed.index(),
                    changed.address() & MASK));
            assertThat(out).contains("        Post Sync Operation: 1 (Write Immediate Data) -> 0 (No Write)");
            assertThat(out).contains(String.format("  - #%d  0x%x  PIPE_CONTROL", zeroed.index(), zeroed.address() & MASK));
            for (int i = 0; i < 6; i++) {
                assertThat(out).contains(String.format("  + #%d  0x%x  MI_NOOP", zeroed.index() + i, (zeroed.address() & MASK) + 4 * i));
            }
            assertThat(out).last().isEqualTo("total: " + (total - 2) + " same, 1 changed, 1 removed, 6 added");
            assertThat(s.run("diff --brief " + modified)).noneMatch(l -> l.startsWith("  "));
        }
    }

    private static DecodedJson uniqueInFile(List<DecodedJson> json, byte[] file, java.util.function.Predicate<DecodedJson> want) {
        for (DecodedJson c : json) {
            if (!want.test(c) || c.dwords().length < 6) {
                continue;
            }
            if (json.stream().filter(o -> java.util.Arrays.equals(o.dwords(), c.dwords())).count() != 1) {
                continue;
            }
            byte[] p = pattern(c.dwords());
            int first = indexOf(file, p);
            if (first >= 0 && indexOf(file, p, first + 1) < 0) {
                return c;
            }
        }
        throw new AssertionError("no command with dwords found exactly once in the file");
    }

    private static byte[] pattern(int[] dwords) {
        byte[] p = new byte[4 * dwords.length];
        for (int i = 0; i < dwords.length; i++) {
            for (int b = 0; b < 4; b++) {
                p[4 * i + b] = (byte) (dwords[i] >>> (8 * b));
            }
        }
        return p;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        return indexOf(hay, needle, 0);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static List<Integer> indexes(List<String> lines) {
        List<Integer> out = new ArrayList<>();
        for (String l : lines) {
            Matcher m = MATCH_INDEX.matcher(l);
            if (m.find()) {
                out.add(Integer.parseInt(m.group(1)));
            }
        }
        return out;
    }
}
