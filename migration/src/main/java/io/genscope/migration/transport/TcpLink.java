package io.genscope.migration.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;

/** A migration over TCP to a {@code genscope receive --listen} destination. */
public final class TcpLink implements Link {
    private static final long CHECK_EVERY = 4 << 20;

    private final SocketChannel socket;
    private final InputStream replies;
    private Reply early;
    private long checkedAt;

    private TcpLink(SocketChannel socket) throws IOException {
        this.socket = socket;
        this.replies = socket.socket().getInputStream();
    }

    /** Connects (10 s timeout). */
    public static TcpLink connect(String host, int port) throws IOException {
        SocketChannel sc = SocketChannel.open();
        try {
            sc.socket().setTcpNoDelay(true);
            sc.socket().setSendBufferSize(4 << 20);
            sc.socket().connect(new InetSocketAddress(host, port), 10_000);
            return new TcpLink(sc);
        } catch (IOException e) {
            sc.close();
            throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public WritableByteChannel channel() {
        return socket;
    }

    /**
     * Every few MiB, looks whether the destination already answered (it only does so early when it
     * refuses the stream); if so, stops the sender with an exception and keeps the reply for
     * {@link #awaitReply}.
     */
    @Override
    public void flushed(long totalBytes) {
        if (totalBytes - checkedAt < CHECK_EVERY) {
            return;
        }
        checkedAt = totalBytes;
        try {
            if (early == null && replies.available() > 0) {
                socket.socket().setSoTimeout(1000);
                early = ReplyCodec.read(replies);
            }
        } catch (IOException e) {
            return;
        }
        if (early != null) {
            throw new UncheckedIOException(new IOException("the destination stopped the stream"));
        }
    }

    @Override
    public void finishSending() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public Reply awaitReply(long timeoutMillis) throws IOException {
        if (early != null) {
            Reply r = early;
            early = null;
            return r;
        }
        socket.socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)));
        try {
            return ReplyCodec.read(replies);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do with a socket that will not close
        }
    }
}
