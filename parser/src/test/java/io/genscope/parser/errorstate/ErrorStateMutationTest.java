package io.genscope.parser.errorstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.print.AubinatorPrinter;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Damaged error states: seeded random mutations (truncation at a line or a byte, character flips,
 * dropped, duplicated and swapped lines, garbage lines) of states written from a real capture in
 * all three i915 layouts and as an Xe devcoredump, each read and fully decoded (ring walk, batches, fields, indirect state). No
 * exception may escape; every reader problem names a line of the input; a compressed payload cut
 * inside must be reported on its line.
 *
 * <p>The seed is printed; rerun one with {@code -Dgenscope.seed=N} (and more runs with
 * {@code -Dgenscope.mutation.runs=N}).
 */
class ErrorStateMutationTest {
    private static final int RUNS = Integer.getInteger("genscope.mutation.runs", 600);
    private static final Pattern LINE = Pattern.compile("^line (\\d+): ");
    private static final Spec SPEC = SpecLoader.builtin("gen9");

    /** Decodes everything the reader reports, as the CLI would, into nowhere. */
    private static final class FullDecode implements CaptureListener {
        final List<Problem> problems = new ArrayList<>();
        long commands;

        @Override
        public void submission(Submission s, GpuMemory memory, long acthd) {
            walker(s.engine(), memory, acthd).walkRing(s);
        }

        @Override
        public void buffer(Engine engine, long address, AddressSpace space, int[] dwords, GpuMemory memory, long acthd) {
            walker(engine, memory, acthd).walkDwords(dwords, address, space, false);
        }

        @Override
        public void problem(Problem p) {
            problems.add(p);
        }

