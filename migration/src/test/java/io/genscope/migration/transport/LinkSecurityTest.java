package io.genscope.migration.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** PEM loading, allow-list entries, and the receiver's refusal to listen openly without credentials. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinkSecurityTest {
    @TempDir
    Path dir;

    static Path pem(String name) throws Exception {
        return Path.of(LinkSecurityTest.class.getResource("/io/genscope/migration/tls/" + name).toURI());
    }

    @Test
    void allowListMatchesCommonNameFingerprintOrSubject() throws Exception {
        X509Certificate c = PemFiles.certificates(pem("client.pem")).get(0);
        String fp = PeerAllowList.fingerprint(c);
        assertThat(PeerAllowList.ANY_TRUSTED.check(c)).isNull();
        assertThat(PeerAllowList.of("CN=source.test").check(c)).isNull();
        assertThat(PeerAllowList.of("CN=other.test", "sha256:" + fp.toUpperCase()).check(c)).isNull();
        assertThat(PeerAllowList.of("CN=source.test".toLowerCase()).check(c)).isNull();
        assertThat(PeerAllowList.of(c.getSubjectX500Principal().getName()).check(c)).isNull();
        assertThat(PeerAllowList.of("CN=other.test", "sha256:00").check(c)).contains("not in the allow-list")
                .contains(fp);
    }

    @Test
    void keysAndCertificatesAreCheckedWhenLoaded() throws Exception {
        assertThat(LinkSecurity.Tls.load(pem("server.pem"), pem("server.key"), pem("ca.pem"), PeerAllowList.ANY_TRUSTED)
                .subject()).contains("receiver.test");
        assertThatThrownBy(() -> LinkSecurity.Tls.load(pem("server.pem"), pem("client.key"), pem("ca.pem"),
                PeerAllowList.ANY_TRUSTED)).isInstanceOf(IOException.class).hasMessageContaining("is not the key of");
        Path legacy = dir.resolve("legacy.key");
        Files.writeString(legacy, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(legacy)).hasMessageContaining("openssl pkcs8");
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "not a certificate");
        assertThatThrownBy(() -> PemFiles.certificates(junk)).isInstanceOf(IOException.class);
    }

    @Test
    void aPreSharedKeyNeedsSixteenBytes() throws Exception {
        Path f = dir.resolve("short");
        Files.writeString(f, "too short\n");
        assertThatThrownBy(() -> LinkSecurity.Psk.file(f)).isInstanceOf(IOException.class).hasMessageContaining("16");
        Files.writeString(f, "0123456789abcdef\r\n");
        assertThat(LinkSecurity.Psk.file(f).key()).hasSize(16);
    }

    @Test
    void listeningOnAllAddressesNeedsCredentialsOrInsecure() throws Exception {
        ReceiverServer.Options open = ReceiverServer.Options.defaults("0.0.0.0", 0, Destination.Options.DEFAULT);
        assertThatThrownBy(() -> new ReceiverServer(open)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without credentials");
        try (ReceiverServer s = new ReceiverServer(open.withInsecure(true))) {
            assertThat(s.port()).isPositive();
        }
        try (ReceiverServer s = new ReceiverServer(open.withSecurity(new LinkSecurity.Psk(new byte[32])))) {
            assertThat(s.port()).isPositive();
        }
        try (ReceiverServer s = new ReceiverServer(ReceiverServer.Options.defaults("127.0.0.1", 0,
                Destination.Options.DEFAULT))) {
            assertThat(s.port()).isPositive();
        }
    }
}
