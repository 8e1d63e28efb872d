package io.genscope.rewriter.aub;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes synthetic AUB files packet by packet (Mesa's MemTrace dialect), for tests. */
final class AubBuilder {
    static final int VERSION = 0xF70E0000;
    static final int REGISTER_WRITE = 0xF7030000;
    static final int MEMORY_WRITE = 0xF7060000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A MemTrace packet: dword 0 gets {@code kind | (dwords - 1)}. */
    AubBuilder memtrace(int kind, int... body) {
        dword(kind | body.length);
        for (int d : body) {
            dword(d);
        }
        return this;
    }

    /** A version packet naming a Skylake GT2 (PCI ID 0x1912). */
    AubBuilder version(String app) {
        byte[] t = ("PCI-ID=0x1912 " + app + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[(t.length + 3) & ~3];
        System.arraycopy(t, 0, padded, 0, t.length);
        ByteBuffer b = le(16 + padded.length);
        b.putInt(1).putInt(12 << 8).putInt(0).putInt(0).put(padded);
        return memtrace(VERSION, ints(b));
    }

    /** A MEMORY_WRITE of {@code dwords} to {@code address} in {@code space}; returns the data's file offset. */
    long write(int space, long address, int... dwords) {
        long data = out.size() + 20L;
        ByteBuffer b = le(16 + 4 * dwords.length);
        b.putLong(address).putInt(space << 28).putInt(4 * dwords.length);
        for (int d : dwords) {
            b.putInt(d);
        }
        memtrace(MEMORY_WRITE, ints(b));
        return data;
    }

    /** GGTT entries for consecutive GGTT pages starting at {@code gfxAddress}. */
    AubBuilder ggttEntries(long gfxAddress, long... ptes) {
        int[] d = new int[2 * ptes.length];
        for (int i = 0; i < ptes.length; i++) {
            d[2 * i] = (int) ptes[i];
            d[2 * i + 1] = (int) (ptes[i] >>> 32);
        }
        write(4, (gfxAddress >>> 12) * 8, d);
        return this;
    }

    /** A dword MMIO write; returns the value's file offset. */
    long register(int offset, int value) {
        long at = out.size() + 20L;
        memtrace(REGISTER_WRITE, offset, 2 << 16, -1, 0, value);
        return at;
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
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
}
