package io.genscope.migration.compress;

/**
 * Page compression of a migration.
 *
 * @param mode none, lz4 or delta
 * @param deltaCacheBytes the source's cache of last sent page copies for {@code delta} (whole pages)
 */
public record CompressionOptions(Compression mode, long deltaCacheBytes) {
    /** QEMU's XBZRLE cache defaults to 64 MiB; the vGPU's hot sets are larger, so 256 MiB. */
    public static final long DEFAULT_DELTA_CACHE = 256L << 20;
    public static final CompressionOptions NONE = new CompressionOptions(Compression.NONE, DEFAULT_DELTA_CACHE);

    public CompressionOptions {
        if (mode == null || deltaCacheBytes < 4096 || deltaCacheBytes > (64L << 30)) {
            throw new IllegalArgumentException("delta cache must be 4K..64G");
        }
    }

    public static CompressionOptions of(Compression mode) {
        return new CompressionOptions(mode, DEFAULT_DELTA_CACHE);
    }

    public boolean enabled() {
        return mode != Compression.NONE;
    }
}
