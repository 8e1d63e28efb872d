package io.genscope.migration;

import io.genscope.migration.stream.Phase;
import io.genscope.migration.stream.RecordKind;
import io.genscope.migration.stream.StreamFormat;
import io.genscope.migration.transport.Link;
import io.genscope.migration.transport.Reply;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32C;

/**
 * A link that breaks on purpose. It follows the stream it carries record by record and, at the
 * first record of a kind (inside a round of a phase, when given) plus {@code into} bytes, closes
 * the connection (the bytes before that point arrive, then the underlying link is closed and the
 * sender gets an I/O error), flips a byte, or from the start announces another stream version.
 */
final class FaultyLink implements Link {
    enum Mode {
        CLOSE, CORRUPT, VERSION
    }

    /** Where and how to break. */
    record Fault(Mode mode, RecordKind kind, Phase phase, long into) {
        static Fault close(RecordKind kind, Phase phase, long into) {
            return new Fault(Mode.CLOSE, kind, phase, into);
        }

        static Fault corrupt(RecordKind kind, Phase phase, long into) {
            return new Fault(Mode.CORRUPT, kind, phase, into);
        }

        static Fault version(int version) {
            return new Fault(Mode.VERSION, null, null, version);
        }
    }

    private final Link inner;
    private final Fault fault;
    private final byte[] header = new byte[StreamFormat.RECORD_HEADER_BYTES + 4];
    private long pos;
    private long nextRecord = StreamFormat.STREAM_HEADER_BYTES;
    private int have;
    private Phase phase;
    private long trigger = -1;
    private boolean fired;
    private final byte[] versionHeader;

    FaultyLink(Link inner, Fault fault) {
        this.inner = inner;
        this.fault = fault;
        ByteBuffer h = StreamFormat.header();
        byte[] b = new byte[StreamFormat.STREAM_HEADER_BYTES];
        h.get(b);
        if (fault.mode() == Mode.VERSION) {
            ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            w.putShort(8, (short) fault.into());
            CRC32C crc = new CRC32C();
            crc.update(b, 0, 12);
            w.putInt(12, (int) crc.getValue());
        }
        this.versionHeader = b;
    }

    boolean fired() {
        return fired;
    }

    @Override
    public WritableByteChannel channel() {
        WritableByteChannel out = inner.channel();
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                int len = src.remaining();
                byte[] chunk = new byte[len];
                src.get(chunk);
                scan(chunk);
                int limit = len;
                for (int i = 0; i < len && pos + i < StreamFormat.STREAM_HEADER_BYTES; i++) {
                    if (fault.mode() == Mode.VERSION) {
                        chunk[i] = versionHeader[(int) (pos + i)];
                        fired = true;
                    }
                }
                if (trigger >= 0 && !fired && trigger < pos + len) {
                    int at = (int) Math.max(0, trigger - pos);
                    if (fault.mode() == Mode.CORRUPT) {
                        chunk[at] ^= 0x40;
                        fired = true;
                    } else if (fault.mode() == Mode.CLOSE) {
                        limit = at;
                    }
                }
                ByteBuffer b = ByteBuffer.wrap(chunk, 0, limit);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                pos += limit;
                if (limit < len) {
                    fired = true;
                    inner.close();
                    throw new IOException("connection closed (fault injected at stream byte " + pos + ")");
                }
                return len;
            }

            @Override
            public boolean isOpen() {
                return out.isOpen();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /** Finds record starts in {@code chunk} (stream bytes from {@link #pos}) and the trigger point. */
    private void scan(byte[] chunk) {
        int i = 0;
        while (i < chunk.length) {
            long a = pos + i;
            if (a < nextRecord) {
                i += (int) Math.min(chunk.length - i, nextRecord - a);
                continue;
            }
            header[have++] = chunk[i++];
            if (have < StreamFormat.RECORD_HEADER_BYTES) {
                continue;
            }
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            RecordKind kind = RecordKind.byCode(h.getShort(0) & 0xffff);
            long length = h.getInt(4) & 0xffffffffL;
            if (kind == RecordKind.ROUND_BEGIN && have < header.length) {
                continue;
            }
            if (kind == RecordKind.ROUND_BEGIN) {
                phase = Phase.byCode(h.getInt(24));
            }
            if (trigger < 0 && fault.kind() == kind && (fault.phase() == null || fault.phase() == phase)) {
                trigger = nextRecord + fault.into();
            }
            nextRecord += StreamFormat.RECORD_HEADER_BYTES + length;
            have = 0;
        }
    }

    @Override
    public void flushed(long totalBytes) {
        inner.flushed(totalBytes);
    }

    @Override
    public void finishSending() throws IOException {
        inner.finishSending();
    }

    @Override
    public Reply awaitReply(long timeoutMillis) throws IOException {
        return inner.awaitReply(timeoutMillis);
    }

    @Override
    public void close() {
        inner.close();
    }
}
