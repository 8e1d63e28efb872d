package io.genscope.migration.xe.precopy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * How xe VF migration data travels over TCP between {@code genscope migrate --workload xe-vf} and
 * {@code genscope receive --vf}, inside the link's protection. The xe stream has no checksum and
 * no length, so it goes in checked chunks, followed by the source's digest at its stop:
 *
 * <pre>
 * hello   u32 "GSVF"  u16 version 1  u16 0  u64 VRAM quota of the source VF
 * chunk   u32 length (1 .. 1 MiB)  u32 CRC-32C of the bytes  bytes      (repeated)
 * end     u32 0  u32 digest length (at most 256)  digest (UTF-8, empty without one)
 * reply   u32 "GSVR"  u32 1 committed / 0 refused  u32 length (at most 8 KiB)  UTF-8: the
 *         destination's digest, or why it refused
 * </pre>
 *
 * All little-endian. A destination that reads a cut or damaged frame refuses the stream.
 */
public final class VfWire {
    /** Most bytes one chunk carries. */
    public static final int CHUNK = 1 << 20;
    private static final int HELLO = 0x46565347;
    private static final int REPLY = 0x52565347;
    /** The first word of a vGPU receiver's reply ("GSRP", transport.ReplyCodec). */
    private static final int VGPU_REPLY = 0x50524753;
    private static final int VERSION = 1;
    private static final int MAX_DIGEST = 256;
    private static final int MAX_REPLY = 8192;

    private VfWire() {
    }

    /** The source's side: a channel that frames what it is given; {@link #finish} ends the stream. */
    public static final class Sender implements WritableByteChannel {
        private final WritableByteChannel out;
        private final ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        private long bytes;

        /**
         * Writes the hello onto {@code out}.
         *
         * @param out the link
         * @param quota the source VF's VRAM quota in bytes
         */
        public Sender(WritableByteChannel out, long quota) throws IOException {
            this.out = out;
            ByteBuffer h = le(16).putInt(HELLO).putShort((short) VERSION).putShort((short) 0).putLong(quota).flip();
            writeAll(out, h);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            while (src.hasRemaining()) {
                int k = Math.min(buf.remaining(), src.remaining());
                buf.put(src.duplicate().limit(src.position() + k));
                src.position(src.position() + k);
                if (!buf.hasRemaining()) {
                    flushChunk();
                }
            }
            bytes += n;
            return n;
        }

        /** Bytes of xe data framed so far. */
        public long bytes() {
            return bytes;
        }

        /** Sends what is buffered, the end frame and the digest. */
        public void finish(String digest) throws IOException {
            flushChunk();
            byte[] d = digest.getBytes(StandardCharsets.UTF_8);
            if (d.length > MAX_DIGEST) {
                throw new IllegalArgumentException("a digest of " + d.length + " bytes");
            }
            writeAll(out, le(8 + d.length).putInt(0).putInt(d.length).put(d).flip());
        }

        private void flushChunk() throws IOException {
            if (buf.position() == 0) {
                return;
            }
            buf.flip();
            CRC32C crc = new CRC32C();
            crc.update(buf.duplicate());
            writeAll(out, le(8).putInt(buf.remaining()).putInt((int) crc.getValue()).flip());
            writeAll(out, buf);
            buf.clear();
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() {
            // the link is the caller's
        }
    }

    /**
     * What a destination read from a source.
     *
     * @param quota the VRAM quota the source announced (-1 before its hello)
     * @param bytes xe data bytes staged
     * @param digest the source's digest at its stop (empty when it sent none)
     * @param refusal why the stream is refused (a cut or damaged frame, a quota above the limit), or empty
     */
    public record Received(long quota, long bytes, String digest, String refusal) {
        /** Whether the whole stream arrived intact. */
        public boolean complete() {
            return refusal.isEmpty();
        }
    }

