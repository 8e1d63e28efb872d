package io.genscope.migration.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a TCP migration link is protected. Both ends must be configured alike.
 * <ul>
 * <li>{@link Plain}: nothing; anyone who can connect can send a stream. Only for loopback or
 * a network you trust.</li>
 * <li>{@link Tls}: TLS 1.3 with x509 certificates, mutual: each end presents a certificate its
 * CA signed and checks the other's against the same CA, then against a {@link PeerAllowList}.</li>
 * <li>{@link Psk}: a shared secret: an HMAC-SHA256 challenge-response in both directions, then
 * every byte in AES-256-GCM frames under keys derived from the secret and both challenges (see
 * {@link PskChannel}).</li>
 * </ul>
 */
public sealed interface LinkSecurity permits LinkSecurity.Plain, LinkSecurity.Tls, LinkSecurity.Psk {
    Plain NONE = new Plain();

    /** Whether the peer must prove who it is. */
    default boolean authenticates() {
        return !(this instanceof Plain);
    }

    /** No authentication, no encryption. */
    record Plain() implements LinkSecurity {
        @Override
        public String toString() {
            return "none";
        }
    }

    /** TLS 1.3, both ends authenticated by certificate. */
    record Tls(SSLContext context, PeerAllowList allow, String subject) implements LinkSecurity {
        /**
         * Loads this end's certificate (PEM, leaf first, the chain may follow), its PKCS#8 key, and
         * the CA certificates that sign acceptable peers.
         *
         * @throws IOException when a file cannot be read or parsed, or the key does not match the certificate
         */
        public static Tls load(Path certificate, Path key, Path ca, PeerAllowList allow) throws IOException {
            List<X509Certificate> chain = PemFiles.certificates(certificate);
            PrivateKey k = PemFiles.privateKey(key);
            List<X509Certificate> cas = PemFiles.certificates(ca);
            String mismatch = mismatch(k, chain.get(0));
            if (mismatch != null) {
                throw new IOException(key + " is not the key of " + certificate + ": " + mismatch);
            }
            try {
                char[] pw = new char[0];
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(null, null);
                own.setKeyEntry("self", k, pw, chain.toArray(new X509Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(own, pw);
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    trust.setCertificateEntry("ca" + i, cas.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext ctx = SSLContext.getInstance("TLSv1.3");
                ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
                return new Tls(ctx, allow, chain.get(0).getSubjectX500Principal().getName());
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS with " + certificate + ": " + e.getMessage(), e);
            }
        }

        private static String mismatch(PrivateKey key, X509Certificate cert) {
            String alg = switch (key.getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
                default -> null;
            };
            if (alg == null) {
                return null;
            }
            try {
                byte[] probe = "genscope key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                Signature s = Signature.getInstance(alg);
                s.initSign(key);
                s.update(probe);
                byte[] sig = s.sign();
                Signature v = Signature.getInstance(alg);
                v.initVerify(cert.getPublicKey());
                v.update(probe);
                return v.verify(sig) ? null : "a signature made with the key does not verify with the certificate";
            } catch (GeneralSecurityException | RuntimeException e) {
                return e.getMessage() == null ? e.toString() : e.getMessage();
            }
        }

        @Override
        public String toString() {
            return "tls (" + subject + (allow.isEmpty() ? "" : ", allow " + allow.entries()) + ")";
        }
    }

    /** A pre-shared key of at least 16 bytes. */
    record Psk(byte[] key) implements LinkSecurity {
        public static final int MIN_BYTES = 16;

        public Psk {
            if (key.length < MIN_BYTES) {
                throw new IllegalArgumentException("a pre-shared key needs at least " + MIN_BYTES + " bytes, got " + key.length);
            }
            key = key.clone();
        }

        /** The key is the file's bytes, less trailing line ends (so {@code head -c 32 /dev/urandom | base64 > F} works). */
        public static Psk file(Path path) throws IOException {
            byte[] b = Files.readAllBytes(path);
            int n = b.length;
            while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')) {
                n--;
            }
            try {
                return new Psk(Arrays.copyOf(b, n));
            } catch (IllegalArgumentException e) {
                throw new IOException(path + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "psk";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Psk p && java.security.MessageDigest.isEqual(key, p.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }
    }
}
