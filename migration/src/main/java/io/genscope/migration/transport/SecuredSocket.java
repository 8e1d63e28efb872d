package io.genscope.migration.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.WritableByteChannel;

/**
 * A TCP connection after the same security handshake as a vGPU migration's ({@link LinkSecurity}:
 * mutual TLS, a pre-shared key, or none), for streams of another format (an xe VF's migration
 * data). Reads time out after the socket's idle limit; a write that makes no progress for the
 * stall limit closes the connection, so the writer fails instead of blocking.
 */
public final class SecuredSocket implements AutoCloseable {
    private final Secured secured;
    private final Deadlines.WriteWatch watch;
    private final WritableByteChannel out;

    private SecuredSocket(Secured secured, long stallMillis) {
        this.secured = secured;
        this.watch = Deadlines.watchWrites(stallMillis, secured::close);
        this.out = SocketChannels.writable(secured.out, watch);
    }

    /**
     * Connects and runs the source's handshake, each within {@code connectMillis}.
     *
     * @param host the receiver's host
     * @param port its port
     * @param security how the link is protected (the receiver must use the same)
     * @param connectMillis deadline of the connect and of the handshake
     * @param stallMillis a write without progress for this long fails
     * @return the connection; reads then wait as long as {@code stallMillis}
     * @throws IOException naming the host and port when the connection or handshake fails
     */
    public static SecuredSocket connect(String host, int port, LinkSecurity security, int connectMillis, long stallMillis)
            throws IOException {
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(host, port), connectMillis);
            raw.setSoTimeout(connectMillis);
            Secured s = Secured.client(security, raw, host, port);
            raw.setSoTimeout((int) Math.min(Integer.MAX_VALUE, stallMillis));
            return new SecuredSocket(s, stallMillis);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the receiver's handshake on an accepted socket.
     *
     * @param raw the accepted socket (closed when this is)
     * @param security how the link is protected
     * @param idleMillis each read (the handshake's too) and each write waits at most this long
     * @return the connection
     * @throws IOException when the peer does not prove itself in time
     */
    public static SecuredSocket accept(Socket raw, LinkSecurity security, long idleMillis) throws IOException {
        raw.setTcpNoDelay(true);
        raw.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleMillis));
        return new SecuredSocket(Secured.server(security, raw), idleMillis);
    }

    /** What the peer sends (decrypted); a read waiting past the idle limit throws. */
    public InputStream in() {
        return secured.in;
    }

    /** Where this side writes (encrypted as agreed), watched for stalls. */
    public WritableByteChannel out() {
        return out;
    }

    /** Who the peer proved to be (its certificate subject), or its address. */
    public String peer() {
        return secured.peer;
    }

    /** Ends this side's sending; the peer reads the end of the stream and may still answer. */
    public void shutdownOutput() throws IOException {
        secured.shutdownOutput();
    }

    @Override
    public void close() {
        watch.close();
        secured.close();
    }
}
