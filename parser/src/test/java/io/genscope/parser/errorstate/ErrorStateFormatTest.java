package io.genscope.parser.errorstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the format reports to a capture listener, and in which order. */
class ErrorStateFormatTest {
    /** Every event as one line of text; rings and buffers printed with their headers decode. */
    static final class Events implements CaptureListener {
        final List<String> events = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        final List<Submission> submissions = new ArrayList<>();
        CaptureInfo info;

        @Override
        public void info(CaptureInfo i) {
            info = i;
            events.add("info " + i.specName());
        }

        @Override
        public void submission(Submission s, GpuMemory memory, long acthd) {
            submissions.add(s);
            events.add(String.format("submission %s head %d tail %d size %d acthd %x", s.engine(), s.ringHead(),
                    s.ringTail(), s.ringSize(), acthd));
            events.add(AubSnapshots.print(SpecLoader.builtin("gen9"), s, memory, acthd, false).lines()
                    .map(String::stripTrailing).collect(java.util.stream.Collectors.joining("\n")));
        }

        @Override
        public void buffer(Engine engine, long address, AddressSpace space, int[] dwords, GpuMemory memory, long acthd) {
            events.add(String.format("buffer %s %x %s %d acthd %x", engine, address, space, dwords.length, acthd));
        }

        @Override
        public void comment(long offset, String text) {
            events.add("comment " + text);
        }

        @Override
        public void problem(Problem p) {
            problems.add(p);
            events.add("problem " + p.message());
        }
    }

    static Events read(String text) {
        Events e = new Events();
        ErrorStateFormat.read(text.getBytes(StandardCharsets.ISO_8859_1), e);
        return e;
    }

    private static String raw(int... dwords) {
        return ErrorStateParserTest.raw(dwords);
    }

    @Test
    void contextFirstThenFileOrderWithRingsWrappedFromHeadToTail() {
        int[] ring = new int[1024];
        ring[1022] = 0x11000001; // MI_LOAD_REGISTER_IMM across the end of the ring
        ring[1023] = 0x2358;
        ring[0] = 0x1;
        ring[1] = 0x05000000; // MI_BATCH_BUFFER_END ends the ring walk
        Events e = read("GPU HANG: ecode 9:0:0, in app [9]\nPCI ID: 0x1912\n"
                + "rcs0 command stream:\n  HEAD:  0x00000000 [0x00000ff8]\n  TAIL:  0x00000010 [0, 0]\n"
                + "  CTL:   0x00000001\n  ACTHD: 0x00000000 00010000\n"
                + "rcs0 --- ring = 0x00000000 00010000\n" + raw(ring) + "\n"
                + "rcs0 --- batch = 0x00000001 00000000\n" + raw(0x05000000) + "\n"
                + "rcs0 --- HW context = 0x00000000 00020000\n" + raw(0, 0x05000000) + "\n"
                + "rcs0 --- user = 0x00000002 00000000\n" + raw(1, 2) + "\n"
                + "Done.\n");
        assertThat(e.problems).isEmpty();
        assertThat(e.info).isEqualTo(new CaptureInfo("error-state", 0x1912, "gen9", "Intel(R) HD Graphics 530 (SKL GT2)",
                "app [9]"));
        assertThat(e.events).containsExactly(
                "info gen9",
                "comment GPU HANG: ecode 9:0:0, in app [9]",
                "comment PCI ID: 0x1912",
                "comment rcs0 command stream:",
                "comment   HEAD:  0x00000000 [0x00000ff8]",
                "comment   TAIL:  0x00000010 [0, 0]",
                "comment   CTL:   0x00000001",
                "comment   ACTHD: 0x00000000 00010000",
                "comment Done.",
                "comment --- HW Context (rcs0) at 0x00000000 00020000",
                "buffer RENDER 20000 GGTT 2 acthd 10000",
                "comment --- ring buffer (rcs0) at 0x00000000 00010000",
                "submission RENDER head 4088 tail 16 size 4096 acthd 10000",
                "0x00010ff8:  0x11000001:  MI_LOAD_REGISTER_IMM\n0x00010004:  0x05000000:  MI_BATCH_BUFFER_END",
                "comment --- batch buffer (rcs0) at 0x00000001 00000000",
                "buffer RENDER 100000000 PPGTT 1 acthd 10000",
                "comment --- user (rcs0) at 0x00000002 00000000");
        assertThat(e.submissions.get(0).ringStart()).isEqualTo(0x10000);
        assertThat(e.submissions.get(0).lrca()).isEqualTo(0x20000);
    }

    @Test
    void missingSectionsAreProblemsNamingTheirLine() {
        Events e = read("Platform: TIGERLAKE\n"
                + "rcs0 command stream:\n  HEAD: 0x0\n  TAIL: 0x0\n"
                + "vcs0 --- ring = 0x00000000 00001000\n" + raw(0x05000000, 0) + "\n"
                + "global --- batch = 0x00000000 00005000\n" + raw(0x05000000) + "\n");
        assertThat(e.info.specName()).isEqualTo("gen12");
        assertThat(e.info.deviceName()).isEqualTo("TIGERLAKE");
        assertThat(e.problems).extracting(Problem::message).containsExactly(
                "line 2: rcs0 has a command stream section but its ring buffer is missing",
                "line 5: the ring of vcs0 is 4096 bytes (RING_CTL) but only 8 were dumped",
                "line 5: no 'vcs0 command stream:' section for this ring; decoding all of it",
                "line 7: 'global' is not an engine genscope knows; its batch buffer is not decoded");
        assertThat(e.submissions).singleElement().satisfies(s -> {
            assertThat(s.engine()).isEqualTo(Engine.VIDEO);
            assertThat(s.ringHead()).isZero();
            assertThat(s.ringTail()).isEqualTo(4092);
        });
    }

    @Test
    void statesWithNothingToDecode() {
        assertThat(read("No error state collected\n").problems).extracting(Problem::message)
                .containsExactly("the error state is empty ('No error state collected'): there is nothing to decode");
        Events unknown = read("PCI ID: 0x0126\nPlatform: SANDYBRIDGE\nrender ring --- gtt_offset = 0x00001000\n"
                + "00000000 :  05000000\n");
        assertThat(unknown.info.specName()).isNull();
        assertThat(unknown.info.pciId()).isEqualTo(0x126);
        assertThat(unknown.info.deviceName()).isEqualTo("SANDYBRIDGE");
        Events anonymous = read("rcs0 --- batch = 0x00000000 00001000\n" + raw(0x05000000) + "\n");
        assertThat(anonymous.problems).extracting(Problem::message)
                .containsExactly("no 'PCI ID:' or 'Platform:' line: the error state does not say which GPU it is");
    }
}
