package io.genscope.migration.transport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * A connected socket after its {@link LinkSecurity} handshake: the streams to use (encrypted or
 * not) and who the peer proved to be. Closing closes the plain socket underneath, which any thread
 * may do to end a blocked read or write at once.
 */
final class Secured implements AutoCloseable {
    record Streams(InputStream in, OutputStream out) {
    }

    private final Socket raw;
    private final Socket top;
    final InputStream in;
    final OutputStream out;
    final String peer;

    private Secured(Socket raw, Socket top, InputStream in, OutputStream out, String peer) {
        this.raw = raw;
        this.top = top;
        this.in = in;
        this.out = out;
        this.peer = peer;
    }

    /** The source's handshake on a connected socket; its SO_TIMEOUT bounds the handshake's reads. */
    static Secured client(LinkSecurity security, Socket raw, String host, int port) throws IOException {
        String who = raw.getRemoteSocketAddress().toString();
        if (security instanceof LinkSecurity.Tls t) {
            SSLSocket ssl = (SSLSocket) t.context().getSocketFactory().createSocket(raw, host, port, true);
            ssl.setUseClientMode(true);
            ssl.setEnabledProtocols(new String[] {"TLSv1.3"});
            String peer = handshake(ssl, t.allow(), "the receiver");
            return new Secured(raw, ssl, ssl.getInputStream(), ssl.getOutputStream(), peer);
        }
        if (security instanceof LinkSecurity.Psk p) {
            Streams s = PskChannel.client(p.key(), new BufferedInputStream(raw.getInputStream()), raw.getOutputStream());
            return new Secured(raw, raw, s.in(), s.out(), who + " (pre-shared key)");
        }
        return new Secured(raw, raw, raw.getInputStream(), raw.getOutputStream(), who);
    }

    /** The receiver's handshake on an accepted socket. */
    static Secured server(LinkSecurity security, Socket raw) throws IOException {
        String who = raw.getRemoteSocketAddress().toString();
        if (security instanceof LinkSecurity.Tls t) {
            SSLSocket ssl = (SSLSocket) t.context().getSocketFactory().createSocket(raw, null, true);
            ssl.setUseClientMode(false);
            ssl.setNeedClientAuth(true);
            ssl.setEnabledProtocols(new String[] {"TLSv1.3"});
            String peer = handshake(ssl, t.allow(), "the source " + who);
            return new Secured(raw, ssl, ssl.getInputStream(), ssl.getOutputStream(), peer);
        }
        if (security instanceof LinkSecurity.Psk p) {
            Streams s = PskChannel.server(p.key(), new BufferedInputStream(raw.getInputStream()), raw.getOutputStream());
            return new Secured(raw, raw, s.in(), s.out(), who + " (pre-shared key)");
        }
        return new Secured(raw, raw, new BufferedInputStream(raw.getInputStream(), 1 << 16), raw.getOutputStream(), who);
    }

    private static String handshake(SSLSocket ssl, PeerAllowList allow, String what) throws IOException {
        try {
            ssl.startHandshake();
            Certificate[] chain = ssl.getSession().getPeerCertificates();
            X509Certificate leaf = (X509Certificate) chain[0];
            String refused = allow.check(leaf);
            if (refused != null) {
                throw new IOException("TLS: " + refused);
            }
            return leaf.getSubjectX500Principal().getName();
        } catch (SSLException e) {
            throw new IOException("TLS handshake with " + what + " failed: " + e.getMessage(), e);
        }
    }

    Socket socket() {
        return raw;
    }

    /** Ends this side's sending; the peer reads the end of the stream and may still reply. */
    void shutdownOutput() throws IOException {
        out.flush();
        top.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            raw.close();
        } catch (IOException e) {
            // closing is all that was asked
        }
    }
}
