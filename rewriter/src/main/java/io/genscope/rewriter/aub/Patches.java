package io.genscope.rewriter.aub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Dwords to write over the input file at given byte offsets: the whole difference between input and output. */
final class Patches {
    private final Map<Long, Integer> dwords = new HashMap<>();

    /**
     * Records that the 4 bytes at {@code offset} become {@code value}.
     *
     * @return false when the same place was already given a different value (a conflict; the first stays)
     */
    boolean put(long offset, int value) {
        Integer old = dwords.putIfAbsent(offset, value);
        return old == null || old == value;
    }

    /** A 64-bit little-endian value as two dwords. */
    boolean putLong(long offset, long value) {
        return put(offset, (int) value) & put(offset + 4, (int) (value >>> 32));
    }

    int size() {
        return dwords.size();
    }

    /** Applies every patch to a byte array holding the file. */
    void applyTo(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        dwords.forEach((offset, value) -> b.putInt((int) (long) offset, value));
    }

    /** Applies every patch to a file open for writing, in offset order. */
    void applyTo(FileChannel file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<Long, Integer> e : new TreeMap<>(dwords).entrySet()) {
            b.clear();
            b.putInt(e.getValue()).flip();
            while (b.hasRemaining()) {
                file.write(b, e.getKey() + b.position());
            }
        }
    }
}
