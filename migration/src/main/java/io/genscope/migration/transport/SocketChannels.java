package io.genscope.migration.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;

/** Channels over the (possibly encrypted) streams of a socket, with deadlines. */
final class SocketChannels {
    /** Bytes per write call: a write of this much that makes no progress for the stall time fails. */
    static final int CHUNK = 64 << 10;
    /** The same for a plain socket channel, which takes direct buffers whole: 1 MiB. */
    static final int DIRECT_CHUNK = 1 << 20;

    private SocketChannels() {
    }

    /**
     * Reads {@code in}; a read that times out (the socket's SO_TIMEOUT) fails with {@code idle}
     * as its message, and one that fails because {@code deadline} closed the socket with its message.
     */
    static ReadableByteChannel readable(InputStream in, String idle, java.util.function.Supplier<String> closedBecause) {
        return new Reading() {
            private final byte[] tmp = new byte[CHUNK];

            @Override
            public int read(ByteBuffer dst) throws IOException {
                int want = Math.min(dst.remaining(), tmp.length);
                if (want == 0) {
                    return 0;
                }
                int n;
                try {
                    n = dst.hasArray() ? in.read(dst.array(), dst.arrayOffset() + dst.position(), want) : in.read(tmp, 0, want);
                } catch (SocketTimeoutException e) {
                    throw new IOException(idle, e);
                } catch (IOException e) {
                    String why = closedBecause.get();
                    throw why == null ? e : new IOException(why, e);
                }
                if (n < 0) {
                    return -1;
                }
                if (dst.hasArray()) {
                    dst.position(dst.position() + n);
                } else {
                    dst.put(tmp, 0, n);
                }
                return n;
            }
        };
    }

    /**
     * Reads a blocking socket channel straight into {@code dst} (a direct buffer gets the kernel's
     * bytes without a copy through the heap). A read that waits longer than {@code watch} allows
     * (the watch then closes the socket) fails with {@code idle}; one that fails because a deadline
     * closed the socket with that deadline's message.
     */
    static ReadableByteChannel readable(SocketChannel socket, Deadlines.WriteWatch watch, String idle,
            java.util.function.Supplier<String> closedBecause) {
        return new Reading() {

            @Override
            public int read(ByteBuffer dst) throws IOException {
                watch.begin();
                try {
                    return socket.read(dst);
                } catch (IOException e) {
                    String why = closedBecause.get();
                    throw watch.fired() ? new IOException(idle, e) : why == null ? e : new IOException(why, e);
                } finally {
                    watch.end();
                }
            }
        };
    }

    /**
     * Writes straight to a blocking socket channel (direct buffers reach the kernel without a copy),
     * {@link #DIRECT_CHUNK} at a time, each watched by {@code watch}.
     */
    static WritableByteChannel writable(SocketChannel socket, Deadlines.WriteWatch watch) {
        return new Writing() {

            @Override
            public synchronized int write(ByteBuffer src) throws IOException {
                int total = 0;
                int limit = src.limit();
                try {
                    while (src.position() < limit) {
                        src.limit(Math.min(limit, src.position() + DIRECT_CHUNK));
                        watch.begin();
                        try {
                            while (src.hasRemaining()) {
                                total += socket.write(src);
                            }
                        } catch (IOException e) {
                            throw stalledOr(watch, e);
                        } finally {
                            watch.end();
                        }
                        src.limit(limit);
                    }
                } finally {
                    src.limit(limit);
                }
                return total;
            }
        };
    }

    /** The failure of a write: named as a stall when the watchdog closed the socket. */
    private static IOException stalledOr(Deadlines.WriteWatch watch, IOException e) {
        return watch.fired() ? new IOException("no progress writing to the peer for " + watch.stallMillis()
                + " ms: the link stalls; it was closed", e) : e;
    }

    /** Writes to {@code out} in chunks, each watched by {@code watch}. */
    static WritableByteChannel writable(OutputStream out, Deadlines.WriteWatch watch) {
        return new Writing() {
            private final byte[] tmp = new byte[CHUNK];

            @Override
            public synchronized int write(ByteBuffer src) throws IOException {
                int total = 0;
                while (src.hasRemaining()) {
                    int n = Math.min(src.remaining(), CHUNK);
                    watch.begin();
                    try {
                        if (src.hasArray()) {
                            out.write(src.array(), src.arrayOffset() + src.position(), n);
                            src.position(src.position() + n);
                        } else {
                            src.get(tmp, 0, n);
                            out.write(tmp, 0, n);
                        }
                    } catch (IOException e) {
                        throw stalledOr(watch, e);
                    } finally {
                        watch.end();
                    }
                    total += n;
                }
                return total;
            }
        };
    }

    /** What every wrapper shares: closing it only marks it closed (the socket is the link's to close). */
    private abstract static class Wrapper implements java.nio.channels.Channel {
        private boolean open = true;

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    private abstract static class Reading extends Wrapper implements ReadableByteChannel {
    }

    private abstract static class Writing extends Wrapper implements WritableByteChannel {
    }
}
