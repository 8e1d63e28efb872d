package io.genscope.parser.aub;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes MemTrace packets (Mesa's dialect) onto a stream.
 *
 * <pre>
 * VERSION         0xF70E0000 | (n-1)  dw1 file version 1  dw2 device[15:8]  dw3-4 0  dw5.. text, NUL padded
 * COMMENT         0xF7080000 | (n-1)  dw1 0               dw2.. text, NUL padded
 * MEMORY_WRITE    0xF7060000 | (n-1)  dw1-2 address  dw3 space[31:28]  dw4 size in bytes  dw5.. data
 * REGISTER_WRITE  0xF7030005          dw1 offset  dw2 0x20000 (dword, MMIO)  dw3-4 mask 0xFFFFFFFF, 0  dw5 value
 * REGISTER_POLL   0xF7020005          dw1 offset  dw2 0x20000  dw3-4 mask  dw5 value
 * </pre>
 * n is the packet's size in dwords. Memory writes are cut by the caller to at most
 * {@link #MAX_WRITE} bytes, as Mesa does, so the 16-bit length never overflows.
 */
final class PacketStream implements Closeable {
    /** The largest memory write in one packet. */
    static final int MAX_WRITE = 4096;
    private static final int REGISTER_DWORD_MMIO = 2 << 16;

    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(MAX_WRITE + 64).order(ByteOrder.LITTLE_ENDIAN);
    private long written;

    PacketStream(OutputStream out) {
        this.out = out;
    }

    /** Bytes written so far. */
    long written() {
        return written;
    }

    void version(int device, String text) throws IOException {
        byte[] t = padded(text);
        begin(0xF70E0000, 5 + t.length / 4);
        buf.putInt(1).putInt((device & 0xff) << 8).putInt(0).putInt(0).put(t);
        end();
    }

    void comment(String text) throws IOException {
        byte[] t = padded(text);
        begin(0xF7080000, 2 + t.length / 4);
        buf.putInt(0).put(t);
        end();
    }

    void memoryWrite(int space, long address, byte[] data, int off, int len) throws IOException {
        if (len > MAX_WRITE) {
            throw new IllegalArgumentException("memory write of " + len + " bytes in one packet");
        }
        int padded = (len + 3) & ~3;
        begin(0xF7060000, 5 + padded / 4);
        buf.putLong(address).putInt(space << 28).putInt(len).put(data, off, len);
        for (int i = len; i < padded; i++) {
            buf.put((byte) 0);
        }
        end();
    }

    void registerWrite(int offset, int value) throws IOException {
        begin(0xF7030000, 6);
        buf.putInt(offset).putInt(REGISTER_DWORD_MMIO).putInt(-1).putInt(0).putInt(value);
        end();
    }

    void registerPoll(int offset, int mask, int value) throws IOException {
        begin(0xF7020000, 6);
        buf.putInt(offset).putInt(REGISTER_DWORD_MMIO).putInt(mask).putInt(0).putInt(value);
        end();
    }

    private void begin(int kind, int dwords) {
        buf.clear();
        buf.putInt(kind | (dwords - 1));
    }

    private void end() throws IOException {
        out.write(buf.array(), 0, buf.position());
        written += buf.position();
    }

    /** Text as UTF-8 with at least one NUL, padded to whole dwords. */
    private static byte[] padded(String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        if (t.length >= MAX_WRITE) {
            throw new IllegalArgumentException("text of " + t.length + " bytes is too long for one packet");
        }
        byte[] r = new byte[(t.length + 4) & ~3];
        System.arraycopy(t, 0, r, 0, t.length);
        return r;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    void flush() throws IOException {
        out.flush();
    }
}
