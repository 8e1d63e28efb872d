package io.genscope.migration.compress;

import io.genscope.migration.Pools;

/**
 * Page compression of a migration.
 *
 * @param mode none, lz4 or delta
 * @param deltaCacheBytes the source's cache of last sent page copies for {@code delta} (whole pages)
 * @param threads compress workers making LZ4 blocks of whole batches in parallel (the encode stage
 *     proper, which orders, chooses and frames, is one more thread)
 */
public record CompressionOptions(Compression mode, long deltaCacheBytes, int threads) {
    /** QEMU's XBZRLE cache defaults to 64 MiB; the vGPU's hot sets are larger, so 256 MiB. */
    public static final long DEFAULT_DELTA_CACHE = 256L << 20;
    /** One compress worker per core, at most 64. */
    public static final int DEFAULT_THREADS = Pools.defaultThreads();
    public static final CompressionOptions NONE = new CompressionOptions(Compression.NONE, DEFAULT_DELTA_CACHE,
            DEFAULT_THREADS);

    public CompressionOptions {
        if (mode == null || deltaCacheBytes < 4096 || deltaCacheBytes > (64L << 30)) {
            throw new IllegalArgumentException("delta cache must be 4K..64G");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("compress threads must be 1..64");
        }
    }

    public static CompressionOptions of(Compression mode) {
        return new CompressionOptions(mode, DEFAULT_DELTA_CACHE, DEFAULT_THREADS);
    }

    public boolean enabled() {
        return mode != Compression.NONE;
    }
}
