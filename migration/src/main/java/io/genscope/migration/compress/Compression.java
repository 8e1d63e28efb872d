package io.genscope.migration.compress;

import java.util.Locale;

/** How page contents are encoded on the wire ({@code --compress}). */
public enum Compression {
    /** Raw and zero pages only, written by the migration thread itself (stream version 1 as in D1). */
    NONE,
    /** Copy, encode and send pipelined; a page goes as LZ4 when that is smaller than raw. */
    LZ4,
    /**
     * As {@link #LZ4}, and a page whose last sent copy is still in the delta cache goes as a word
     * delta against it when that is the smallest.
     */
    DELTA;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Compression parse(String s) {
        for (Compression c : values()) {
            if (c.cliName().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + s + "' (none, lz4, delta)");
    }
}
