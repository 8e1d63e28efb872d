package io.genscope.parser.errorstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Error states written from the submissions of a real capture (iris on Skylake) and read back:
 * the ring walk, every batch it starts and every field must print exactly as from the AUB, with
 * the same addresses and the same ACTHD mark; the batch section decoded on its own must match the
 * AUB's batch too.
 */
class ErrorStateRoundTripTest {
    private static final Spec SPEC = SpecLoader.builtin("gen9");
    private static List<AubSnapshots.Snapshot> snapshots;

    @BeforeAll
    static void readCapture() {
        snapshots = AubSnapshots.of("iris-skl.aub.xz", "gen9");
        assertThat(snapshots).hasSize(4);
    }

    /** What the reader reported for one written state, with the decode printed during the callbacks. */
    static final class Decoded implements CaptureListener {
        final List<Problem> problems = new ArrayList<>();
        final List<Submission> submissions = new ArrayList<>();
        final List<String> comments = new ArrayList<>();
        final StringBuilder headers = new StringBuilder();
        final StringBuilder full = new StringBuilder();
        final StringBuilder batchHeaders = new StringBuilder();
        final StringBuilder batchFull = new StringBuilder();
        final List<Long> acthds = new ArrayList<>();
        CaptureInfo info;

        @Override
        public void info(CaptureInfo i) {
            info = i;
        }

        @Override
        public void submission(Submission s, GpuMemory memory, long acthd) {
            submissions.add(s);
            acthds.add(acthd);
            headers.append(AubSnapshots.print(SPEC, s, memory, acthd, false));
            full.append(AubSnapshots.print(SPEC, s, memory, acthd, true));
        }

        @Override
        public void buffer(Engine engine, long address, AddressSpace space, int[] dwords, GpuMemory memory, long acthd) {
            if (space == AddressSpace.PPGTT) {
                batchHeaders.append(AubSnapshots.printBatch(SPEC, engine, address, memory, acthd, false));
                batchFull.append(AubSnapshots.printBatch(SPEC, engine, address, memory, acthd, true));
            }
        }

        @Override
        public void comment(long offset, String text) {
            comments.add(text);
        }

        @Override
        public void problem(Problem p) {
            problems.add(p);
        }
    }

    static Decoded read(String text) {
        Decoded d = new Decoded();
        ErrorStateFormat.read(text.getBytes(StandardCharsets.US_ASCII), d);
        return d;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ErrorStateWriter.Layout.class)
    void ringAndBatchesDecodeAsFromTheAub(ErrorStateWriter.Layout layout) {
        int compared = 0;
        int primitives = 0;
        for (AubSnapshots.Snapshot snap : snapshots) {
            String text = ErrorStateWriter.write(0x1912, "SKYLAKE", "scene [4242]", snap.dump(), layout);
            Decoded d = read(text);

            assertThat(d.problems).as("problems").isEmpty();
            assertThat(d.info).isEqualTo(new CaptureInfo("error-state", 0x1912, "gen9",
                    "Intel(R) HD Graphics 530 (SKL GT2)", "scene [4242]"));
            assertThat(d.submissions).singleElement().satisfies(s -> {
                Submission a = snap.submission();
                assertThat(s.engine()).isEqualTo(a.engine());
                assertThat(s.ringStart()).isEqualTo(a.ringStart());
                assertThat(s.ringHead()).isEqualTo(a.ringHead());
                assertThat(s.ringTail()).isEqualTo(a.ringTail());
                assertThat(s.ringSize()).isEqualTo(a.ringSize());
                assertThat(s.lrca()).isEqualTo(a.lrca());
            });
            assertThat(d.acthds).containsExactly(snap.acthd());
            assertThat(d.headers.toString()).isEqualTo(snap.headers());
            assertThat(d.full.toString()).isEqualTo(snap.full());
            assertThat(d.batchHeaders.toString()).isEqualTo(snap.batchHeaders());
            assertThat(snap.headers()).contains(" (ACTHD)").contains("MI_BATCH_BUFFER_START");
            primitives += snap.headers().split("3DPRIMITIVE", -1).length - 1;
            assertThat(d.comments).first().asString().startsWith("GPU HANG: ecode");
            assertThat(d.comments).filteredOn(c -> c.startsWith("--- ")).first().asString()
                    .startsWith("--- HW Context (" + (layout == ErrorStateWriter.Layout.HEX ? "render ring" : "rcs0") + ") at 0x00000000 ");
            assertThat(d.comments).contains(String.format("--- ring buffer (%s) at 0x%08x %08x",
                    layout == ErrorStateWriter.Layout.HEX ? "render ring" : "rcs0",
                    snap.submission().ringStart() >>> 32, snap.submission().ringStart() & 0xffffffffL));
            compared++;
        }
        assertThat(compared).isEqualTo(4);
        assertThat(primitives).as("3DPRIMITIVEs in the compared walks").isPositive();
    }

    /** The comparison sees the indirect state: without the user buffers the full decode differs. */
    @Test
    void withoutTheUserBuffersTheFullDecodeDiffers() {
        AubSnapshots.Snapshot snap = snapshots.get(0);
        ErrorStateWriter.EngineDump dump = snap.dump();
        ErrorStateWriter.EngineDump noUser = new ErrorStateWriter.EngineDump(dump.submission(), dump.acthd(),
                dump.buffers().stream().filter(b -> !b.name().equals("user")).toList());
        assertThat(noUser.buffers()).hasSizeLessThan(dump.buffers().size());
        Decoded d = read(ErrorStateWriter.write(0x1912, "SKYLAKE", "scene [1]", noUser, ErrorStateWriter.Layout.RAW));
        assertThat(d.headers.toString()).isEqualTo(snap.headers());
        assertThat(d.full.toString()).isNotEqualTo(snap.full());
    }
}
