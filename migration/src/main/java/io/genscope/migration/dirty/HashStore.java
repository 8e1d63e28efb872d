package io.genscope.migration.dirty;

/**
 * The hash of each page as it was last sent (gMig's tag store), indexed by page number: 8 bytes per
 * page (2 MiB per GiB of guest memory), plus 8 more when the sampling pre-filter is on, plus one
 * bit saying the page has a tag. Written by one thread at a time; readers start after the writer
 * handed over (thread start or executor submission orders them).
 */
public final class HashStore {
    private final long[] hashes;
    private final long[] samples;
    private final PageSet tagged;

    public HashStore(int pages, boolean sampling) {
        this.hashes = new long[pages];
        this.samples = sampling ? new long[pages] : null;
        this.tagged = new PageSet(pages);
    }

    public boolean sampling() {
        return samples != null;
    }

    /** Records what was sent for {@code page}. */
    public void store(int page, long hash, long sample) {
        hashes[page] = hash;
        if (samples != null) {
            samples[page] = sample;
        }
        tagged.add(page);
    }

    public boolean has(int page) {
        return tagged.contains(page);
    }

    public long hash(int page) {
        return hashes[page];
    }

    public long sample(int page) {
        return samples == null ? 0 : samples[page];
    }

    public int size() {
        return tagged.size();
    }
}
