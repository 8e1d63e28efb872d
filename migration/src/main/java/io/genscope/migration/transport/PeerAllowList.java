package io.genscope.migration.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Which authenticated peers a TLS end accepts, by their leaf certificate. Each entry is one of
 * {@code CN=name} (the subject's common name), {@code sha256:HEX} (the SHA-256 fingerprint of the
 * DER certificate, colons optional), or a whole subject DN as RFC 2253 prints it. An empty list
 * accepts any certificate the trusted CA signed.
 */
public record PeerAllowList(List<String> entries) {
    public static final PeerAllowList ANY_TRUSTED = new PeerAllowList(List.of());

    public PeerAllowList {
        entries = List.copyOf(entries);
        for (String e : entries) {
            if (e.isBlank()) {
                throw new IllegalArgumentException("an empty entry in the peer allow-list");
            }
        }
    }

    /** A list of these entries (one per argument: a DN contains commas, so a list is never split). */
    public static PeerAllowList of(String... entries) {
        return new PeerAllowList(List.of(entries));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Null when {@code peer} is allowed, otherwise why not (naming its subject and fingerprint). */
    public String check(X509Certificate peer) {
        if (entries.isEmpty()) {
            return null;
        }
        String dn = peer.getSubjectX500Principal().getName();
        String cn = commonName(dn);
        String fp = fingerprint(peer);
        for (String e : entries) {
            String t = e.trim();
            if (t.regionMatches(true, 0, "sha256:", 0, 7)) {
                if (t.substring(7).replace(":", "").equalsIgnoreCase(fp)) {
                    return null;
                }
            } else if (t.regionMatches(true, 0, "CN=", 0, 3) && !t.contains(",")) {
                if (t.substring(3).equals(cn)) {
                    return null;
                }
            } else if (t.equalsIgnoreCase(dn)) {
                return null;
            }
        }
        return "peer " + dn + " (sha256:" + fp + ") is not in the allow-list";
    }

    /** The SHA-256 fingerprint of the DER form, lower-case hex without separators. */
    public static String fingerprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()))
                    .toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    private static String commonName(String dn) {
        try {
            for (Rdn r : new LdapName(dn).getRdns()) {
                if (r.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(r.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // no CN to match
        }
        return null;
    }
}
