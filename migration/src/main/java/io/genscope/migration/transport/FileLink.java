package io.genscope.migration.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A migration recorded into a file, with an in-process destination that restores it while it is
 * written (following the file as it grows), so downtime and verification are measured the same
 * way as over TCP. The file stays behind as the recording.
 */
public final class FileLink implements Link {
    private final FileChannel out;
    private final FollowedFile follow = new FollowedFile();
    private final LinkedBlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final Thread destination;
    private volatile Destination.Result result;

    FileLink(Path path, Destination.Options options) throws IOException {
        this.out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        ReadableByteChannel in = follow.reader(path);
        this.destination = new Thread(() -> {
            try (in) {
                result = Destination.serve(in, replies::add, options);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "genscope-destination");
        destination.setDaemon(true);
        destination.start();
    }

    @Override
    public WritableByteChannel channel() {
        return out;
    }

    @Override
    public void flushed(long totalBytes) {
        follow.flushed(totalBytes);
        if (replies.peek() instanceof Reply.Rejected) {
            // the destination refused the stream early: stop sending (the reply stays queued)
            throw new UncheckedIOException(new IOException("the destination stopped the stream"));
        }
    }

    @Override
    public void finishSending() throws IOException {
        out.close();
        follow.finish();
    }

    @Override
    public Reply awaitReply(long timeoutMillis) throws IOException {
        try {
            return replies.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the destination");
        }
    }

    /** What the in-process destination did (after {@link #close()}). */
    public Destination.Result result() {
        return result;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // closing a file we wrote; nothing to add
        }
        follow.finish();
        try {
            destination.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
