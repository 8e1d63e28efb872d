package io.genscope.migration.compress;

import io.genscope.migration.dirty.PageSet;
import io.genscope.migration.report.PageCounts;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.stream.RecordKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Chooses how a copied page goes on the wire and encodes it: a delta against the last sent copy
 * when the cache holds one and the delta is smallest, else LZ4 when the block is smaller than a
 * page, else raw. Zero pages are told apart before (they stay PAGE_ZERO). Keeps the counters for
 * the report. One thread at a time (the encode stage).
 *
 * <pre>
 * delta cached and delta &lt;= 1/8 page  -> PAGE_DELTA (LZ4 not tried: it cannot win by much)
 * otherwise the smallest of: delta, LZ4 block, both &lt; 4096 bytes -> PAGE_DELTA / PAGE_COMPRESSED
 * nothing smaller than a page       -> PAGE_RAW
 * </pre>
 */
public final class PageEncoder {
    private static final int SMALL_DELTA = PageStore.PAGE_SIZE / 8;

    private final Lz4Page lz4 = new Lz4Page();
    private final DeltaCache cache;
    private final PageSet sentBefore;
    private final ByteBuffer deltaOut = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer lz4Out = ByteBuffer.allocateDirect(Lz4Page.MAX_BLOCK).order(ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer payload;
    private int payloadOffset;
    private int length;
    private long raw;
    private long zero;
    private long lz4Pages;
    private long delta;
    private long bytesBefore;
    private long bytesAfter;
    private long nanos;

    /**
     * @param options the mode (lz4 or delta) and the delta cache size
     * @param pages guest pages
     */
    public PageEncoder(CompressionOptions options, int pages) {
        this.cache = options.mode() == Compression.DELTA ? new DeltaCache(options.deltaCacheBytes()) : null;
        this.sentBefore = cache == null ? null : new PageSet(pages);
    }

    /**
     * Encodes the non-zero page {@code src[offset..+4096]}: returns PAGE_RAW, PAGE_COMPRESSED or
     * PAGE_DELTA; for the last two the payload is {@link #payload()}[0..{@link #length()}].
     */
    public RecordKind encode(int page, ByteBuffer src, int offset) {
        return encode(page, src, offset, null, 0, -1);
    }

    /**
     * As {@link #encode(int, ByteBuffer, int)} with the page's LZ4 block already made (by a
     * compress worker) at {@code block[blockOffset..+blockLength]}; {@code block} null: not made.
     */
    public RecordKind encode(int page, ByteBuffer src, int offset, ByteBuffer block, int blockOffset, int blockLength) {
        long t = System.nanoTime();
        int deltaLen = -1;
        if (cache != null) {
            int slot = cache.lookup(page);
            if (slot >= 0) {
                deltaLen = PageDelta.encode(cache.buffer(slot), DeltaCache.offset(slot), src, offset, deltaOut, 0,
                        PageStore.PAGE_SIZE - 1);
            }
        }
        RecordKind kind;
        if (deltaLen >= 0 && deltaLen <= SMALL_DELTA) {
            kind = RecordKind.PAGE_DELTA;
        } else {
            int lz4Len;
            if (block == null) {
                lz4Len = lz4.compress(src, offset, lz4Out, 0);
                block = lz4Out;
                blockOffset = 0;
            } else {
                lz4Len = blockLength;
            }
            if (deltaLen >= 0 && deltaLen <= lz4Len) {
                kind = RecordKind.PAGE_DELTA;
            } else if (lz4Len < PageStore.PAGE_SIZE) {
                kind = RecordKind.PAGE_COMPRESSED;
                payload = block;
                payloadOffset = blockOffset;
                length = lz4Len;
            } else {
                kind = RecordKind.PAGE_RAW;
                payload = null;
                length = PageStore.PAGE_SIZE;
            }
        }
        if (kind == RecordKind.PAGE_DELTA) {
            payload = deltaOut;
            payloadOffset = 0;
            length = deltaLen;
            delta++;
        } else if (kind == RecordKind.PAGE_COMPRESSED) {
            lz4Pages++;
        } else {
            raw++;
        }
        if (cache != null) {
            boolean resent = sentBefore.contains(page);
            sentBefore.add(page);
            cache.remember(page, resent, src, offset);
        }
        bytesBefore += PageStore.PAGE_SIZE;
        bytesAfter += length;
        nanos += System.nanoTime() - t;
        return kind;
    }

    /** {@code page} goes as a zero page. */
    public void zero(int page) {
        zero++;
        if (cache != null) {
            sentBefore.add(page);
            cache.forget(page);
        }
    }

    public ByteBuffer payload() {
        return payload;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int length() {
        return length;
    }

    public PageCounts counts() {
        return counts(0);
    }

    /** The counters, with {@code workerNanos} of LZ4 made by compress workers added to the encode time. */
    public PageCounts counts(long workerNanos) {
        return new PageCounts(raw, zero, lz4Pages, delta, bytesBefore, bytesAfter, (nanos + workerNanos) / 1e6);
    }

    /** The delta cache (null unless delta). */
    public DeltaCache cache() {
        return cache;
    }
}