    /**
     * Reads a source's hello, chunks and end into {@code staging} (which must exist; it is
     * truncated first). Never throws for what the source sent: a cut, damaged or oversized stream
     * comes back as a refusal naming the byte offset in the xe data.
     *
     * @param in the link
     * @param staging where the xe data goes
     * @param maxQuota the largest VRAM quota accepted
     * @return what arrived
     * @throws IOException when the staging file cannot be written
     */
    public static Received receive(InputStream in, Path staging, long maxQuota) throws IOException {
        long quota = -1;
        long bytes = 0;
        try (FileChannel file = FileChannel.open(staging, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            try {
                // reads fail as refusals; a write of the staging file fails as itself (StagingFailed)
                ByteBuffer h = read(in, 16, "the hello");
                if (h.getInt() != HELLO || h.getShort() != VERSION) {
                    return new Received(quota, 0, "", "not a genscope xe VF stream (version " + VERSION
                            + "): the source is no genscope migrate --workload xe-vf of this version");
                }
                h.getShort();
                quota = h.getLong();
                if (quota <= 0 || quota % 4096 != 0 || quota > maxQuota) {
                    return new Received(quota, 0, "", String.format("the source announces a VRAM quota of %d bytes;"
                            + " this receiver takes whole 4 KiB pages up to %d", quota, maxQuota));
                }
                byte[] chunk = new byte[CHUNK];
                while (true) {
                    ByteBuffer f = read(in, 8, "a chunk header at xe byte " + bytes);
                    int n = f.getInt();
                    int crc = f.getInt();
                    if (n == 0) {
                        if (crc < 0 || crc > MAX_DIGEST) {
                            return new Received(quota, bytes, "", "damaged end frame after xe byte " + bytes);
                        }
                        String digest = new String(read(in, crc, "the digest").array(), StandardCharsets.UTF_8);
                        return new Received(quota, bytes, digest, "");
                    }
                    if (n < 0 || n > CHUNK) {
                        return new Received(quota, bytes, "", "damaged chunk header at xe byte " + bytes + " (length "
                                + Integer.toUnsignedString(n) + ")");
                    }
                    if (in.readNBytes(chunk, 0, n) < n) {
                        return new Received(quota, bytes, "", "the stream was cut inside the chunk at xe byte " + bytes);
                    }
                    CRC32C c = new CRC32C();
                    c.update(chunk, 0, n);
                    if ((int) c.getValue() != crc) {
                        return new Received(quota, bytes, "", "the chunk at xe byte " + bytes + " (" + n
                                + " bytes) fails its CRC-32C: damaged on the way");
                    }
                    stage(file, ByteBuffer.wrap(chunk, 0, n));
                    bytes += n;
                }
            } catch (StagingFailed e) {
                throw e.getCause();
            } catch (EOFException e) {
                return new Received(quota, bytes, "", "the stream was cut: " + e.getMessage() + " never arrived ("
                        + bytes + " bytes of xe data staged)");
            } catch (IOException e) {
                return new Received(quota, bytes, "", "the connection failed after " + bytes + " bytes of xe data: "
                        + e.getMessage());
            }
        }
    }

    /** A staging write failed: the receiver's disk, not the source's stream. */
    private static final class StagingFailed extends RuntimeException {
        StagingFailed(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private static void stage(FileChannel file, ByteBuffer b) {
        try {
            while (b.hasRemaining()) {
                file.write(b);
            }
        } catch (IOException e) {
            throw new StagingFailed(e);
        }
    }

    /** Sends the destination's answer. */
    public static void reply(WritableByteChannel out, boolean committed, String text) throws IOException {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(t.length, MAX_REPLY);
        writeAll(out, le(12 + n).putInt(REPLY).putInt(committed ? 1 : 0).putInt(n).put(t, 0, n).flip());
    }

    /**
     * The destination's answer.
     *
     * @param committed whether it kept the VF
     * @param text its digest, or why it refused
     */
    public record Reply(boolean committed, String text) {
    }

    /** Reads the destination's answer; throws when the connection ends first or the frame is damaged. */
    public static Reply readReply(InputStream in) throws IOException {
        ByteBuffer h = read(in, 12, "the destination's reply");
        int magic = h.getInt();
        int committed = h.getInt();
        int n = h.getInt();
        if (magic == VGPU_REPLY) {
            throw new IOException("the destination answers as a vGPU receiver: it is genscope receive without --vf");
        }
        if (magic != REPLY || committed < 0 || committed > 1 || n < 0 || n > MAX_REPLY) {
            throw new IOException("damaged reply from the destination");
        }
        return new Reply(committed == 1, new String(read(in, n, "the destination's reply").array(), StandardCharsets.UTF_8));
    }

    private static ByteBuffer read(InputStream in, int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException(what);
        }
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeAll(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}
