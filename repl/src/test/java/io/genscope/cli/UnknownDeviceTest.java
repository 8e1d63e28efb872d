package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/**
 * A capture that names a device genscope has no spec for: the decode names the device and the
 * generations it has, and exits non-zero.
 */
class UnknownDeviceTest {
    @TempDir
    Path dir;

    /** The bundled Skylake capture with another PCI-ID in its version packet (same length). */
    private Path renamed(String pciId) throws Exception {
        byte[] aub;
        try (InputStream in = new XZInputStream(Files.newInputStream(Path.of("../fixtures/captures/iris-skl.aub.xz")))) {
            aub = in.readAllBytes();
        }
        byte[] from = "PCI-ID=0x1912".getBytes(StandardCharsets.US_ASCII);
        byte[] to = ("PCI-ID=0x" + pciId).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= 4096; i++) {
            if (java.util.Arrays.equals(aub, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, aub, i, to.length);
                Path f = dir.resolve(pciId + ".aub");
                Files.write(f, aub);
                return f;
            }
        }
        throw new AssertionError("no PCI-ID tag in the fixture");
    }

    @Test
    void aDeviceOfAGenerationWithoutASpecIsNamedWithTheGenerationsThereAre() throws Exception {
        Cli r = Cli.run("decode", "--headers", renamed("0126").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("PCI ID 0x0126 is", "a gen6 device; genscope has no spec for gen6", "It decodes gen7",
                "gen12");
        // the file's version packet also names Skylake's simulator device: decoded as that, and said so
        assertThat(r.err()).contains("decoding as the product the file names");
    }

    @Test
    void anUnknownPciIdIsNamedWithTheGenerationsThereAre() throws Exception {
        Cli r = Cli.run("decode", "--headers", renamed("abcd").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("PCI ID 0xabcd is not a device genscope knows", "It decodes gen7");
    }
}
