package io.genscope.migration.dirty;

import java.util.Arrays;
import java.util.function.IntConsumer;

/** A plain (single-writer) set of page numbers as a bitmap: one bit per page. */
public final class PageSet {
    private final long[] words;
    private final int pages;

    public PageSet(int pages) {
        this.pages = pages;
        this.words = new long[(pages + 63) >>> 6];
    }

    public int pages() {
        return pages;
    }

    public void add(int page) {
        words[page >>> 6] |= 1L << page;
    }

    /** Adds the pages set in {@code bits} to word {@code w} (pages {@code w << 6} .. {@code +63}). */
    public void addWord(int w, long bits) {
        words[w] |= bits;
    }

    public boolean contains(int page) {
        return (words[page >>> 6] & (1L << page)) != 0;
    }

    /** Word {@code w} of the bitmap (pages {@code w << 6} .. {@code +63}); 0 past the end. */
    public long word(int w) {
        return w < words.length ? words[w] : 0;
    }

    public int size() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    public void clear() {
        Arrays.fill(words, 0);
    }

    /** Calls {@code sink} for every page in the set, ascending. */
    public void forEach(IntConsumer sink) {
        for (int w = 0; w < words.length; w++) {
            long bits = words[w];
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                sink.accept((w << 6) + b);
            }
        }
    }

    /** The pages in the set, ascending. */
    public int[] toArray() {
        int[] out = new int[size()];
        int[] i = {0};
        forEach(p -> out[i[0]++] = p);
        return out;
    }
}
