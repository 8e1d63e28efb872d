package io.genscope.migration.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A migration over TCP to a {@code genscope receive --listen} destination. Every operation on the
 * link has a deadline: connecting and the security handshake {@link Options#connectMillis}, each
 * write {@link Options#writeStallMillis} without progress (a watchdog then closes the socket, so
 * the writer fails instead of blocking), each wait for a reply its own timeout. Replies are read
 * by a thread of the link as they come, so an early refusal is seen while sending.
 */
public final class TcpLink implements Link {
    /**
     * How the source connects.
     *
     * @param security how the link is protected (the receiver must use the same mode)
     * @param connectMillis deadline of the TCP connect and of the security handshake
     * @param writeStallMillis a write that makes no progress for this long fails the link
     */
    public record Options(LinkSecurity security, int connectMillis, long writeStallMillis) {
        public static final int DEFAULT_CONNECT_MILLIS = 10_000;
        public static final long DEFAULT_WRITE_STALL_MILLIS = 10_000;
        public static final Options DEFAULT = new Options(LinkSecurity.NONE, DEFAULT_CONNECT_MILLIS,
                DEFAULT_WRITE_STALL_MILLIS);

        public Options {
            if (security == null || connectMillis <= 0 || writeStallMillis <= 0) {
                throw new IllegalArgumentException("link options need a security mode and positive deadlines");
            }
        }

        public Options withSecurity(LinkSecurity s) {
            return new Options(s, connectMillis, writeStallMillis);
        }

        public Options withWriteStallMillis(long ms) {
            return new Options(security, connectMillis, ms);
        }

        public Options withConnectMillis(int ms) {
            return new Options(security, ms, writeStallMillis);
        }
    }

    /** The reader's end: the connection failed or closed. */
    private record Ended(IOException why) {
    }

    private final Secured secured;
    private final Deadlines.WriteWatch watch;
    private final WritableByteChannel channel;
    private final LinkedBlockingQueue<Object> replies = new LinkedBlockingQueue<>();
    private final Thread reader;

    private TcpLink(Secured secured, SocketChannel socket, Options options) {
        this.secured = secured;
        this.watch = Deadlines.watchWrites(options.writeStallMillis(), secured::close);
        // unprotected, the stream's off-heap buffers go to the socket as they are (no copy through
        // the heap: the one-shot round sends a whole graphics memory at link speed); TLS and PSK
        // encrypt through the socket's streams
        this.channel = options.security() instanceof LinkSecurity.Plain ? SocketChannels.writable(socket, watch)
                : SocketChannels.writable(secured.out, watch);
        this.reader = new Thread(this::readReplies, "genscope-link-replies");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects without protection, with the default deadlines. */
    public static TcpLink connect(String host, int port) throws IOException {
        return connect(host, port, Options.DEFAULT);
    }

    /** Connects and runs the security handshake, each within {@code options.connectMillis()}. */
    public static TcpLink connect(String host, int port, Options options) throws IOException {
        SocketChannel socket = SocketChannel.open();
        Socket raw = socket.socket();
        try {
            raw.setTcpNoDelay(true);
            raw.setSendBufferSize(4 << 20);
            raw.connect(new InetSocketAddress(host, port), options.connectMillis());
            raw.setSoTimeout(options.connectMillis());
            Secured s = Secured.client(options.security(), raw, host, port);
            raw.setSoTimeout(0);
            return new TcpLink(s, socket, options);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Who the receiver proved to be (its certificate subject), or its address. */
    public String peer() {
        return secured.peer;
    }

    private void readReplies() {
        try {
            while (true) {
                replies.add(ReplyCodec.read(secured.in));
            }
        } catch (IOException e) {
            replies.add(new Ended(e));
        } catch (RuntimeException e) {
            replies.add(new Ended(new IOException("damaged reply from the destination: " + e, e)));
        }
    }

    @Override
    public WritableByteChannel channel() {
        return channel;
    }

    /** Stops the sender when the destination already refused the stream (the reply stays for {@link #awaitReply}). */
    @Override
    public void flushed(long totalBytes) {
        if (replies.peek() instanceof Reply.Rejected) {
            throw new UncheckedIOException(new IOException("the destination stopped the stream"));
        }
    }

    @Override
    public void finishSending() throws IOException {
        secured.shutdownOutput();
    }

    @Override
    public Reply awaitReply(long timeoutMillis) throws IOException {
        Object o;
        try {
            o = replies.poll(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the destination");
        }
        if (o instanceof Ended end) {
            replies.add(end);
            throw end.why();
        }
        return (Reply) o;
    }

    @Override
    public void close() {
        watch.close();
        secured.close();
    }
}
