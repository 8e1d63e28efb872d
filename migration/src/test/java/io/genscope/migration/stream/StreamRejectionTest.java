package io.genscope.migration.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.Recordings;
import io.genscope.migration.Recordings.Frame;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.state.DeviceRegion;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.parser.capture.Problem;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A damaged record is refused by name; a cut stream is refused and nothing is kept. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamRejectionTest {
    static byte[] stream;
    static List<Frame> frames;

    @BeforeAll
    static void record(@TempDir Path dir) throws Exception {
        SyntheticSpec spec = SyntheticSpec.parse("synthetic:memory=8M,graphics=2M,gpu-hot=512K,gpu-rate=0,cpu-rate=0,seed=3");
        stream = Recordings.record(spec, Policy.GMIG, dir);
        frames = Recordings.frames(stream);
    }

    private static Receiver.Outcome receive(byte[] bytes, Receiver receiver) {
        return receiver.receive(Channels.newChannel(new ByteArrayInputStream(bytes)));
    }

    private static StreamRejection rejected(byte[] bytes) {
        Receiver receiver = new Receiver(new Receiver.Options(64L << 20));
        Receiver.Outcome o = receive(bytes, receiver);
        assertThat(o).isInstanceOf(Receiver.Rejected.class);
        assertThat(receiver.allocatedBytes()).as("nothing kept").isZero();
        return ((Receiver.Rejected) o).rejection();
    }

    @Test
    void theRecordingItselfIsAccepted() {
        Receiver.Outcome o = receive(stream, new Receiver(Receiver.Options.DEFAULT));
        assertThat(o).isInstanceOf(Receiver.Committed.class);
        ((Receiver.Committed) o).vgpu().close();
        assertThat(frames.get(0).kind()).isEqualTo(RecordKind.SETUP);
        assertThat(frames.get(frames.size() - 1).kind()).isEqualTo(RecordKind.END);
        assertThat(frames.get(frames.size() - 1).end()).isEqualTo(stream.length);
    }

    @Test
    void damagedPagePayloadIsRejectedNamingTheRecord() {
        Frame page = frames.stream().filter(f -> f.kind() == RecordKind.PAGE_RAW).skip(100).findFirst().orElseThrow();
        byte[] bad = stream.clone();
        bad[page.payload() + 1234] ^= 0x10;
        StreamRejection r = rejected(bad);
        assertThat(r.recordIndex()).isEqualTo(page.index());
        assertThat(r.kind()).isEqualTo(RecordKind.PAGE_RAW);
        assertThat(r.offset()).isEqualTo(page.offset());
        assertThat(r.arg()).isEqualTo(page.arg());
        assertThat(r.problemKind()).isEqualTo(Problem.Kind.CORRUPT);
        assertThat(r.reason()).contains("CRC-32C mismatch");
        assertThat(r.toString()).contains("record #" + page.index() + " (PAGE_RAW, page 0x" + Long.toHexString(page.arg()) + ")")
                .contains("at byte offset " + page.offset());
    }

    @Test
    void damagedKindIsRejectedNamingTheRecord() {
        Frame f = frames.get(frames.size() / 2);
        byte[] bad = stream.clone();
        bad[f.offset()] = 0x55;
        bad[f.offset() + 1] = 0x55;
        StreamRejection r = rejected(bad);
        assertThat(r.recordIndex()).isEqualTo(f.index());
        assertThat(r.offset()).isEqualTo(f.offset());
        assertThat(r.kind()).isNull();
        assertThat(r.rawKind()).isEqualTo(0x5555);
        assertThat(r.toString()).contains("unknown kind 0x5555");
    }

    @Test
    void hugeLengthIsRejectedBeforeReadingIt() {
        Frame f = frames.stream().filter(x -> x.kind() == RecordKind.PAGE_ZERO).findFirst().orElseThrow();
        byte[] bad = stream.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(f.offset() + 4, 0x7fff_fff0);
        StreamRejection r = rejected(bad);
        assertThat(r.recordIndex()).isEqualTo(f.index());
        assertThat(r.reason()).contains("payload length 2147483632 outside 0..0 for PAGE_ZERO");
    }

    @Test
    void damagedDeviceStateChunkIsRejected() {
        Frame vreg = frames.stream().filter(x -> x.kind() == RecordKind.DEVICE && (x.arg() >>> 32) == DeviceRegion.VREG.id())
                .findFirst().orElseThrow();
        byte[] bad = stream.clone();
        bad[vreg.payload() + 0x78000] ^= 1;
        StreamRejection r = rejected(bad);
        assertThat(r.recordIndex()).isEqualTo(vreg.index());
        assertThat(r.kind()).isEqualTo(RecordKind.DEVICE);
        assertThat(r.toString()).contains("region 3 offset 0");
    }

    @Test
    void regionWhoseChecksumDisagreesWithEndIsRejectedAtEnd() {
        Frame ggtt = frames.stream().filter(x -> x.kind() == RecordKind.DEVICE && (x.arg() >>> 32) == DeviceRegion.GGTT.id())
                .findFirst().orElseThrow();
        byte[] bad = stream.clone();
        bad[ggtt.payload() + 8] ^= 0x40;
        Recordings.fixCrc(bad, ggtt);
        Frame end = frames.get(frames.size() - 1);
        StreamRejection r = rejected(bad);
        assertThat(r.recordIndex()).isEqualTo(end.index());
        assertThat(r.kind()).isEqualTo(RecordKind.END);
        assertThat(r.reason()).contains("GGTT: CRC-32C of the region");
    }

    @Test
    void pageBeyondGuestMemoryIsRejected() {
        Frame page = frames.stream().filter(x -> x.kind() == RecordKind.PAGE_RAW).findFirst().orElseThrow();
        byte[] bad = stream.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(page.offset() + 8, 1L << 40);
        Recordings.fixCrc(bad, page);
        StreamRejection r = rejected(bad);
        assertThat(r.recordIndex()).isEqualTo(page.index());
        assertThat(r.reason()).contains("beyond guest memory");
    }

    @Test
    void droppedRecordIsFoundBySequence() {
        Frame f = frames.get(frames.size() / 3);
        byte[] bad = new byte[stream.length - (f.end() - f.offset())];
        System.arraycopy(stream, 0, bad, 0, f.offset());
        System.arraycopy(stream, f.end(), bad, f.offset(), stream.length - f.end());
        StreamRejection r = rejected(bad);
        assertThat(r.recordIndex()).isEqualTo(f.index());
        assertThat(r.reason()).contains("sequence number " + (f.index() + 1));
    }

    @Test
    void trailingBytesAfterEndAreRejected() {
        byte[] bad = Arrays.copyOf(stream, stream.length + 7);
        StreamRejection r = rejected(bad);
        assertThat(r.reason()).contains("after the END record");
    }

    @Test
    void reservedKindIsUnsupported() {
        Frame page = frames.stream().filter(x -> x.kind() == RecordKind.PAGE_RAW).findFirst().orElseThrow();
        byte[] bad = stream.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putShort(page.offset(), (short) RecordKind.PAGE_DELTA.code());
        Recordings.fixCrc(bad, page);
        StreamRejection r = rejected(bad);
        assertThat(r.problemKind()).isEqualTo(Problem.Kind.UNSUPPORTED);
        assertThat(r.kind()).isEqualTo(RecordKind.PAGE_DELTA);
    }

    @Test
    void wrongVersionIsUnsupported() {
        byte[] bad = stream.clone();
        ByteBuffer b = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(8, (short) 2);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bad, 0, 12);
        b.putInt(12, (int) crc.getValue());
        StreamRejection r = rejected(bad);
        assertThat(r.recordIndex()).isEqualTo(-1);
        assertThat(r.reason()).contains("stream version 2");
    }

    /** Cut anywhere: at a record boundary, inside a header, inside a payload; the seed is printed. */
    @Test
    void truncatedStreamIsRefusedAndNothingIsKept() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("truncation seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] cuts = new int[40];
        for (int i = 0; i < cuts.length; i++) {
            Frame f = frames.get(rnd.nextInt(frames.size()));
            cuts[i] = switch (i % 4) {
                case 0 -> f.offset();
                case 1 -> f.offset() + 1 + rnd.nextInt(StreamFormat.RECORD_HEADER_BYTES - 1);
                case 2 -> f.length() == 0 ? f.offset() + 3 : f.payload() + rnd.nextInt(f.length());
                default -> rnd.nextInt(stream.length);
            };
        }
        cuts[0] = 0;
        cuts[1] = 10;
        cuts[2] = stream.length - 1;
        cuts[3] = frames.get(frames.size() - 1).offset();
        for (int cut : cuts) {
            StreamRejection r = rejected(Arrays.copyOf(stream, cut));
            assertThat(r.problemKind()).as("cut at %d: %s", cut, r).isEqualTo(Problem.Kind.TRUNCATED);
        }
    }
}
