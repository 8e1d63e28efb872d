package io.genscope.parser.memory;

import java.io.ByteArrayOutputStream;

/**
 * Builds a fake capture file out of data blobs and applies them to a {@link PhysicalMemory}, for
 * tests: every blob is appended to the file and written at its physical address.
 */
final class MemoryFixture {
    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private final java.util.List<long[]> writes = new java.util.ArrayList<>();

    /** Adds a write of {@code dwords} at physical {@code address}. */
    MemoryFixture dwords(long address, int... dwords) {
        byte[] b = new byte[4 * dwords.length];
        for (int i = 0; i < dwords.length; i++) {
            for (int j = 0; j < 4; j++) {
                b[4 * i + j] = (byte) (dwords[i] >>> (8 * j));
            }
        }
        return bytes(address, b);
    }

    /** Adds a write of one qword. */
    MemoryFixture qword(long address, long value) {
        return dwords(address, (int) value, (int) (value >>> 32));
    }

    MemoryFixture bytes(long address, byte[] data) {
        writes.add(new long[] {address, file.size(), data.length});
        file.write(data, 0, data.length);
        return this;
    }

    /** A whole page filled with {@code base + dword index}. */
    MemoryFixture page(long address, int base) {
        int[] d = new int[1024];
        for (int i = 0; i < d.length; i++) {
            d[i] = base + i;
        }
        return dwords(address, d);
    }

    /** Where in the fake file the most recently added blob sits. */
    long lastOffset() {
        return writes.get(writes.size() - 1)[1];
    }

    PhysicalMemory build() {
        PhysicalMemory memory = new PhysicalMemory(MappedBytes.wrap(file.toByteArray()));
        for (long[] w : writes) {
            if (!memory.write(w[0], w[1], w[2])) {
                throw new IllegalStateException("memory full");
            }
        }
        return memory;
    }
}
