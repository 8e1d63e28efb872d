package io.genscope.parser.aub;

import io.genscope.parser.memory.MappedBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes synthetic AUB files packet by packet, for tests. */
final class AubBuilder {
    static final int VERSION = 0xF70E0000;
    static final int REGISTER_WRITE = 0xF7030000;
    static final int MEMORY_WRITE = 0xF7060000;
    static final int COMMENT = 0xF7080000;
    static final int DISCONTIGUOUS = 0xF70B0000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A MemTrace packet: dword 0 gets {@code kind | (dwords - 1)}. */
    AubBuilder memtrace(int kind, int... body) {
        dword(kind | body.length);
        for (int d : body) {
            dword(d);
        }
        return this;
    }

    AubBuilder version(String text) {
        return version(12, "", text);
    }

    /** A version packet naming simulator device {@code device} and the abbreviation (at most 8 bytes). */
    AubBuilder version(int device, String abbreviation, String text) {
        byte[] t = padded(text.getBytes(StandardCharsets.UTF_8), 1);
        ByteBuffer b = le(16 + t.length);
        byte[] abbr = java.util.Arrays.copyOf(abbreviation.getBytes(StandardCharsets.US_ASCII), 8);
        b.putInt(1).putInt(device << 8).put(abbr).put(t);
        return memtrace(VERSION, ints(b));
    }

    AubBuilder comment(String text) {
        byte[] t = padded(text.getBytes(StandardCharsets.UTF_8), 1);
        ByteBuffer b = le(4 + t.length);
        b.putInt(0).put(t);
        return memtrace(COMMENT, ints(b));
    }

    /** A MEMORY_WRITE of {@code data} to {@code address} in address space {@code space}. */
    AubBuilder write(int space, long address, byte[] data) {
        byte[] d = padded(data, 0);
        ByteBuffer b = le(16 + d.length);
        b.putLong(address).putInt(space << 28).putInt(data.length).put(d);
        return memtrace(MEMORY_WRITE, ints(b));
    }

    AubBuilder write(int space, long address, int... dwords) {
        return write(space, address, bytes(dwords));
    }

    /** GGTT entries for consecutive GGTT pages starting at {@code gfxAddress}. */
    AubBuilder ggttEntries(long gfxAddress, long... ptes) {
        ByteBuffer b = le(8 * ptes.length);
        for (long p : ptes) {
            b.putLong(p);
        }
        return write(4, (gfxAddress >>> 12) * 8, b.array());
    }

    AubBuilder register(int offset, int value) {
        return memtrace(REGISTER_WRITE, offset, 2 << 16, -1, 0, value);
    }

    AubBuilder register64(int offset, long value) {
        return memtrace(REGISTER_WRITE, offset, 3 << 16, -1, -1, (int) value, (int) (value >>> 32));
    }

    AubBuilder raw(int... dwords) {
        for (int d : dwords) {
            dword(d);
        }
        return this;
    }

    AubBuilder rawBytes(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    MappedBytes mapped() {
        return MappedBytes.wrap(bytes());
    }

    static byte[] bytes(int... dwords) {
        ByteBuffer b = le(4 * dwords.length);
        for (int d : dwords) {
            b.putInt(d);
        }
        return b.array();
    }

    private void dword(int d) {
        out.write(d);
        out.write(d >>> 8);
        out.write(d >>> 16);
        out.write(d >>> 24);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int[] ints(ByteBuffer b) {
        int[] r = new int[b.capacity() / 4];
        b.flip();
        b.asIntBuffer().get(r);
        return r;
    }

    /** Pads to a whole number of dwords, with at least {@code minPad} zero bytes. */
    private static byte[] padded(byte[] data, int minPad) {
        int n = (data.length + minPad + 3) & ~3;
        byte[] r = new byte[n];
        System.arraycopy(data, 0, r, 0, data.length);
        return r;
    }
}
