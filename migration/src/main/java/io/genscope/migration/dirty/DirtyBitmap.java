package io.genscope.migration.dirty;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.IntConsumer;

/**
 * One bit per guest page: the CPU dirty log. Writers set bits with an atomic OR after writing the
 * page; the migration harvests words with an atomic swap to zero before copying the pages. A write
 * that lands after the harvest therefore sets its bit again and is sent in a later round: no write
 * is lost, whatever the interleaving.
 *
 * <pre>
 * page p  -&gt;  word p &gt;&gt;&gt; 6, bit p &amp; 63
 * </pre>
 */
public final class DirtyBitmap {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] words;
    private final int pages;

    public DirtyBitmap(int pages) {
        this.pages = pages;
        this.words = new long[(pages + 63) >>> 6];
    }

    public int pages() {
        return pages;
    }

    /** Marks page {@code page} dirty (called by a writer after it wrote the page). */
    public void mark(int page) {
        WORDS.getAndBitwiseOr(words, page >>> 6, 1L << page);
    }

    /** Marks every page dirty. */
    public void markAll() {
        for (int w = 0; w < words.length; w++) {
            int left = pages - (w << 6);
            WORDS.getAndBitwiseOr(words, w, left >= 64 ? -1L : (1L << left) - 1);
        }
    }

    /** Marks dirty every page whose bit is set in {@code bits} (a bitmap of the same layout). */
    public void markWords(long[] bits) {
        int n = Math.min(bits.length, words.length);
        for (int w = 0; w < n; w++) {
            if (bits[w] != 0) {
                WORDS.getAndBitwiseOr(words, w, bits[w]);
            }
        }
    }

    public boolean isDirty(int page) {
        return ((long) WORDS.getVolatile(words, page >>> 6) & (1L << page)) != 0;
    }

    /** Clears page {@code page}; returns whether it was dirty. */
    public boolean clear(int page) {
        long bit = 1L << page;
        return ((long) WORDS.getAndBitwiseAnd(words, page >>> 6, ~bit) & bit) != 0;
    }

    /** Number of dirty pages now (a snapshot; writers may add more meanwhile). */
    public int count() {
        int n = 0;
        for (int w = 0; w < words.length; w++) {
            n += Long.bitCount((long) WORDS.getVolatile(words, w));
        }
        return n;
    }

    /** Number of dirty pages that are not set in {@code exclude}. */
    public int countExcluding(PageSet exclude) {
        int n = 0;
        for (int w = 0; w < words.length; w++) {
            n += Long.bitCount((long) WORDS.getVolatile(words, w) & ~exclude.word(w));
        }
        return n;
    }

    /**
     * Atomically takes the dirty bits of word {@code w} (64 pages from {@code w << 6}), leaving
     * them clear, except those set in {@code keep} (which stay dirty).
     */
    public long harvestWord(int w, long keep) {
        long now = (long) WORDS.getVolatile(words, w);
        if ((now & ~keep) == 0) {
            return 0;
        }
        return (long) WORDS.getAndBitwiseAnd(words, w, keep) & ~keep;
    }

    public int wordCount() {
        return words.length;
    }

    /** Takes every dirty page (clearing it) and hands it to {@code sink}, in ascending order. */
    public int harvest(IntConsumer sink) {
        int n = 0;
        for (int w = 0; w < words.length; w++) {
            long bits = harvestWord(w, 0);
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                sink.accept((w << 6) + b);
                n++;
            }
        }
        return n;
    }
}
