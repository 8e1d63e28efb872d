package io.genscope.migration.dirty;

import java.nio.ByteBuffer;

/** A 64-bit content hash of a 4 KiB page (see {@link PageHash} for the ones the engine offers). */
public interface PageHasher {
    /** The hash of the 4 KiB at {@code offset} in {@code buffer}. */
    long hash(ByteBuffer buffer, int offset);

    /** The hash of an all-zero page. */
    long zeroPage();

    /** Its name in reports. */
    String name();
}
