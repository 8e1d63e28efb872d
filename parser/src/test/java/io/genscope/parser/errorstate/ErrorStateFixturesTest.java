package io.genscope.parser.errorstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.CaptureFormat;
import io.genscope.parser.capture.Captures;
import io.genscope.parser.capture.Submission;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * The error states under {@code fixtures/errorstate} (see its README), read through
 * {@link Captures} as a user's file would be: found by content, {@code .xz} decompressed first.
 */
class ErrorStateFixturesTest {
    private static final Path DIR = Path.of(System.getProperty("genscope.fixtures", "../fixtures")).resolve("errorstate");

    private static ErrorStateFormatTest.Events read(Path file) throws IOException {
        ErrorStateFormatTest.Events e = new ErrorStateFormatTest.Events();
        CaptureFormat f = Captures.read(file, e);
        assertThat(f).isInstanceOf(ErrorStateFormat.class);
        return e;
    }

    @Test
    void handMadeLegacySample() throws IOException {
        ErrorStateFormatTest.Events e = read(DIR.resolve("legacy-skl-hand.txt.xz"));
        assertThat(e.problems).isEmpty();
        assertThat(e.info.pciId()).isEqualTo(0x1916);
        assertThat(e.info.specName()).isEqualTo("gen9");
        assertThat(e.info.application()).isEqualTo("glxgears [2271]");
        assertThat(e.submissions).extracting(Submission::ringStart, Submission::ringHead, Submission::ringTail,
                Submission::ringSize).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0xd000L, 0x10, 0x20, 4096),
                        org.assertj.core.groups.Tuple.tuple(0x4d000L, 0x40, 0x40, 4096));
        int ring = e.events.indexOf("comment --- ring buffer (render ring) at 0x00000000 0000d000");
        assertThat(ring).isPositive();
        assertThat(e.events.get(ring + 2).lines().toList()).containsExactly(
                "0x0000d010:  0x18800001:  MI_BATCH_BUFFER_START",
                "0x0001a000:  0x00000000:  MI_NOOP",
                "0x0001a004:  0x7a000004:  PIPE_CONTROL",
                "0x0001a01c:  0x11000001:  MI_LOAD_REGISTER_IMM",
                "0x0001a028:  0x784b0000:  3DSTATE_VF_TOPOLOGY",
                "0x0001a030 (ACTHD):  0x7b000005:  3DPRIMITIVE",
                "0x0001a04c:  0x7a000004:  PIPE_CONTROL",
                "0x0001a064:  0x05000000:  MI_BATCH_BUFFER_END",
                "0x0000d01c:  0x00000000:  MI_NOOP");
        assertThat(e.events).contains("buffer RENDER 1a000 PPGTT 1024 acthd 1a030",
                "comment --- HW status (render ring) at 0x00000000 0000c000",
                "comment --- ring buffer (bsd ring) at 0x00000000 0004d000",
                "comment   seqno 0x00000f43, emitted 4295100016, tail 0x00000020");
    }

    /** The modern sample: written by {@link ErrorStateWriter} from submission 0 of iris-skl.aub.xz. */
    @Test
    void modernSampleWrittenFromTheSkylakeCapture() throws IOException {
        AubSnapshots.Snapshot snap = AubSnapshots.of("iris-skl.aub.xz", "gen9").get(0);
        String expected = ErrorStateWriter.write(0x1912, "SKYLAKE", "scene [4242]", snap.dump(),
                ErrorStateWriter.Layout.COMPRESSED);
        Path file = DIR.resolve("iris-skl-hang.txt.xz");
        if (Boolean.getBoolean("genscope.errorstate.regenerate")) {
            try (OutputStream out = new XZOutputStream(Files.newOutputStream(file), new LZMA2Options(9))) {
                out.write(expected.getBytes(StandardCharsets.US_ASCII));
            }
        }
        try (InputStream in = new XZInputStream(Files.newInputStream(file))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                    .as("fixture is what the writer makes now (regenerate with -Dgenscope.errorstate.regenerate=true)")
                    .isEqualTo(expected);
        }

        ErrorStateFormatTest.Events e = read(file);
        assertThat(e.problems).isEmpty();
        assertThat(e.info.deviceName()).isEqualTo("Intel(R) HD Graphics 530 (SKL GT2)");
        assertThat(e.submissions).singleElement().satisfies(s -> {
            assertThat(s.ringStart()).isEqualTo(snap.submission().ringStart());
            assertThat(s.ringTail()).isEqualTo(snap.submission().ringTail());
        });
        String ringWalk = e.events.get(e.events.indexOf("comment --- ring buffer (rcs0) at 0x00000000 00001000") + 2);
        assertThat(ringWalk.lines().map(String::stripTrailing).toList())
                .isEqualTo(snap.headers().lines().map(String::stripTrailing).toList());
        assertThat(ringWalk).contains("3DPRIMITIVE").contains(" (ACTHD)");
        List<String> headings = e.events.stream().filter(l -> l.startsWith("comment --- ")).toList();
        assertThat(headings.get(0)).startsWith("comment --- HW Context (rcs0)");
        assertThat(headings).contains("comment --- batch buffer (rcs0) at 0x0000fffe fffee000");
        // the same decode comes from the same text when it is not compressed
        Path plain = Files.createTempFile("genscope-es-", ".txt");
        try {
            Files.writeString(plain, expected, StandardCharsets.US_ASCII);
            assertThat(read(plain).events).isEqualTo(e.events);
        } finally {
            Files.deleteIfExists(plain);
        }
    }
}
