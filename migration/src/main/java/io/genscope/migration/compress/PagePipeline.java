package io.genscope.migration.compress;

import io.genscope.migration.report.PageCounts;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.stream.Pacer;
import io.genscope.migration.stream.RecordKind;
import io.genscope.migration.stream.StreamFormat;
import io.genscope.migration.stream.StreamWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Copy, encode and send as pipelined stages on three threads (the architecture of Naoi and
 * Yamada's delta-compressed Xen migration):
 *
 * <pre>
 * copy   (the migration thread)  guest page -&gt; batch of 64 copies; zero check; tap (hash) on the copy
 *          | 8 batches (2 MiB) in flight, each handed to a compress worker and to the encode queue
 * compress ("genscope-compress-N", one per core)  LZ4 blocks of a whole batch, batches in parallel
 *          | the encode stage takes batches in copy order and waits for each one's blocks
 * encode ("genscope-encode")     zero / delta / LZ4 / raw per page (PageEncoder), framing and
 *          |                     CRC-32C (StreamWriter, 2 MiB buffer)
 *          | queue of 64 pieces of 64 KiB (SendStage)
 * send   ("genscope-send")       link tokens (--bandwidth), writes to the file or socket
 * </pre>
 *
 * Each queue is bounded, so a slow link stalls encoding and a slow encoder stalls copying (the
 * migration thread then waits for a free batch): memory in flight is fixed at about 8 MiB. The
 * page hash is taken on the copy the encoder then encodes, so it describes the bytes the
 * destination ends up with. Records other than pages (rounds, device state, END) are written
 * by the migration thread while the encode stage is idle: {@link #drain()} hands the writer over.
 */
public final class PagePipeline implements AutoCloseable {
    static final int BATCH_PAGES = 64;
    static final int BATCHES = 8;

    private static final class Batch {
        final ByteBuffer pages = ByteBuffer.allocateDirect(BATCH_PAGES * PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        final ByteBuffer blocks = ByteBuffer.allocateDirect(BATCH_PAGES * Lz4Page.MAX_BLOCK).order(ByteOrder.LITTLE_ENDIAN);
        final int[] blockLength = new int[BATCH_PAGES];
        final int[] numbers = new int[BATCH_PAGES];
        final boolean[] zero = new boolean[BATCH_PAGES];
        /** Released by the compress worker when the blocks are made. */
        final Semaphore compressed = new Semaphore(0);
        volatile Throwable compressFailure;
        int count;
    }

    private final SendStage send;
    private final StreamWriter writer;
    private final PageEncoder encoder;
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final Batch stop = new Batch();
    private final ByteBuffer zeroPage = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private final Thread thread;
    private final BlockingQueue<Batch> toCompress = new ArrayBlockingQueue<>(BATCHES + 64);
    private final Thread[] workers;
    private final AtomicLong workerNanos = new AtomicLong();
    private volatile Throwable failure;
    private Batch current;
    private boolean closed;

    /**
     * @param out the link's channel
     * @param pacer link tokens (null: unlimited)
     * @param flushed told the bytes written to {@code out} so far after each write
     * @param options lz4 or delta
     * @param pages guest pages
     */
    public PagePipeline(WritableByteChannel out, Pacer pacer, LongConsumer flushed, CompressionOptions options, int pages) {
        this.send = new SendStage(out, pacer, flushed);
        this.writer = new StreamWriter(send, null, null, StreamFormat.FLAG_COMPRESSED_PAGES);
        this.encoder = new PageEncoder(options, pages);
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch());
        }
        thread = new Thread(this::run, "genscope-encode");
        thread.setDaemon(true);
        thread.start();
        workers = new Thread[options.threads()];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(this::compressLoop, "genscope-compress-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    /** Makes the LZ4 block of every non-zero page of each batch it takes. */
    private void compressLoop() {
        Lz4Page lz4 = new Lz4Page();
        try {
            while (true) {
                Batch b = toCompress.take();
                if (b == stop) {
                    return;
                }
                long t = System.nanoTime();
                try {
                    for (int i = 0; i < b.count; i++) {
                        b.blockLength[i] = b.zero[i] ? -1
                                : lz4.compress(b.pages, i * PageStore.PAGE_SIZE, b.blocks, i * Lz4Page.MAX_BLOCK);
                    }
                } catch (RuntimeException | Error e) {
                    b.compressFailure = e;
                } finally {
                    workerNanos.addAndGet(System.nanoTime() - t);
                    b.compressed.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stream writer; the caller may use it only between {@link #drain()} and the next {@link #copy}. */
    public StreamWriter writer() {
        return writer;
    }

    public PageEncoder encoder() {
        return encoder;
    }

    /** Page counters; the encode time includes the compress workers' (all threads together). */
    public PageCounts counts() {
        return encoder.counts(workerNanos.get());
    }

    /** Bytes the send stage wrote to the link so far. */
    public long sentBytes() {
        return send.written();
    }

    /**
     * The copy stage: copies {@code page} of {@code memory} into the current batch (a page whose
     * slab was never written is not read), checks it for zero, shows it to {@code tap} and queues
     * the batch when full.
     *
     * @return whether the page is zero
     */
    public boolean copy(int page, PageStore memory, StreamWriter.PageTap tap) throws IOException {
        if (current == null) {
            current = take(free);
        }
        Batch b = current;
        int i = b.count;
        int at = i * PageStore.PAGE_SIZE;
        ByteBuffer slab = memory.slabOrNull(page);
        boolean zero;
        if (slab == null) {
            zero = true;
            if (tap != null) {
                tap.sent(page, zeroPage, 0, true);
            }
        } else {
            b.pages.put(at, slab, PageStore.offsetInSlab(page), PageStore.PAGE_SIZE);
            zero = PageStore.isZero(b.pages, at);
            if (tap != null) {
                tap.sent(page, b.pages, at, zero);
            }
        }
        b.numbers[i] = page;
        b.zero[i] = zero;
        b.count = i + 1;
        if (b.count == BATCH_PAGES) {
            submit();
        }
        return zero;
    }

    /** Queues the current batch (if any) and waits until the encode stage has written everything. */
    public void drain() throws IOException {
        submit();
        Batch[] all = new Batch[BATCHES];
        for (int i = 0; i < BATCHES; i++) {
            all[i] = take(free);
        }
        for (Batch b : all) {
            free.add(b);
        }
        check();
    }

    /** After the last record: drains the encode stage, flushes the writer and waits for the link. */
    public void finish() throws IOException {
        drain();
        writer.flush();
        send.drain();
    }

    private void submit() throws IOException {
        if (current != null && current.count > 0) {
            full.add(current);
            toCompress.add(current);
            current = null;
        }
    }

    private void run() {
        try {
            while (true) {
                Batch b = full.take();
                if (b == stop) {
                    return;
                }
                if (failure == null) {
                    try {
                        encode(b);
                    } catch (IOException | RuntimeException | Error e) {
                        failure = e;
                    }
                } else {
                    b.compressed.tryAcquire(2, TimeUnit.SECONDS); // the worker may still hold it
                }
                b.count = 0;
                free.add(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void encode(Batch b) throws IOException, InterruptedException {
        while (!b.compressed.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            if (closed) {
                throw new IOException("the page pipeline was closed");
            }
        }
        if (b.compressFailure != null) {
            throw new IOException("compress worker failed: " + b.compressFailure, b.compressFailure);
        }
        for (int i = 0; i < b.count; i++) {
            int page = b.numbers[i];
            if (b.zero[i]) {
                encoder.zero(page);
                writer.zeroPage(page);
                continue;
            }
            int at = i * PageStore.PAGE_SIZE;
            RecordKind kind = encoder.encode(page, b.pages, at, b.blocks, i * Lz4Page.MAX_BLOCK, b.blockLength[i]);
            if (kind == RecordKind.PAGE_RAW) {
                writer.page(page, b.pages, at);
            } else {
                writer.encodedPage(page, kind, encoder.payload(), encoder.payloadOffset(), encoder.length());
            }
        }
    }

    private <T> T take(BlockingQueue<T> q) throws IOException {
        while (true) {
            check();
            if (closed) {
                throw new IOException("the page pipeline was closed");
            }
            try {
                T t = q.poll(50, TimeUnit.MILLISECONDS);
                if (t != null) {
                    return t;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the encode stage");
            }
        }
    }

    private void check() throws IOException {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw new IOException(io.getMessage() == null ? io.toString() : io.getMessage(), io);
        }
        if (f instanceof java.io.UncheckedIOException u) {
            throw new IOException(u.getCause().getMessage(), u.getCause());
        }
        if (f != null) {
            throw new IOException("encode stage failed: " + f, f);
        }
    }

    /** Stops both threads; {@code abandon} when the migration failed (queued bytes are dropped). */
    public void shutdown(boolean abandon) {
        if (closed) {
            return;
        }
        closed = true;
        if (abandon) {
            // the send stage first: an encoder waiting for a free piece then fails at once
            failure = failure == null ? new IOException("the page pipeline was stopped") : failure;
            send.shutdown(true);
        }
        full.add(stop);
        for (int i = 0; i < workers.length; i++) {
            toCompress.add(stop);
        }
        try {
            thread.join(abandon ? 2000 : 60_000);
            for (Thread w : workers) {
                w.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!abandon) {
            send.shutdown(false);
        }
    }

    @Override
    public void close() {
        shutdown(false);
    }
}
