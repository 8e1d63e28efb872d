package io.genscope.migration.xe.precopy;

import io.genscope.migration.transport.TokenBucket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A channel that emulates a link of a given rate in front of another (a token bucket per 256 KiB
 * piece) and counts what went through. Does not own the channel under it.
 */
final class PacedChannel implements WritableByteChannel {
    private static final int PIECE = 256 << 10;
    private final WritableByteChannel out;
    private final TokenBucket bucket;
    private long bytes;

    /** @param bytesPerSecond the link's rate; 0 for no limit */
    PacedChannel(WritableByteChannel out, double bytesPerSecond) {
        this.out = out;
        this.bucket = bytesPerSecond > 0 ? TokenBucket.forRate(bytesPerSecond) : null;
    }

    /** Bytes written so far. */
    long bytes() {
        return bytes;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int total = 0;
        while (src.hasRemaining()) {
            int n = Math.min(PIECE, src.remaining());
            if (bucket != null) {
                bucket.acquire(n);
            }
            ByteBuffer piece = src.slice().limit(n);
            while (piece.hasRemaining()) {
                out.write(piece);
            }
            src.position(src.position() + n);
            total += n;
        }
        bytes += total;
        return total;
    }

    @Override
    public boolean isOpen() {
        return out.isOpen();
    }

    @Override
    public void close() {
        // the caller owns the channel under it
    }
}
