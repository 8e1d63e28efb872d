package io.genscope.migration.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.Recordings;
import io.genscope.migration.Recordings.Frame;
import io.genscope.migration.compress.Compression;
import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.state.VgpuDigest;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticVgpu;
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

/**
 * A recorded migration with compressed pages restores the same vGPU; a damaged or hostile
 * PAGE_COMPRESSED or PAGE_DELTA record is refused naming it, and nothing is kept. Seeds printed;
 * rerun with -Dgenscope.seed=N.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompressedStreamTest {
    static final SyntheticSpec SPEC = SyntheticSpec.parse(
            "synthetic:memory=8M,graphics=2M,gpu-hot=512K,gpu-rate=0,cpu-rate=0,seed=5,compressibility=3");
    static byte[] stream;
    static List<Frame> frames;

    @BeforeAll
    static void record(@TempDir Path dir) throws Exception {
        // precopy resends every graphics page at the stop: unchanged, so as (empty) deltas
        stream = Recordings.record(SPEC, Policy.PRECOPY, dir, CompressionOptions.of(Compression.DELTA));
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

    private static Frame first(RecordKind kind) {
        return frames.stream().filter(x -> x.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void theRecordingRestoresTheSameVgpu() {
        assertThat(frames).anyMatch(f -> f.kind() == RecordKind.PAGE_COMPRESSED);
        assertThat(frames).anyMatch(f -> f.kind() == RecordKind.PAGE_DELTA);
        assertThat(ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).getShort(10))
                .isEqualTo((short) StreamFormat.FLAG_COMPRESSED_PAGES);
        Receiver.Outcome o = receive(stream, new Receiver(Receiver.Options.DEFAULT));
        assertThat(o).isInstanceOf(Receiver.Committed.class);
        try (var restored = ((Receiver.Committed) o).vgpu(); var original = SyntheticVgpu.build(SPEC).vgpu()) {
            assertThat(VgpuDigest.of(restored)).isEqualTo(VgpuDigest.of(original));
        }
    }

    @Test
    void aDamagedLz4BlockIsRefusedByName() {
        Frame f = first(RecordKind.PAGE_COMPRESSED);
        byte[] payload = Arrays.copyOfRange(stream, f.payload(), f.end());
        byte[] cut = Arrays.copyOf(payload, payload.length / 2);
        StreamRejection r = rejected(Recordings.replacePayload(stream, f, cut));
        assertThat(r.problemKind()).isEqualTo(Problem.Kind.CORRUPT);
        assertThat(r.toString()).startsWith("record #" + f.index() + " (PAGE_COMPRESSED, page 0x" + Long.toHexString(f.arg()));
        assertThat(r.reason()).contains("LZ4 block");
    }

    @Test
    void hostileCompressedRecordsNeverCrashAndAreRefusedOrDecoded() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("hostile compressed record seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Frame> targets = frames.stream()
                .filter(x -> x.kind() == RecordKind.PAGE_COMPRESSED || x.kind() == RecordKind.PAGE_DELTA).toList();
        int refused = 0;
        for (int i = 0; i < 120; i++) {
            Frame f = targets.get(rnd.nextInt(targets.size()));
            byte[] payload;
            if (i % 3 == 0 && f.length() > 0) {
                payload = Arrays.copyOfRange(stream, f.payload(), f.end());
                payload[rnd.nextInt(payload.length)] ^= (byte) (1 + rnd.nextInt(255));
            } else {
                payload = new byte[1 + rnd.nextInt(4095)];
                for (int k = 0; k < payload.length; k++) {
                    payload[k] = (byte) rnd.nextInt();
                }
            }
            Receiver receiver = new Receiver(new Receiver.Options(64L << 20));
            Receiver.Outcome o = receive(Recordings.replacePayload(stream, f, payload), receiver);
            if (o instanceof Receiver.Rejected rej) {
                refused++;
                assertThat(rej.rejection().recordIndex()).as("case %d: %s", i, rej.rejection()).isEqualTo(f.index());
                assertThat(receiver.allocatedBytes()).isZero();
            } else {
                ((Receiver.Committed) o).vgpu().close();
            }
        }
        assertThat(refused).isPositive();
    }

    @Test
    void hostileDeltasAreRefusedByName() {
        Frame f = first(RecordKind.PAGE_DELTA);
        byte[][] bad = {{0, 0}, {0, 1, 1, 2, 3}, {(byte) 0x80, 0x04, 1, 0, 0, 0, 0, 0, 0, 0, 0}};
        for (byte[] b : bad) {
            StreamRejection r = rejected(Recordings.replacePayload(stream, f, b));
            assertThat(r.toString()).startsWith("record #" + f.index() + " (PAGE_DELTA, page 0x");
            assertThat(r.reason()).contains("delta run");
        }
    }

    @Test
    void aDeltaForAPageNeverSentIsRefused() {
        Receiver receiver = new Receiver(Receiver.Options.DEFAULT);
        assertThat(receiver.setup(new SetupInfo(8L << 20, io.genscope.migration.state.GraphicsWindows.forSize(2L << 20), false,
                "precopy"))).isNull();
        ByteBuffer empty = ByteBuffer.allocateDirect(16);
        assertThat(receiver.deltaPage(5, empty, 0, 0)).contains("has not sent before");
        assertThat(receiver.zeroPage(5)).isNull();
        assertThat(receiver.deltaPage(5, empty, 0, 0)).as("an unchanged page after a zero page").isNull();
        assertThat(receiver.deltaPage(1L << 40, empty, 0, 0)).contains("beyond guest memory");
    }

    @Test
    void compressedKindsNeedTheHeaderFlag() {
        byte[] bad = stream.clone();
        ByteBuffer b = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(10, (short) 0);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bad, 0, 12);
        b.putInt(12, (int) crc.getValue());
        StreamRejection r = rejected(bad);
        assertThat(r.problemKind()).isEqualTo(Problem.Kind.UNSUPPORTED);
        assertThat(r.kind().compressedPage()).isTrue();
        b.putShort(10, (short) 2);
        crc.reset();
        crc.update(bad, 0, 12);
        b.putInt(12, (int) crc.getValue());
        assertThat(rejected(bad).reason()).contains("flags 0x2");
    }
}
