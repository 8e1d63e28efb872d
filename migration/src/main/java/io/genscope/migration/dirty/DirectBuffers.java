package io.genscope.migration.dirty;

import java.nio.ByteBuffer;
import net.openhft.hashing.Access;
import net.openhft.hashing.LongHashFunction;
import net.openhft.hashing.LongTupleHashFunction;

/**
 * Hashing of off-heap buffers through zero-allocation-hashing. Its fast path reads a direct
 * buffer's memory in place but needs the JDK's {@code sun.nio.ch} package exported to it (the
 * genscope jar's manifest says {@code Add-Exports: java.base/sun.nio.ch}; tests and benchmarks pass
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}). Without it the library's ByteBuffer
 * accessor is used: same hash values, somewhat slower.
 */
public final class DirectBuffers {
    /** Whether the in-place fast path is usable in this JVM. */
    public static final boolean FAST = Object.class.getModule().isExported("sun.nio.ch", LongHashFunction.class.getModule());
    private static final Access<ByteBuffer> ACCESS = Access.toByteBuffer();

    private DirectBuffers() {
    }

    public static long hash(LongHashFunction f, ByteBuffer b, int offset, int length) {
        return FAST || !b.isDirect() ? f.hashBytes(b, offset, length) : f.hash(b, ACCESS, offset, length);
    }

    public static void hash(LongTupleHashFunction f, ByteBuffer b, int offset, int length, long[] result) {
        if (FAST || !b.isDirect()) {
            f.hashBytes(b, offset, length, result);
        } else {
            f.hash(b, ACCESS, offset, length, result);
        }
    }
}
