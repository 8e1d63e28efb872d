package io.genscope.cli;

import io.genscope.migration.transport.LinkSecurity;
import io.genscope.migration.transport.PeerAllowList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How {@code migrate} and {@code receive} protect a TCP link: mutual TLS from PEM files, or a
 * pre-shared key, with an allow-list of peers (docs/receiver.md).
 */
final class SecurityOptions {
    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS: this side's certificate (with --tls-key and --tls-ca)")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS: this side's private key, PKCS#8")
    Path key;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "TLS: the CA that must have signed the peer's certificate")
    Path ca;

    @Option(names = "--allow", paramLabel = "PEER",
            description = "TLS: a peer allowed in, as CN=NAME, sha256:FINGERPRINT or a whole subject (repeatable; none: any the CA signed)")
    List<String> allow = new ArrayList<>();

    @Option(names = "--psk-file", paramLabel = "FILE",
            description = "A pre-shared key (at least 16 bytes) both sides hold: authenticates and encrypts without certificates")
    Path psk;

    /** The protection the options ask for (none when none was given). */
    LinkSecurity security() {
        boolean tls = cert != null || key != null || ca != null;
        if (tls && psk != null) {
            throw new CliException("give either --tls-cert/--tls-key/--tls-ca or --psk-file, not both");
        }
        if (!allow.isEmpty() && !tls) {
            throw new CliException("--allow names TLS peers: give --tls-cert, --tls-key and --tls-ca with it");
        }
        try {
            if (psk != null) {
                return LinkSecurity.Psk.file(CliFiles.input(psk));
            }
            if (tls) {
                if (cert == null || key == null || ca == null) {
                    throw new CliException("TLS needs all three of --tls-cert, --tls-key and --tls-ca");
                }
                return LinkSecurity.Tls.load(CliFiles.input(cert), CliFiles.input(key), CliFiles.input(ca),
                        PeerAllowList.of(allow.toArray(String[]::new)));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        return LinkSecurity.NONE;
    }
}
