package io.genscope.migration.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * {@code genscope receive --listen PORT}: accepts migrations one after another on a TCP port and
 * serves each as a {@link Destination}, replying on the same connection.
 */
public final class ReceiverServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Destination.Options options;
    private final long idleMillis;

    /**
     * @param bind address to listen on (e.g. 127.0.0.1)
     * @param port port, or 0 for any free one ({@link #port()} tells which)
     * @param idleMillis a connection silent for this long is dropped as truncated
     */
    public ReceiverServer(String bind, int port, Destination.Options options, long idleMillis) throws IOException {
        this.server = ServerSocketChannel.open();
        server.socket().setReuseAddress(true);
        server.socket().setReceiveBufferSize(4 << 20);
        server.bind(new InetSocketAddress(bind, port));
        this.options = options;
        this.idleMillis = idleMillis;
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    /**
     * Serves {@code sessions} migrations (0: until closed), handing each result to {@code done}.
     */
    public void serve(int sessions, Consumer<Destination.Result> done) throws IOException {
        for (int n = 0; sessions <= 0 || n < sessions; n++) {
            SocketChannel sc;
            try {
                sc = server.accept();
            } catch (ClosedChannelException e) {
                return;
            }
            done.accept(serveOne(sc));
        }
    }

    private Destination.Result serveOne(SocketChannel sc) {
        IdleTimeout in = new IdleTimeout(sc, idleMillis);
        try {
            try {
                sc.socket().setTcpNoDelay(true);
            } catch (IOException e) {
                // replies are small; a delayed one is still correct
            }
            Destination.Result r = Destination.serve(in, reply -> ReplyCodec.write(sc, reply), options);
            if (!r.committed()) {
                drain(sc);
            }
            return r;
        } finally {
            in.close();
            try {
                sc.close();
            } catch (IOException e) {
                // the session is over either way
            }
        }
    }

    /**
     * After a refusal: half-close and read what the source still sends for a short while, so that
     * closing does not reset the connection before the source has read the refusal.
     */
    private static void drain(SocketChannel sc) {
        try {
            sc.shutdownOutput();
            sc.socket().setSoTimeout(500);
            java.io.InputStream in = sc.socket().getInputStream();
            byte[] sink = new byte[64 << 10];
            long deadline = System.nanoTime() + 2_000_000_000L;
            long total = 0;
            while (System.nanoTime() < deadline && total < (256 << 20)) {
                int n = in.read(sink);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            // the source is gone or silent: nothing more to wait for
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
