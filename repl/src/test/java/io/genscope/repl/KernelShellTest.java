package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shell's EU views ({@code kernel}, {@code find-insn}, {@code diff --kernels}) and the kernels of {@code decode --json}. */
class KernelShellTest {
    private static final String SKL = ShellHarness.capture("iris-skl").toString();
    private static final String BDW = ShellHarness.capture("iris-bdw").toString();
    private static final Pattern HEADING = Pattern.compile("^(k\\d+) at 0x([0-9a-f]+): (.+?), (\\d+) instructions.*");

    /** One kernel block of {@code kernel}'s output. */
    private record Block(String label, long address, String type, int count, List<String> listing) {
    }

    private static List<Block> blocks(List<String> lines) {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = HEADING.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int j = i + 1;
            while (j < lines.size() && (lines.get(j).startsWith("  referenced by") || lines.get(j).startsWith("  state as of")
                    || lines.get(j).startsWith("    #"))) {
                j++;
            }
            int end = j;
            while (end < lines.size() && !HEADING.matcher(lines.get(end)).matches()
                    && !lines.get(end).matches("0x[0-9a-f]+ is at .*")) {
                end++;
            }
            List<String> listing = new ArrayList<>(lines.subList(j, end));
            while (!listing.isEmpty() && listing.get(listing.size() - 1).isEmpty()) {
                listing.remove(listing.size() - 1);
            }
            out.add(new Block(m.group(1), Long.parseUnsignedLong(m.group(2), 16), m.group(3), Integer.parseInt(m.group(4)),
                    listing));
        }
        return out;
    }

    /** The index of the first command {@code find NAME} lists. */
    private static int first(String capture, String name) throws Exception {
        ShellHarness.Run r = ShellHarness.script("open " + capture + "\nfind " + name + "\n");
        Matcher m = Pattern.compile("(?m)^#(\\d+)\\s").matcher(r.out());
        assertThat(m.find()).as("find %s in %s", name, capture).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aCommandsKernelsAreWhatDecodePrintsUnderItsHeadings() throws Exception {
        int ps = first(SKL, "3DSTATE_PS");
        ShellHarness.Run k = ShellHarness.script("open " + SKL + "\nkernel #" + ps + "\n");
        ShellHarness.Run show = ShellHarness.script("open " + SKL + "\nshow #" + ps + "\n");
        assertThat(k.exit()).as(k.err()).isZero();
        List<Block> blocks = blocks(k.lines());
        assertThat(blocks).isNotEmpty();
        assertThat(k.out()).contains("state as of #" + ps + ":", "    #" + ps + " 3DSTATE_PS: ");
        List<String> shown = show.lines();
        for (Block b : blocks) {
            int heading = shown.indexOf("Referenced " + b.type() + ":");
            assertThat(heading).as("show prints a heading for %s", b.type()).isPositive();
            assertThat(shown.subList(heading + 1, heading + 1 + b.listing().size())).isEqualTo(b.listing());
            assertThat(b.listing().stream().filter(l -> !l.isEmpty() && !l.startsWith(" ") && !l.startsWith("LABEL")))
                    .hasSize(b.count());
        }
    }

    @Test
    void aDrawShowsTheKernelsBoundWhenItRuns() throws Exception {
        int draw = first(SKL, "3DPRIMITIVE");
        ShellHarness.Run r = ShellHarness.script("open " + SKL + "\nkernel #" + draw + "\n");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("#" + draw + " 3DPRIMITIVE references no kernel itself");
        assertThat(blocks(r.lines())).extracting(Block::type).contains("SIMD8 fragment shader");
    }

    @Test
    void labelsAndAddressesNameTheSameKernel() throws Exception {
        ShellHarness.Run byLabel = ShellHarness.script("open " + SKL + "\nkernel k0\n");
        Block k0 = blocks(byLabel.lines()).get(0);
        ShellHarness.Run byAddress = ShellHarness.script(String.format("open %s\nkernel 0x%x\nkernel 0x%x\n", SKL,
                k0.address(), k0.address() + 8));
        assertThat(byLabel.out()).contains("  referenced by #");
        List<Block> both = blocks(byAddress.lines());
        assertThat(both).hasSize(2).allSatisfy(b -> assertThat(b).isEqualTo(k0));
        assertThat(byAddress.out()).contains(String.format("0x%x is at +0x8 in k0", k0.address() + 8));
        ShellHarness.Run none = ShellHarness.script("open " + SKL + "\nkernel k999\nkernel 0x1\n");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no kernel k999 (the capture references k0 to k", "nothing mapped at ppgtt 0x1");
    }

    @Test
    void findInsnListsMatchingInstructionsPerKernel() throws Exception {
        ShellHarness.Run r = ShellHarness.script("open " + SKL + "\nfind-insn send sampler\nfind-insn opcode=sendc\n"
                + "find-insn /^mad[(]16[)]/\nfind-insn /[/\n");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bad regular expression /[/");
        List<String> lines = r.lines();
        List<String> counts = lines.stream().filter(l -> l.matches("\\d+ instructions? in \\d+ of \\d+ kernels")).toList();
        assertThat(counts).hasSize(3);
        List<String> matches = lines.stream().filter(l -> l.matches("  \\+0x[0-9a-f]{4}  0x[0-9a-f]+  .*")).toList();
        int samplers = Integer.parseInt(counts.get(0).split(" ")[0]);
        int sendcs = Integer.parseInt(counts.get(1).split(" ")[0]);
        int mads = Integer.parseInt(counts.get(2).split(" ")[0]);
        assertThat(samplers).isPositive();
        assertThat(sendcs).isPositive();
        assertThat(mads).isPositive();
        assertThat(matches).hasSize(samplers + sendcs + mads);
        assertThat(matches.subList(0, samplers)).allMatch(l -> l.contains("send"));
        assertThat(matches.subList(samplers, samplers + sendcs)).allMatch(l -> l.contains("  sendc("));
        assertThat(matches.subList(samplers + sendcs, matches.size())).allMatch(l -> l.contains("  mad(16)"));
        // the continuation of a send names the shared function
        int first = lines.indexOf(matches.get(0));
        assertThat(lines.get(first + 1)).contains("sampler MsgDesc:");
    }

    @Test
    void diffKernelsAlignsKernelsThenInstructions() throws Exception {
        ShellHarness.Run same = ShellHarness.script("open " + SKL + "\ndiff --kernels " + SKL + "\n");
        assertThat(same.exit()).as(same.err()).isZero();
        assertThat(same.out()).containsPattern("kernels: (\\d+) same, 0 changed, 0 removed, 0 added");
        ShellHarness.Run other = ShellHarness.script("open " + SKL + "\ndiff --kernels " + BDW + "\ndiff --kernels --brief "
                + BDW + "\n");
        assertThat(other.exit()).as(other.err()).isZero();
        String[] runs = other.out().split("(?m)^--- ");
        String full = runs[1];
        String brief = runs[2];
        assertThat(full).containsPattern("(?m)^~ k\\d+ -> k\\d+  0x[0-9a-f]+ -> 0x[0-9a-f]+  .+: \\d+ same, \\d+ changed")
                .containsPattern("(?m)^    - \\+0x[0-9a-f]{4}  \\S").containsPattern("(?m)^    \\+ \\+0x[0-9a-f]{4}  \\S");
        assertThat(brief).doesNotContainPattern("(?m)^    [-+] ");
        Matcher changed = Pattern.compile("(?m)^~ k\\d+ -> k\\d+  0x([0-9a-f]+) ").matcher(full);
        assertThat(changed.find()).isTrue();
        ShellHarness.Run one = ShellHarness.script("open " + SKL + "\ndiff --kernel 0x" + changed.group(1) + " " + BDW + "\n");
        assertThat(one.lines().stream().filter(l -> l.startsWith("~ "))).hasSize(1);
    }

    private static final Pattern INSN = Pattern.compile("\\{\"bytes\":\"([0-9a-f ]+)\",\"offset\":(\\d+),\"compacted\":(true|false),"
            + "\"opcode\":(?:\"\\w+\"|null),\"text\":\"((?:[^\"\\\\]|\\\\.)*)\",\"native\":\"([0-9a-f]{32})\",\"fields\":\\{\"");

    @Test
    void decodeJsonCarriesEachReferencedKernel() throws Exception {
        List<String> json = ShellHarness.genscope("decode", "--json", SKL).lines();
        List<String> withKernels = json.stream().filter(l -> l.contains(",\"kernels\":[")).toList();
        assertThat(withKernels).isNotEmpty().allMatch(l -> l.endsWith("]}]}"));
        String ps = withKernels.stream().filter(l -> l.contains("\"name\":\"3DSTATE_PS\"")).findFirst().orElseThrow();
        String first = ps.substring(ps.indexOf(",\"kernels\":[{\"type\":\"SIMD8 fragment shader\",\"address\":\"0x"));
        first = first.substring(0, first.indexOf("]}", first.indexOf("\"problems\":[")));
        Matcher m = INSN.matcher(first);
        List<String> texts = new ArrayList<>();
        int offset = 0;
        while (m.find()) {
            byte[] bytes = HexFormat.ofDelimiter(" ").parseHex(m.group(1));
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(offset);
            assertThat(bytes).hasSize(Boolean.parseBoolean(m.group(3)) ? 8 : 16);
            if (bytes.length == 16) {
                byte[] reversed = bytes.clone();
                for (int i = 0; i < 16; i++) {
                    reversed[i] = bytes[15 - i];
                }
                assertThat(HexFormat.of().formatHex(reversed)).isEqualTo(m.group(5));
            }
            offset += bytes.length;
            texts.add(m.group(4).replace("\\n", "\n"));
        }
        assertThat(texts).isNotEmpty();
        // the same instructions, in the same order, as the full decode prints under the first such heading
        List<String> decode = ShellHarness.genscope("decode", SKL).lines();
        int heading = decode.indexOf("Referenced SIMD8 fragment shader:");
        List<String> expected = String.join("\n", texts).lines().toList();
        assertThat(Collections.indexOfSubList(decode.subList(heading + 1, decode.size()), expected)).isZero();
    }
}
