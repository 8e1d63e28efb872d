package io.genscope.migration.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file being written, read by another thread as it grows: the reader sees the bytes the writer
 * has flushed and waits for more until the writer finishes (then the end of the stream) or gives
 * up (then the end of the stream at once, wherever it is).
 */
final class FollowedFile {
    private long flushed;
    private boolean finished;

    synchronized void flushed(long totalBytes) {
        flushed = Math.max(flushed, totalBytes);
        notifyAll();
    }

    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    private synchronized long await(long position) throws IOException {
        while (flushed <= position && !finished) {
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while following the stream file");
            }
        }
        return flushed;
    }

    /** A channel reading {@code path} from its start, following this writer. */
    ReadableByteChannel reader(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        return new ReadableByteChannel() {
            private long position;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                long available = await(position);
                if (available <= position) {
                    return -1;
                }
                int want = (int) Math.min(dst.remaining(), available - position);
                int limit = dst.limit();
                dst.limit(dst.position() + want);
                try {
                    int n = ch.read(dst, position);
                    if (n < 0) {
                        return -1;
                    }
                    position += n;
                    return n;
                } finally {
                    dst.limit(limit);
                }
            }

            @Override
            public boolean isOpen() {
                return ch.isOpen();
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
