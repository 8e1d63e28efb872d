package io.genscope.migration.workload.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Captures;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.spec.SpecLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GPU writes derived from iris-tgl, checked against the decoded commands and aubinator's output. */
class CaptureTraceTest {
    static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"));
    static final Path IRIS_TGL = FIXTURES.resolve("captures/iris-tgl.aub.xz");
    private static final long MASK = 0x0000_ffff_ffff_ffffL;
    private static CaptureTrace trace;
    /** A command's first line in aubinator's output: address, dword 0, name. */
    private static final java.util.regex.Pattern HEADER = java.util.regex.Pattern.compile("^0x[0-9a-f]+:\\s+0x[0-9a-f]+:\\s+(\\S+)");

    @BeforeAll
    static void read() throws Exception {
        trace = CaptureTraceReader.read(IRIS_TGL);
    }

    private static Set<Long> targets(GpuTarget.Kind kind) {
        Set<Long> out = new HashSet<>();
        for (List<GpuTarget> l : trace.targets()) {
            for (GpuTarget t : l) {
                if (t.kind() == kind) {
                    out.add(t.address());
                }
            }
        }
        return out;
    }

    @Test
    void readsTheWholeCaptureWithoutProblems() {
        assertThat(trace.problems()).isEmpty();
        assertThat(trace.submissions()).isEqualTo(4);
        assertThat(trace.targets()).hasSize(4);
        assertThat(trace.unmappedTargetBytes()).isZero();
        assertThat(trace.cpuEvents()).isPositive();
        assertThat(trace.events()).isGreaterThan(trace.cpuEvents());
        // the AUB dumper writes every buffer at every submission; most of it changes nothing
        assertThat(trace.redundantBytes()).isGreaterThan(trace.blob().length);
        for (int e = 1; e < trace.events(); e++) {
            assertThat(trace.submission()[e]).isGreaterThanOrEqualTo(trace.submission()[e - 1]);
        }
    }

    /** Every PIPE_CONTROL with a post-sync operation and every MI_STORE_DATA_IMM, found by a walk of our own. */
    @Test
    void postSyncTargetsAreThoseOfTheDecodedCommands() throws Exception {
        Set<Long> pipeControls = new HashSet<>();
        Set<Long> stores = new HashSet<>();
        Captures.read(IRIS_TGL, new CaptureListener() {
            Decoder decoder = new Decoder(SpecLoader.builtin("gen12"));

            @Override
            public void submission(Submission s, GpuMemory memory, long acthd) {
                new CommandWalker(decoder, memory, s.engine(), (Command c, int depth) -> {
                    if (c.name().equals("PIPE_CONTROL") && Decoder.field(c, "Post Sync Operation", 0) != 0) {
                        pipeControls.add(Decoder.field(c, "Address", 0) & MASK);
                    }
                    if (c.name().equals("MI_STORE_DATA_IMM")) {
                        stores.add(Decoder.field(c, "Address", 0) & MASK);
                    }
                }).walkRing(s);
            }
        });
        assertThat(pipeControls).isNotEmpty().contains(0xfffeffeff060L);
        assertThat(targets(GpuTarget.Kind.PIPE_CONTROL)).isEqualTo(pipeControls);
        assertThat(stores).hasSize(4).contains(0xfffeffc41000L);
        assertThat(targets(GpuTarget.Kind.STORE_DATA)).isEqualTo(stores);
    }

    /**
     * Render targets are surface bases aubinator prints for entry 0 of a pixel shader binding
     * table; depth targets are bases it prints for 3DSTATE_DEPTH_BUFFER.
     */
    @Test
    void boundTargetsAreSurfacesAubinatorDecodes() throws Exception {
        Set<Long> psEntry0 = new HashSet<>();
        Set<Long> depthBases = new HashSet<>();
        Path golden = FIXTURES.resolve("aubinator/iris-tgl.aubinator-full.txt.xz");
        Path plain = Files.createTempFile("iris-tgl", ".txt");
        try {
            io.genscope.parser.aub.XzFiles.Decompressed d = io.genscope.parser.aub.XzFiles.decompressToTemp(golden);
            Files.move(d.file(), plain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String section = "";
            boolean entry0 = false;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(plain), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    java.util.regex.Matcher m = HEADER.matcher(line);
                    if (m.find()) {
                        section = m.group(1);
                        entry0 = false;
                    } else if (line.startsWith("pointer ")) {
                        entry0 = line.startsWith("pointer 0:");
                    } else if (line.trim().startsWith("Surface Base Address:")) {
                        long a = Long.parseUnsignedLong(line.trim().substring("Surface Base Address: 0x".length()), 16) & MASK;
                        if (section.equals("3DSTATE_BINDING_TABLE_POINTERS_PS") && entry0) {
                            psEntry0.add(a);
                            entry0 = false;
                        } else if (section.equals("3DSTATE_DEPTH_BUFFER")) {
                            depthBases.add(a);
                        }
                    }
                }
            }
        } finally {
            Files.deleteIfExists(plain);
        }
        Set<Long> rts = targets(GpuTarget.Kind.RENDER_TARGET);
        assertThat(rts).isNotEmpty().contains(0xfffeffa00000L, 0xfffeffc00000L);
        assertThat(psEntry0).containsAll(rts);
        Set<Long> depth = targets(GpuTarget.Kind.DEPTH);
        assertThat(depth).containsExactly(0xfffeffc60000L);
        assertThat(depthBases).containsAll(depth);
        List<GpuTarget> all = new ArrayList<>();
        trace.targets().forEach(all::addAll);
        // 64 x 64 pixels, pitch 512 bytes, rows aligned to 32: 32 KiB
        assertThat(all).contains(new GpuTarget(GpuTarget.Kind.RENDER_TARGET, "3DPRIMITIVE",
                all.stream().filter(t -> t.address() == 0xfffeffa00000L).findFirst().orElseThrow().commandAddress(),
                io.genscope.spec.AddressSpace.PPGTT, 0xfffeffa00000L, 32768));
        assertThat(targets(GpuTarget.Kind.CONTEXT_SAVE)).hasSize(1);
    }

    @Test
    void everyGpuWriteLandsOnAPageOfTheTrace() {
        for (int e = 0; e < trace.events(); e++) {
            assertThat(trace.page()[e]).isBetween(0, trace.pages() - 1);
            assertThat(trace.offset()[e] + trace.length()[e]).isLessThanOrEqualTo(4096);
            assertThat(trace.length()[e]).isPositive();
        }
    }

    @Test
    void aMissingFileThrowsAndAGarbageFileGivesProblems() throws Exception {
        Path junk = Files.createTempFile("junk", ".aub");
        try {
            Files.write(junk, new byte[] {(byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
            CaptureTrace t = CaptureTraceReader.read(junk);
            assertThat(t.submissions()).isZero();
            assertThat(t.problems()).isNotEmpty();
        } finally {
            Files.deleteIfExists(junk);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CaptureTraceReader.read(Path.of("/nonexistent.aub")))
                .isInstanceOf(java.io.IOException.class);
    }
}
