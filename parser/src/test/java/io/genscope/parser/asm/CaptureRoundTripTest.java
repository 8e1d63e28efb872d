package io.genscope.parser.asm;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Captures;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.print.AsmPrinter;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AUB -> walk -> GenAsm text -> assemble -> the very dwords the capture held, for every buffer of
 * every submission of the real captures (each command compared on its own, then each buffer).
 */
class CaptureRoundTripTest {
    private static final Path CAPTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"))
            .resolve("captures");

    /**
     * @param gen the generation for captures that do not name their device (NEO's, until the
     *     reader knows their dialect); ignored once the capture names one
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"iris-skl.aub.xz, gen9, 300", "iris-tgl.aub.xz, gen12, 300", "neo-skl.aub.xz, gen9, 20",
            "neo-tgllp.aub.xz, gen12, 20"})
    void everyWalkedBufferReassemblesToTheCapturedDwords(String capture, String gen, int atLeast) throws IOException {
        RoundTrip rt = new RoundTrip(capture, gen);
        Captures.read(CAPTURES.resolve(capture), rt);

        if (capture.startsWith("iris")) {
            assertThat(rt.readProblems).as("capture read problems").isEmpty();
        }
        assertThat(rt.submissions).isGreaterThan(0);
        assertThat(rt.commands).isGreaterThanOrEqualTo(atLeast);
        System.out.printf("%s: %d submissions, %d buffers, %d commands reassembled exactly: %d by fields only, "
                + "%d with @n raw escapes, %d as .dword (%d unknown or cut off)%n", capture, rt.submissions, rt.buffers,
                rt.commands, rt.forms[0], rt.forms[1], rt.forms[2], rt.undecodable);
        // the dword fallback is for unknown and cut-off commands only
        assertThat(rt.forms[Disassembler.Form.DWORDS.ordinal()]).isEqualTo(rt.undecodable);
    }

    /** Walks each submission twice over: into an AsmPrinter, and into runs of contiguous commands. */
    private static final class RoundTrip implements CaptureListener {
        private final String capture;
        private final List<Problem> readProblems = new ArrayList<>();
        private Spec spec;
        private int undecodable;
        private int submissions;
        private int buffers;
        private int commands;
        private final int[] forms = new int[3];

        RoundTrip(String capture, String gen) {
            this.capture = capture;
            this.spec = SpecLoader.builtin(gen);
        }

        @Override
        public void info(CaptureInfo info) {
            if (info.specName() != null) {
                spec = SpecLoader.builtin(info.specName());
            }
        }

        @Override
        public void problem(Problem p) {
            readProblems.add(p);
        }

        @Override
        public void submission(Submission s, GpuMemory memory, long acthd) {
            submissions++;
            StringBuilder text = new StringBuilder();
            AsmPrinter printer = new AsmPrinter(spec, text);
            List<List<Command>> runs = new ArrayList<>();
            WalkListener both = new WalkListener() {
                private long next = -1;
                private Command last;

                @Override
                public void command(Command c, int depth) {
                    printer.command(c, depth);
                    if (!c.known() || c.truncated()) {
                        undecodable++;
                    }
                    if (last == null || c.address() != next || c.space() != last.space() || c.engine() != last.engine()) {
                        runs.add(new ArrayList<>());
                    }
                    runs.get(runs.size() - 1).add(c);
                    next = c.address() + 4L * c.dwords().length;
                    last = c;
                }

                @Override
                public void problem(Problem p) {
                    printer.problem(p);
                }
            };
            new CommandWalker(new Decoder(spec), memory, s.engine(), both).walkRing(s);
            for (Disassembler.Form f : Disassembler.Form.values()) {
                forms[f.ordinal()] += printer.printed(f);
            }

            String name = capture + "#" + s.index();
            Program program;
            try {
                program = new Assembler().assemble(name, text);
            } catch (AsmException e) {
                throw new AssertionError(name + " does not reassemble:\n" + e.getMessage() + "\n" + text, e);
            }
            List<Command> all = runs.stream().flatMap(List::stream).toList();
            assertThat(program.placements()).as(name + " statements").hasSize(all.size());
            for (int i = 0; i < all.size(); i++) {
                Command c = all.get(i);
                Placement p = program.placements().get(i);
                int[] got = Arrays.copyOfRange(program.sections().get(p.section()).dwords(), p.offset(), p.offset() + p.length());
                if (!Arrays.equals(got, c.dwords())) {
                    throw new AssertionError(String.format("%s: %s at 0x%x (listing line %d) reassembles to %s, captured %s%n%s",
                            name, c.name(), c.address(), p.line(), hex(got), hex(c.dwords()), line(text, p.line())));
                }
            }
            assertThat(program.sections()).as(name + " buffers").hasSize(runs.size());
            for (int i = 0; i < runs.size(); i++) {
                Section sec = program.sections().get(i);
                List<Command> run = runs.get(i);
                int[] expected = run.stream().flatMapToInt(c -> Arrays.stream(c.dwords())).toArray();
                assertThat(sec.address()).as(name + " buffer " + i + " address").isEqualTo(run.get(0).address());
                assertThat(sec.space()).as(name + " buffer " + i + " space").isEqualTo(run.get(0).space());
                assertThat(sec.dwords()).as(name + " buffer " + i).isEqualTo(expected);
            }
            buffers += runs.size();
            commands += all.size();
        }
    }

    private static String hex(int[] p) {
        StringBuilder sb = new StringBuilder("[");
        for (int v : p) {
            sb.append(sb.length() == 1 ? "" : " ").append(String.format("%08x", v));
        }
        return sb.append(']').toString();
    }

    private static String line(CharSequence text, int line) {
        String[] lines = text.toString().split("\n");
        return line - 1 < lines.length ? lines[line - 1] : "";
    }
}
