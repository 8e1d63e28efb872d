package io.genscope.migration.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
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
            } catch (java.nio.channels.ClosedChannelException e) {
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
            return Destination.serve(in, reply -> ReplyCodec.write(sc, reply), options);
        } finally {
            in.close();
            try {
                sc.close();
            } catch (IOException e) {
                // the session is over either way
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
