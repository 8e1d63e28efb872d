package io.genscope.migration.compress;

import io.genscope.migration.stream.Pacer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The send stage: a channel whose writes are copied into 64 KiB pieces and queued for a thread of
 * its own, which takes link tokens ({@link Pacer}) and writes them to the real channel. At most
 * {@link #PIECES} pieces (4 MiB) wait; a writer that finds none free waits for the link
 * (backpressure). A failure of the real channel is reported by the next write, {@link #drain}
 * or {@link #close}.
 */
public final class SendStage implements WritableByteChannel {
    static final int PIECE = 64 << 10;
    static final int PIECES = 64;

    private final WritableByteChannel out;
    private final Pacer pacer;
    private final LongConsumer flushed;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(PIECES);
    private final BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(PIECES + 1);
    private final ByteBuffer stop = ByteBuffer.allocate(0);
    private final Thread thread;
    private volatile IOException failure;
    private volatile boolean open = true;
    private volatile long written;

    public SendStage(WritableByteChannel out, Pacer pacer, LongConsumer flushed) {
        this.out = out;
        this.pacer = pacer == null ? Pacer.UNLIMITED : pacer;
        this.flushed = flushed == null ? n -> {
        } : flushed;
        for (int i = 0; i < PIECES; i++) {
            free.add(ByteBuffer.allocateDirect(PIECE));
        }
        thread = new Thread(this::run, "genscope-send");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                ByteBuffer b = full.take();
                if (b == stop) {
                    return;
                }
                if (failure == null) {
                    try {
                        pacer.acquire(b.remaining());
                        while (b.hasRemaining()) {
                            written += out.write(b);
                        }
                        flushed.accept(written);
                    } catch (IOException e) {
                        failure = e;
                    } catch (java.io.UncheckedIOException e) {
                        failure = e.getCause();
                    } catch (RuntimeException e) {
                        failure = new IOException(e.toString(), e);
                    }
                }
                b.clear();
                free.add(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        while (src.hasRemaining()) {
            ByteBuffer b = takeFree();
            int k = Math.min(PIECE, src.remaining());
            int lim = src.limit();
            src.limit(src.position() + k);
            b.put(src);
            src.limit(lim);
            b.flip();
            full.add(b);
        }
        return n;
    }

    /** Waits until every queued byte went out on the real channel. */
    public void drain() throws IOException {
        ByteBuffer[] all = new ByteBuffer[PIECES];
        for (int i = 0; i < PIECES; i++) {
            all[i] = takeFree();
        }
        for (ByteBuffer b : all) {
            free.add(b);
        }
        check();
    }

    private ByteBuffer takeFree() throws IOException {
        while (true) {
            check();
            if (!open) {
                throw new ClosedChannelException();
            }
            try {
                ByteBuffer b = free.poll(50, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the link");
            }
        }
    }

    private void check() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException(f.getMessage() == null ? f.toString() : f.getMessage(), f);
        }
    }

    /** Bytes written to the real channel so far. */
    public long written() {
        return written;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /**
     * Stops the thread after what is queued (or at once when {@code abandon}: the link is being
     * dropped). Does not close the real channel.
     */
    public void shutdown(boolean abandon) {
        if (!thread.isAlive()) {
            open = false;
            return;
        }
        open = false;
        if (abandon) {
            failure = failure == null ? new IOException("the send stage was stopped") : failure;
            thread.interrupt();
        }
        full.add(stop);
        try {
            thread.join(abandon ? 2000 : 60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(false);
    }
}
