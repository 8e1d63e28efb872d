package io.genscope.migration.dirty;

import java.nio.ByteBuffer;

/**
 * gMig's sampling pre-filter (TPDS 2020): read a few words of a page first; if they differ from
 * what was sent, the page changed and need not be hashed. Equal samples prove nothing, so the page
 * is then hashed in full. The filter can only say "changed", never "unchanged", so it cannot lose
 * a write.
 *
 * <pre>
 * sampled qwords at byte offsets 0, 520, 1040, 1560, 2080, 2600, 3120, 3640 (spread over the
 * page, off any power-of-two stride), folded into one 64-bit value
 * </pre>
 */
public final class PageSample {
    private static final int STRIDE = 520;
    private static final int WORDS = 8;

    private PageSample() {
    }

    /** The sample of the 4 KiB at {@code offset} in {@code buffer}. */
    public static long of(ByteBuffer buffer, int offset) {
        long h = 0;
        for (int i = 0; i < WORDS; i++) {
            h = Long.rotateLeft(h ^ buffer.getLong(offset + i * STRIDE), 27) * 0x9E3779B97F4A7C15L;
        }
        return h;
    }
}
