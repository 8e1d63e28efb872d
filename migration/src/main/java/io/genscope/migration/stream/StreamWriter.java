package io.genscope.migration.stream;

import io.genscope.migration.state.DeviceRegion;
import io.genscope.migration.state.PageStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * Writes a migration stream (see {@link StreamFormat}) into a channel through one off-heap buffer:
 * a page is copied once, from guest memory into the buffer, and that copy is what is checked for
 * zero, hashed (shown to a {@link PageTap} by {@link #showLastPage}), checksummed and sent, so the hash always describes the
 * bytes the destination receives even while the guest keeps writing. Output goes out in pieces of
 * at most 64 KiB, each one after the {@link Pacer} allows it. One thread at a time.
 */
public final class StreamWriter {
    /** Sees each page as it is sent: {@code buffer[offset..+4096]} is the copy (unless zero). */
    @FunctionalInterface
    public interface PageTap {
        void sent(int page, ByteBuffer buffer, int offset, boolean zero);
    }

    private static final int BUFFER_BYTES = 2 << 20;
    private static final int PIECE = 64 << 10;

    private final WritableByteChannel out;
    private final Pacer pacer;
    private final LongConsumer flushed;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer crcView = buf.duplicate();
    private final CRC32C crc = new CRC32C();
    private long records;
    private long pageRecords;
    private long zeroRecords;
    private long bytesFlushed;
    private int lastPageData;
    private boolean lastPageZero;
    private final int headerFlags;

    /**
     * @param flushed told the total number of bytes written so far after every flush (may be null)
     */
    public StreamWriter(WritableByteChannel out, Pacer pacer, LongConsumer flushed) {
        this(out, pacer, flushed, 0);
    }

    /**
     * @param flushed told the total number of bytes written so far after every flush (may be null)
     * @param headerFlags stream header flags ({@link StreamFormat#FLAG_COMPRESSED_PAGES})
     */
    public StreamWriter(WritableByteChannel out, Pacer pacer, LongConsumer flushed, int headerFlags) {
        this.headerFlags = headerFlags;
        this.out = out;
        this.pacer = pacer == null ? Pacer.UNLIMITED : pacer;
        this.flushed = flushed == null ? n -> {
        } : flushed;
    }

    /** Writes the stream header and the SETUP record. */
    public void start(SetupInfo setup) throws IOException {
        ensure(StreamFormat.STREAM_HEADER_BYTES);
        buf.put(StreamFormat.header(headerFlags));
        int pos = begin(RecordKind.SETUP, 0, SetupInfo.BYTES);
        buf.position(pos + StreamFormat.RECORD_HEADER_BYTES);
        setup.encode(buf);
        finish(pos, SetupInfo.BYTES);
    }

    public void roundBegin(long round, Phase phase) throws IOException {
        int pos = begin(RecordKind.ROUND_BEGIN, round, 8);
        buf.putInt(pos + 24, phase.code()).putInt(pos + 28, 0);
        finish(pos, 8);
    }

    public void roundEnd(long round, long pages, long zeroPages) throws IOException {
        int pos = begin(RecordKind.ROUND_END, round, 16);
        buf.putLong(pos + 24, pages).putLong(pos + 32, zeroPages);
        finish(pos, 16);
    }

    /**
     * Sends guest page {@code page} whose bytes are at {@code slab[offset..]}: a PAGE_RAW record,
     * or a PAGE_ZERO record when the copy is all zero.
     *
     * @return whether it went as a zero page
     */
    public boolean page(int page, ByteBuffer slab, int offset) throws IOException {
        int pos = begin(RecordKind.PAGE_RAW, page, PageStore.PAGE_SIZE);
        int data = pos + StreamFormat.RECORD_HEADER_BYTES;
        buf.put(data, slab, offset, PageStore.PAGE_SIZE);
        boolean zero = PageStore.isZero(buf, data);
        if (zero) {
            buf.putShort(pos, (short) RecordKind.PAGE_ZERO.code());
            buf.putInt(pos + 4, 0);
            zeroRecords++;
        }
        finish(pos, zero ? 0 : PageStore.PAGE_SIZE);
        pageRecords++;
        lastPageData = data;
        lastPageZero = zero;
        return zero;
    }

    /**
     * Shows {@code tap} the copy of the page {@link #page} just wrote (call it before anything else
     * is written): the bytes that were checked for zero and checksummed.
     */
    public void showLastPage(int page, PageTap tap) {
        tap.sent(page, buf, lastPageData, lastPageZero);
    }

    /**
     * Sends an encoded page: a PAGE_COMPRESSED or PAGE_DELTA record with the payload
     * {@code payload[offset..+length]} (the writer must have been made with FLAG_COMPRESSED_PAGES).
     */
    public void encodedPage(int page, RecordKind kind, ByteBuffer payload, int offset, int length) throws IOException {
        if (!kind.compressedPage() || (headerFlags & StreamFormat.FLAG_COMPRESSED_PAGES) == 0) {
            throw new IllegalStateException(kind + " in a stream without compressed pages");
        }
        int pos = begin(kind, page, length);
        buf.put(pos + StreamFormat.RECORD_HEADER_BYTES, payload, offset, length);
        finish(pos, length);
        pageRecords++;
    }

    /** Sends a PAGE_ZERO record for a page known to be zero (never written). */
    public void zeroPage(int page) throws IOException {
        int pos = begin(RecordKind.PAGE_ZERO, page, 0);
        finish(pos, 0);
        pageRecords++;
        zeroRecords++;
    }

    /**
     * Sends all device-state regions, each cut into chunks of at most {@link StreamFormat#DEVICE_CHUNK}
     * bytes, and returns their sums for the END record.
     */
    public List<EndInfo.RegionSum> device(Map<DeviceRegion, byte[]> regions) throws IOException {
        List<EndInfo.RegionSum> sums = new ArrayList<>();
        CRC32C whole = new CRC32C();
        for (Map.Entry<DeviceRegion, byte[]> e : regions.entrySet()) {
            byte[] bytes = e.getValue();
            int id = e.getKey().id();
            for (int off = 0; off < bytes.length; off += StreamFormat.DEVICE_CHUNK) {
                int n = Math.min(StreamFormat.DEVICE_CHUNK, bytes.length - off);
                int pos = begin(RecordKind.DEVICE, ((long) id << 32) | off, n);
                buf.put(pos + StreamFormat.RECORD_HEADER_BYTES, bytes, off, n);
                finish(pos, n);
            }
            whole.reset();
            whole.update(bytes);
            sums.add(new EndInfo.RegionSum(e.getKey(), bytes.length, (int) whole.getValue()));
        }
        return sums;
    }

    /** Writes the END record and flushes everything. */
    public void end(List<EndInfo.RegionSum> regions) throws IOException {
        EndInfo info = new EndInfo(records, pageRecords, regions);
        int pos = begin(RecordKind.END, 0, info.bytes());
        buf.position(pos + StreamFormat.RECORD_HEADER_BYTES);
        info.encode(buf);
        finish(pos, info.bytes());
        flush();
    }

    /** Sends whatever is buffered. */
    public void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            int end = buf.limit();
            int n = Math.min(PIECE, end - buf.position());
            pacer.acquire(n);
            buf.limit(buf.position() + n);
            while (buf.hasRemaining()) {
                bytesFlushed += out.write(buf);
            }
            buf.limit(end);
        }
        buf.clear();
        flushed.accept(bytesFlushed);
    }

    /** Bytes produced so far, buffered or sent. */
    public long bytes() {
        return bytesFlushed + buf.position();
    }

    /** Records produced so far. */
    public long records() {
        return records;
    }

    public long pageRecords() {
        return pageRecords;
    }

    public long zeroRecords() {
        return zeroRecords;
    }

    private void ensure(int bytes) throws IOException {
        if (buf.remaining() < bytes) {
            flush();
        }
    }

    /** Reserves a record with a zero CRC; the payload goes at position + 24. */
    private int begin(RecordKind kind, long arg, int payload) throws IOException {
        ensure(StreamFormat.RECORD_HEADER_BYTES + payload);
        int pos = buf.position();
        buf.putShort(pos, (short) kind.code()).putShort(pos + 2, (short) 0).putInt(pos + 4, payload)
                .putLong(pos + 8, arg).putInt(pos + 16, (int) records).putInt(pos + 20, 0);
        return pos;
    }

    private void finish(int pos, int payload) {
        crc.reset();
        crcView.clear();
        crcView.position(pos).limit(pos + 20);
        crc.update(crcView);
        if (payload > 0) {
            crcView.limit(pos + StreamFormat.RECORD_HEADER_BYTES + payload).position(pos + StreamFormat.RECORD_HEADER_BYTES);
            crc.update(crcView);
        }
        buf.putInt(pos + 20, (int) crc.getValue());
        buf.position(pos + StreamFormat.RECORD_HEADER_BYTES + payload);
        records++;
    }
}
