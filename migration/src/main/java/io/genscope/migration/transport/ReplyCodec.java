package io.genscope.migration.transport;

import io.genscope.migration.state.VgpuDigest;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reply frames on the return path of a TCP migration.
 *
 * <pre>
 *  0 u32 magic "GSRP"   4 u16 kind (1 resumed, 2 digest, 3 rejected)   6 u16 0
 *  8 u32 length (at most 8192)   12 u32 CRC-32C of the payload   16 payload
 * resumed:  u64 records, u64 pages, u64 commit nanoseconds
 * digest:   u64 memory high, low, u64 device high, low, u64 nanoseconds
 * rejected: u64 record index, u64 byte offset, UTF-8 message (rest)
 * </pre>
 */
public final class ReplyCodec {
    private static final int MAGIC = 0x50524753;
    private static final int MAX_PAYLOAD = 8192;

    private ReplyCodec() {
    }

    public static void write(WritableByteChannel out, Reply reply) throws IOException {
        ByteBuffer p = ByteBuffer.allocate(MAX_PAYLOAD).order(ByteOrder.LITTLE_ENDIAN);
        int kind;
        if (reply instanceof Reply.Resumed r) {
            kind = 1;
            p.putLong(r.records()).putLong(r.pages()).putLong(r.commitNanos());
        } else if (reply instanceof Reply.Digest d) {
            kind = 2;
            VgpuDigest g = d.digest();
            p.putLong(g.memoryHigh()).putLong(g.memoryLow()).putLong(g.deviceHigh()).putLong(g.deviceLow()).putLong(d.nanos());
        } else {
            Reply.Rejected r = (Reply.Rejected) reply;
            kind = 3;
            p.putLong(r.recordIndex()).putLong(r.offset());
            byte[] text = r.message().getBytes(StandardCharsets.UTF_8);
            p.put(text, 0, Math.min(text.length, MAX_PAYLOAD - 16));
        }
        p.flip();
        CRC32C crc = new CRC32C();
        crc.update(p.duplicate());
        ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(MAGIC).putShort((short) kind).putShort((short) 0).putInt(p.remaining()).putInt((int) crc.getValue()).flip();
        ByteBuffer[] frame = {h, p};
        while (h.hasRemaining() || p.hasRemaining()) {
            if (out instanceof GatheringByteChannel g) {
                g.write(frame);
            } else {
                out.write(h.hasRemaining() ? h : p);
            }
        }
    }

    /** Reads one frame; throws on a damaged frame or the end of the stream. */
    public static Reply read(InputStream in) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(in.readNBytes(16)).order(ByteOrder.LITTLE_ENDIAN);
        if (h.capacity() < 16) {
            throw new EOFException("the destination closed the connection without a reply");
        }
        if (h.getInt(0) != MAGIC) {
            throw new IOException("damaged reply from the destination (bad magic)");
        }
        int kind = h.getShort(4);
        int length = h.getInt(8);
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("damaged reply from the destination (length " + length + ")");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the destination closed the connection inside a reply");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        if ((int) crc.getValue() != h.getInt(12)) {
            throw new IOException("damaged reply from the destination (CRC-32C)");
        }
        ByteBuffer p = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            return switch (kind) {
                case 1 -> new Reply.Resumed(p.getLong(), p.getLong(), p.getLong());
                case 2 -> new Reply.Digest(new VgpuDigest(p.getLong(), p.getLong(), p.getLong(), p.getLong()), p.getLong());
                case 3 -> new Reply.Rejected(p.getLong(), p.getLong(),
                        new String(bytes, 16, length - 16, StandardCharsets.UTF_8));
                default -> throw new IOException("unknown reply kind " + kind + " from the destination");
            };
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IOException("damaged reply from the destination (short payload)");
        }
    }
}