        private CommandWalker walker(Engine engine, GpuMemory memory, long acthd) {
            AubinatorPrinter printer = new AubinatorPrinter(SPEC, Writer.nullWriter(), true, memory);
            printer.markActhd(acthd);
            return new CommandWalker(new Decoder(SPEC), memory, engine, new io.genscope.parser.walk.WalkListener() {
                @Override
                public void command(io.genscope.parser.decode.Command c, int depth) {
                    commands++;
                    printer.command(c, depth);
                }
            });
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void randomMutationsNeverThrowNorHang() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("ErrorStateMutationTest seed: " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        AubSnapshots.Snapshot snap = AubSnapshots.of("iris-skl.aub.xz", "gen9").get(0);
        List<String> layouts = new ArrayList<>();
        List<String[]> texts = new ArrayList<>();
        for (ErrorStateWriter.Layout layout : ErrorStateWriter.Layout.values()) {
            layouts.add(layout.name());
            texts.add(ErrorStateWriter.write(0x1912, "SKYLAKE", "scene [7]", snap.dump(), layout).split("\n", -1));
        }
        layouts.add("XE");
        texts.add(XeCoredumpWriter.write(0x1912, "scene [7]", snap.batch(), snap.dump()).split("\n", -1));
        Map<Problem.Kind, Integer> kinds = new EnumMap<>(Problem.Kind.class);
        long slowest = 0;
        long decodedCommands = 0;
        int cutInsideCompressed = 0;

        for (int run = 0; run < RUNS; run++) {
            int which = random.nextInt(layouts.size());
            List<String> text = new ArrayList<>(Arrays.asList(texts.get(which)));
            int mutation = random.nextInt(7);
            String what;
            Integer mustReportLine = null;
            byte[] input;
            switch (mutation) {
                case 0 -> {
                    int keep = random.nextInt(text.size());
                    what = "keep the first " + keep + " lines";
                    input = String.join("\n", text.subList(0, keep)).getBytes(StandardCharsets.ISO_8859_1);
                }
                case 1 -> {
                    byte[] all = String.join("\n", text).getBytes(StandardCharsets.ISO_8859_1);
                    int cut = random.nextInt(all.length);
                    what = "truncate at byte " + cut;
                    input = Arrays.copyOf(all, cut);
                    int lineStart = cut;
                    while (lineStart > 0 && all[lineStart - 1] != '\n') {
                        lineStart--;
                    }
                    if (all[lineStart] == ':' && cut > lineStart && all[cut] != '\n') {
                        int number = 1;
                        for (int i = 0; i < lineStart; i++) {
                            number += all[i] == '\n' ? 1 : 0;
                        }
                        mustReportLine = number;
                        cutInsideCompressed++;
                    }
                }
                case 2 -> {
                    byte[] all = String.join("\n", text).getBytes(StandardCharsets.ISO_8859_1);
                    int flips = 1 + random.nextInt(12);
                    what = flips + " character flips";
                    for (int i = 0; i < flips; i++) {
                        int at = random.nextInt(all.length);
                        all[at] = random.nextBoolean() ? (byte) ('!' + random.nextInt(94)) : (byte) random.nextInt(256);
                    }
                    input = all;
                }
                case 3 -> {
                    int drops = 1 + random.nextInt(5);
                    what = "drop " + drops + " lines";
                    for (int i = 0; i < drops && text.size() > 1; i++) {
                        text.remove(random.nextInt(text.size()));
                    }
                    input = String.join("\n", text).getBytes(StandardCharsets.ISO_8859_1);
                }
                case 4 -> {
                    int a = random.nextInt(text.size());
                    int b = random.nextInt(text.size());
                    what = "duplicate line " + (a + 1) + " and swap it with line " + (b + 1);
                    text.add(a, text.get(a));
                    String t = text.get(a);
                    text.set(a, text.get(b));
                    text.set(b, t);
                    input = String.join("\n", text).getBytes(StandardCharsets.ISO_8859_1);
                }
                case 5 -> {
                    int at = random.nextInt(text.size());
                    String[] garbage = {":", "~", ":zzzzz", "~!!!!", "rcs0 --- batch = 0xffffffff ffffffff",
                        "render ring --- gtt_offset = 0x", "ffffff00 :  12345678", "rcs0 command stream:",
                        "  HEAD:  0xffffffff [0xfffffffc]", "  CTL: 0xffffffff", "[ffff] 00000000 00000000 00000000 00000000",
                        "[0].length: 0xffffffffffff", "[fffefffee000].data: zz", "\tbatch_addr[9]: 0x0000fffefffee004",
                        "vcs0 (physical), logical instance=0"};
                    String g = garbage[random.nextInt(garbage.length)];
                    what = "insert \"" + g + "\" at line " + (at + 1);
                    text.add(at, g);
                    input = String.join("\n", text).getBytes(StandardCharsets.ISO_8859_1);
                }
                default -> {
                    byte[] garbage = new byte[random.nextInt(1 << 16)];
                    for (int i = 0; i < garbage.length; i++) {
                        garbage[i] = (byte) (random.nextInt(8) == 0 ? '\n' : random.nextInt(256));
                    }
                    what = "random bytes (" + garbage.length + ")";
                    input = garbage;
                }
            }
            FullDecode decode = new FullDecode();
            long t0 = System.nanoTime();
            try {
                ErrorStateFormat.read(input, decode);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("run " + run + " (seed " + seed + ", " + layouts.get(which) + ", " + what + ") threw", e);
            }
            slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
            decodedCommands += decode.commands;
            long lineCount = 1;
            for (byte b : input) {
                lineCount += b == '\n' ? 1 : 0;
            }
            for (Problem p : decode.problems) {
                kinds.merge(p.kind(), 1, Integer::sum);
                if (p.kind().isAddress()) {
                    continue;
                }
                assertThat(p.offset()).as("run %d (seed %d, %s): %s", run, seed, what, p).isBetween(0L, (long) input.length);
                Matcher m = LINE.matcher(p.message());
                if (m.find()) {
                    assertThat(Long.parseLong(m.group(1))).as("run %d (seed %d, %s): %s", run, seed, what, p)
                            .isBetween(1L, lineCount);
                } else {
                    assertThat(p.message()).as("run %d (seed %d, %s): a problem without a line", run, seed, what)
                            .matches("no engine sections.*|no 'PCI ID:' or 'Platform:' line.*");
                }
            }
            if (mustReportLine != null) {
                String prefix = "line " + mustReportLine + ": ";
                assertThat(decode.problems).as("run %d (seed %d, %s)", run, seed, what)
                        .anyMatch(p -> p.message().startsWith(prefix));
            }
        }
        System.out.printf("ErrorStateMutationTest: %d runs, slowest %d ms, %d commands decoded, %d cuts inside"
                + " compressed payloads, problems %s%n", RUNS, slowest, decodedCommands, cutInsideCompressed, kinds);
        assertThat(decodedCommands).isPositive();
    }
}
