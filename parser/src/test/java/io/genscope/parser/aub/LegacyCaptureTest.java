package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gen7 captures in the legacy form (classic header, trace blocks: GTT data writes and the ring as a
 * command write), read and walked as {@code genscope decode} does: every command aubinator lists
 * with {@code --headers}, at the same address with the same first dword, in the same order.
 */
class LegacyCaptureTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"crocus-hsw, gen75, 2", "crocus2-hsw, gen75, 2", "crocus-ivb, gen7, 2"})
    void walksWhatAubinatorLists(String name, String spec, int submissions) throws Exception {
        List<String> walked = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Submission> seen = new ArrayList<>();
        AubHeader[] header = new AubHeader[1];
        Decoder decoder = new Decoder(SpecLoader.builtin(spec));
        new AubReader().read(MappedBytes.map(CaptureFixtures.decompressed(name + ".aub.xz")), new AubListener() {
            @Override
            public void header(AubHeader h) {
                header[0] = h;
            }

            @Override
            public void submission(Submission s, ContextMemory memory) {
                seen.add(s);
                new CommandWalker(decoder, memory, s.engine(), new WalkListener() {
                    @Override
                    public void command(Command c, int depth) {
                        walked.add(String.format("0x%08x:  0x%08x:", c.address(), c.dwords()[0]));
                    }

                    @Override
                    public void problem(Problem p) {
                        problems.add(p);
                    }
                }).walkRing(s);
            }

            @Override
            public void problem(Problem p) {
                problems.add(p);
            }
        });
        assertThat(header[0].dialect()).isEqualTo(Dialect.CLASSIC);
        assertThat(header[0].specName()).isEqualTo(spec);
        assertThat(problems).isEmpty();
        assertThat(seen).hasSize(submissions).allSatisfy(s -> {
            assertThat(s.engine()).isEqualTo(Engine.RENDER);
            assertThat(s.ringStart()).isZero();
        });
        assertThat(walked).isEqualTo(aubinatorHeaders(name));
    }

    /** The address and dword 0 of every {@code 0x} line of aubinator's {@code --headers} output. */
    private static List<String> aubinatorHeaders(String name) throws Exception {
        Path xz = CaptureFixtures.dir().resolveSibling("aubinator").resolve(name + ".aubinator-headers.txt.xz");
        XzFiles.Decompressed d = XzFiles.decompressToTemp(xz);
        try {
            return Files.readAllLines(d.file()).stream().filter(l -> l.startsWith("0x"))
                    .map(l -> l.substring(0, 24)).toList();
        } finally {
            Files.deleteIfExists(d.file());
        }
    }
}
