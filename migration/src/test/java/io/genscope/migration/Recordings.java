package io.genscope.migration;

import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.stream.RecordKind;
import io.genscope.migration.stream.StreamFormat;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticWorkload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Recorded migrations of small vGPUs, and where their records are. */
public final class Recordings {
    /** Where one record sits in a stream. */
    public record Frame(long index, RecordKind kind, int rawKind, long arg, int offset, int length) {
        public int payload() {
            return offset + StreamFormat.RECORD_HEADER_BYTES;
        }

        public int end() {
            return payload() + length;
        }
    }

    private Recordings() {
    }

    /** Migrates a quiet synthetic vGPU with {@code policy} into a file and returns its bytes. */
    public static byte[] record(SyntheticSpec spec, Policy policy, Path dir) throws IOException {
        return record(spec, policy, dir, CompressionOptions.NONE);
    }

    /** The same with page compression. */
    public static byte[] record(SyntheticSpec spec, Policy policy, Path dir, CompressionOptions compression)
            throws IOException {
        Path file = dir.resolve("rec-" + policy.cliName() + "-" + System.nanoTime() + ".gsmig");
        try (SyntheticWorkload w = SyntheticWorkload.create(spec)) {
            w.start();
            MigrationReport r = Migrator.migrate(w, spec.describe(), MigrationOptions.defaults(policy), new Target.File(file),
                    MigrationHooks.NONE, Destination.Options.DEFAULT, compression);
            if (!r.completed()) {
                throw new IllegalStateException(r.error());
            }
            w.vgpu().close();
        }
        return Files.readAllBytes(file);
    }

    /** The records of a well-formed stream, in order. */
    public static List<Frame> frames(byte[] stream) {
        ByteBuffer b = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
        List<Frame> out = new ArrayList<>();
        int pos = StreamFormat.STREAM_HEADER_BYTES;
        long index = 0;
        while (pos + StreamFormat.RECORD_HEADER_BYTES <= stream.length) {
            int raw = b.getShort(pos) & 0xffff;
            int len = b.getInt(pos + 4);
            out.add(new Frame(index++, RecordKind.byCode(raw), raw, b.getLong(pos + 8), pos, len));
            pos += StreamFormat.RECORD_HEADER_BYTES + len;
        }
        return out;
    }

    /**
     * The stream with the payload of the record at {@code f} replaced by {@code payload} (its
     * length field and CRC fixed, later records moved).
     */
    public static byte[] replacePayload(byte[] stream, Frame f, byte[] payload) {
        byte[] out = new byte[stream.length - f.length() + payload.length];
        System.arraycopy(stream, 0, out, 0, f.payload());
        System.arraycopy(payload, 0, out, f.payload(), payload.length);
        System.arraycopy(stream, f.end(), out, f.payload() + payload.length, stream.length - f.end());
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(f.offset() + 4, payload.length);
        fixCrc(out, new Frame(f.index(), f.kind(), f.rawKind(), f.arg(), f.offset(), payload.length));
        return out;
    }

    /** Recomputes the CRC of the record at {@code f} after its bytes were changed on purpose. */
    public static void fixCrc(byte[] stream, Frame f) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(stream, f.offset(), 20);
        crc.update(stream, f.payload(), f.length());
        ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).putInt(f.offset() + 20, (int) crc.getValue());
    }
}
