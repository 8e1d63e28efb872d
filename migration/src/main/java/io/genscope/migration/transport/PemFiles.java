package io.genscope.migration.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Certificates and PKCS#8 private keys from PEM files, with the JDK's own parsers. */
final class PemFiles {
    private static final String[] KEY_ALGORITHMS = {"EC", "RSA", "RSASSA-PSS", "Ed25519", "Ed448"};

    private PemFiles() {
    }

    /** Every certificate in the file, in order (a chain: leaf first). */
    static List<X509Certificate> certificates(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException(file + ": no certificate in the file");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /** The unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}) in the file. */
    static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int b = text.indexOf(begin);
        int e = text.indexOf("-----END PRIVATE KEY-----");
        if (b < 0 || e < b) {
            String hint = text.contains("BEGIN ENCRYPTED PRIVATE KEY") ? "an encrypted key: store it unencrypted, readable by"
                    + " this user only" : text.contains("PRIVATE KEY-----") ? "a key in a legacy format: convert it with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'" : "no PEM private key";
            throw new IOException(file + ": " + hint);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException x) {
            throw new IOException(file + ": damaged base64 in the private key", x);
        }
        for (String alg : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException x) {
                // try the next algorithm
            }
        }
        throw new IOException(file + ": a PKCS#8 key of no supported algorithm (EC, RSA, Ed25519)");
    }
}
