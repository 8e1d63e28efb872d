package io.genscope.rewriter.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.aub.AubListener;
import io.genscope.parser.aub.AubReader;
import io.genscope.parser.aub.XzFiles;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.rewriter.Relocation;
import io.genscope.rewriter.RemapReport;
import io.genscope.rewriter.Source;
import io.genscope.rewriter.Window;
import io.genscope.rewriter.WindowMap;
import io.genscope.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real captures: remapped guest to host and back, they come out byte for byte as they went in;
 * the host form is a valid capture that decodes to the same commands, with every GGTT address it
 * holds (ring start, context descriptor, status page, GGTT entries and writes) in the host windows.
 */
class CaptureRemapTest {
    static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"), "captures");
    /** The captures use GGTT [0, 0x1a000): guest aperture [0, 256M), hidden [256M, 1.25G); host at 1G and 2G. */
    static final WindowMap MAP = WindowMap.of(new Window(0, 256L << 20), new Window(256L << 20, 1L << 30),
            1L << 30, 2L << 30);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"iris-skl", "iris-tgl", "neo-skl", "neo-tgllp"})
    void guestToHostToGuestIsTheIdentityByteForByte(String name) throws IOException {
        Path in = FIXTURES.resolve(name + ".aub.xz");
        Path host = tmp.resolve(name + "-host.aub");
        Path back = tmp.resolve(name + "-back.aub");
        AubRemapper.Result there = new AubRemapper(MAP, forced(name)).remap(in, host, true);
        AubRemapper.Result again = new AubRemapper(MAP.inverse(), forced(name)).remap(host, back, true);
        assertThat(there.written()).isTrue();
        assertThat(again.written()).isTrue();
        assertThat(there.report().findings()).isEmpty();
        assertThat(again.report().findings()).isEmpty();
        Path plain = XzFiles.decompressToTemp(in).file();
        try {
            byte[] original = Files.readAllBytes(plain);
            byte[] moved = Files.readAllBytes(host);
            assertThat(moved).hasSameSizeAs(original);
            assertThat(Arrays.equals(moved, original)).as("the host capture differs from the guest one").isFalse();
            assertThat(Arrays.equals(Files.readAllBytes(back), original)).as(name + ": back to guest, byte for byte")
                    .isTrue();
            assertThat(there.patchedDwords()).isEqualTo(again.patchedDwords()).isPositive();
        } finally {
            Files.deleteIfExists(plain);
        }
        // what moved: GGTT entries, GGTT writes, the ring start in the context image, the descriptors
        List<Source> sources = there.report().relocations().stream().map(Relocation::source).distinct().toList();
        assertThat(sources).contains(Source.GGTT_ENTRIES, Source.CONTEXT_IMAGE);
        // the context descriptor: ELSP (gen8-10) or the gen11+ submit queue registers
        assertThat(sources).containsAnyOf(Source.SUBMISSION, Source.REGISTER);
        assertThat(there.report().relocations()).allSatisfy(r ->
                assertThat(r.newValue() - r.oldValue()).isEqualTo(MAP.delta(r.oldValue())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris-skl", "iris-tgl", "neo-skl", "neo-tgllp"})
    void theHostCaptureIsValidAndDecodesToTheSameCommands(String name) throws IOException {
        Path in = FIXTURES.resolve(name + ".aub.xz");
        Path host = tmp.resolve(name + "-host.aub");
        AubRemapper.Result r = new AubRemapper(MAP, forced(name)).remap(in, host, false);
        Decoded guest = decode(in);
        Decoded moved = decode(host);
        assertThat(moved.problems).isEqualTo(guest.problems);
        assertThat(moved.submissions).hasSameSizeAs(guest.submissions).isNotEmpty();
        for (int i = 0; i < guest.submissions.size(); i++) {
            Submission g = guest.submissions.get(i);
            Submission h = moved.submissions.get(i);
            assertThat(h.lrca()).isEqualTo(MAP.g2h(g.lrca()));
            assertThat(h.ringStart()).isEqualTo(MAP.g2h(g.ringStart()));
            assertThat(h.ringHead()).isEqualTo(g.ringHead());
            assertThat(h.ringTail()).isEqualTo(g.ringTail());
            assertThat(h.pml4()).isEqualTo(g.pml4());
        }
        // same commands, same dwords (the rings hold no GGTT address fields: their batches run from the PPGTT)
        assertThat(moved.commands).hasSameSizeAs(guest.commands).isNotEmpty();
        for (int i = 0; i < guest.commands.size(); i++) {
            String[] g = guest.commands.get(i).split(" ", 3);
            String[] h = moved.commands.get(i).split(" ", 3);
            assertThat(h[2]).isEqualTo(g[2]);
            long ga = Long.parseUnsignedLong(g[1], 16);
            long ha = Long.parseUnsignedLong(h[1], 16);
            assertThat(ha).isEqualTo(g[0].equals("GGTT") ? MAP.g2h(ga) : ga);
        }
        assertThat(r.report().ppgttBuffers()).isPositive();
    }

    /** Submissions, problems and every command (space, address, name and dwords) of a capture. */
    private record Decoded(List<Submission> submissions, List<String> problems, List<String> commands) {
    }

    /** NEO's captures name no device: the spec is given, as with {@code --gen}. */
    static io.genscope.spec.Spec forced(String name) {
        return name.startsWith("neo") ? spec(name) : null;
    }

    static io.genscope.spec.Spec spec(String name) {
        return SpecLoader.builtin(name.contains("tgl") ? "gen12" : "gen9");
    }

    static Decoded decode(Path file) throws IOException {
        Decoder decoder = new Decoder(spec(file.getFileName().toString()));
        Decoded d = new Decoded(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        new AubReader().read(file, new AubListener() {
            @Override
            public void submission(Submission s, ContextMemory memory) {
                d.submissions.add(s);
                new CommandWalker(decoder, memory, s.engine(), (Command c, int depth) ->
                        d.commands.add(c.space() + " " + Long.toHexString(c.address()) + " " + c.name()
                                + Arrays.toString(c.dwords()))).walkRing(s);
            }

            @Override
            public void problem(Problem p) {
                d.problems.add(p.kind() + " " + p.message());
            }
        });
        return d;
    }
}
