package io.genscope.migration.transport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pre-shared-key mode of a link. The JDK has no TLS-PSK cipher suite and no certificate
 * generator, so this mode authenticates with an HMAC challenge-response and then protects every
 * byte with AES-GCM, both from {@code javax.crypto}:
 *
 * <pre>
 * source -&gt; receiver  "GSPK" u8 version 1, u8[3] 0, u8[32] source nonce Ns
 * receiver -&gt; source  "GSPK" u8 version 1, u8[3] 0, u8[32] receiver nonce Nr,
 *                      u8[32] HMAC-SHA256(K, "genscope-psk-1 receiver" | Ns | Nr)
 * source -&gt; receiver  u8[32] HMAC-SHA256(K, "genscope-psk-1 source" | Ns | Nr)
 * keys: HMAC-SHA256(K, "genscope-psk-1 source-to-receiver" | Ns | Nr), and receiver-to-source
 * then each direction: frames  u32 length L (1..65536, big-endian)  u8[L + 16] AES-256-GCM of the
 *   bytes with its tag; the nonce is u32 0 | u64 frame counter, the length is the additional data
 * </pre>
 *
 * Each end proves it holds K before it reads anything else, the fresh nonces make every session's
 * keys new, and a byte changed, dropped, reordered or replayed fails the tag of its frame and
 * ends the connection. An end that does not hold K learns nothing of it but one HMAC of fresh
 * nonces.
 */
final class PskChannel {
    static final int MAX_FRAME = 1 << 16;
    private static final byte[] MAGIC = {'G', 'S', 'P', 'K', 1, 0, 0, 0};
    private static final String LABEL = "genscope-psk-1 ";

    private PskChannel() {
    }

    /** The source's side of the handshake; returns the protected streams. */
    static Secured.Streams client(byte[] key, InputStream rawIn, OutputStream rawOut) throws IOException {
        byte[] ns = nonce();
        rawOut.write(MAGIC);
        rawOut.write(ns);
        rawOut.flush();
        DataInputStream in = new DataInputStream(rawIn);
        byte[] magic = readFully(in, 8, "the receiver's PSK greeting");
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new IOException("the receiver does not speak the PSK mode (is it configured for TLS or none?)");
        }
        byte[] nr = readFully(in, 32, "the receiver's PSK greeting");
        byte[] proof = readFully(in, 32, "the receiver's PSK proof");
        if (!MessageDigest.isEqual(proof, hmac(key, "receiver", ns, nr))) {
            throw new IOException("the receiver does not hold the same pre-shared key");
        }
        rawOut.write(hmac(key, "source", ns, nr));
        rawOut.flush();
        return new Secured.Streams(new In(rawIn, hmac(key, "receiver-to-source", ns, nr)),
                new Out(rawOut, hmac(key, "source-to-receiver", ns, nr)));
    }

    /** The receiver's side of the handshake. */
    static Secured.Streams server(byte[] key, InputStream rawIn, OutputStream rawOut) throws IOException {
        DataInputStream in = new DataInputStream(rawIn);
        byte[] magic = readFully(in, 8, "the source's PSK greeting");
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new IOException("the source did not start the PSK handshake (no credentials, or another mode)");
        }
        byte[] ns = readFully(in, 32, "the source's PSK greeting");
        byte[] nr = nonce();
        rawOut.write(MAGIC);
        rawOut.write(nr);
        rawOut.write(hmac(key, "receiver", ns, nr));
        rawOut.flush();
        byte[] proof = readFully(in, 32, "the source's PSK proof");
        if (!MessageDigest.isEqual(proof, hmac(key, "source", ns, nr))) {
            throw new IOException("the source does not hold the pre-shared key");
        }
        return new Secured.Streams(new In(rawIn, hmac(key, "source-to-receiver", ns, nr)),
                new Out(rawOut, hmac(key, "receiver-to-source", ns, nr)));
    }

    private static byte[] nonce() {
        byte[] n = new byte[32];
        new SecureRandom().nextBytes(n);
        return n;
    }

    private static byte[] readFully(DataInputStream in, int n, String what) throws IOException {
        byte[] b = new byte[n];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new IOException("the connection ended inside " + what, e);
        }
        return b;
    }

    static byte[] hmac(byte[] key, String label, byte[] ns, byte[] nr) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((LABEL + label).getBytes(StandardCharsets.US_ASCII));
            mac.update(ns);
            mac.update(nr);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** One direction's AES-256-GCM, re-initialised for each frame with that frame's nonce. */
    private static final class Frames {
        private final Cipher cipher;
        private final SecretKeySpec key;
        private final int mode;
        private final byte[] iv = new byte[12];
        private final byte[] aad = new byte[4];
        private long counter;

        Frames(byte[] key, int mode) {
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is missing from this JDK", e);
            }
            this.key = new SecretKeySpec(key, "AES");
            this.mode = mode;
        }

        /** The cipher for the next frame of {@code length} plain bytes. */
        Cipher next(int length) throws IOException {
            ByteBuffer.wrap(iv).putInt(0).putLong(counter++);
            ByteBuffer.wrap(aad).putInt(length);
            try {
                cipher.init(mode, key, new GCMParameterSpec(128, iv));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot start a PSK frame: " + e.getMessage(), e);
            }
            cipher.updateAAD(aad);
            return cipher;
        }
    }

    /** Seals each write into frames of at most 64 KiB. */
    private static final class Out extends OutputStream {
        private final OutputStream raw;
        private final Frames frames;
        private final byte[] frame = new byte[4 + MAX_FRAME + 16];

        Out(OutputStream raw, byte[] key) {
            this.raw = raw;
            this.frames = new Frames(key, Cipher.ENCRYPT_MODE);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, MAX_FRAME);
                Cipher c = frames.next(n);
                ByteBuffer.wrap(frame).putInt(n);
                try {
                    int sealed = c.doFinal(b, off, n, frame, 4);
                    raw.write(frame, 0, 4 + sealed);
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot seal a frame: " + e.getMessage(), e);
                }
                off += n;
                len -= n;
            }
            raw.flush();
        }

        @Override
        public void flush() throws IOException {
            raw.flush();
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    /** Opens frames; a frame that fails its tag ends the stream with an exception. */
    private static final class In extends InputStream {
        private final DataInputStream raw;
        private final Frames frames;
        private final byte[] sealed = new byte[MAX_FRAME + 16];
        private final byte[] plain = new byte[MAX_FRAME];
        private int pos;
        private int end;
        private boolean eof;

        In(InputStream raw, byte[] key) {
            this.raw = new DataInputStream(raw);
            this.frames = new Frames(key, Cipher.DECRYPT_MODE);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == end) {
                if (eof || !nextFrame()) {
                    return -1;
                }
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(plain, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return end - pos;
        }

        private boolean nextFrame() throws IOException {
            int length;
            try {
                length = raw.readInt();
            } catch (EOFException e) {
                eof = true;
                return false;
            }
            if (length <= 0 || length > MAX_FRAME) {
                throw new IOException("damaged or forged PSK frame (length " + length + ")");
            }
            try {
                raw.readFully(sealed, 0, length + 16);
            } catch (EOFException e) {
                throw new IOException("the connection ended inside a PSK frame", e);
            }
            Cipher c = frames.next(length);
            try {
                end = c.doFinal(sealed, 0, length + 16, plain, 0);
                pos = 0;
            } catch (AEADBadTagException e) {
                throw new IOException("a PSK frame fails its authentication tag (forged, damaged or replayed)", e);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot open a PSK frame: " + e.getMessage(), e);
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }
}
