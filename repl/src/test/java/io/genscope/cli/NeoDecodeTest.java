package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code genscope decode} on the captures of Intel's compute runtime (NEO): the device comes from
 * the version packet, every command is known, the batch chain is followed from the ring through
 * both batch buffers to MI_BATCH_BUFFER_END, and the kernel dispatch is there.
 *
 * <p>Both captures dispatch with GPGPU_WALKER: Tiger Lake (gen12, Xe-LP) still uses the media
 * pipeline's walker; COMPUTE_WALKER only arrives with Xe-HP (gen12.5).
 */
class NeoDecodeTest {
    private static final Path CAPTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"))
            .resolve("captures");

    @ParameterizedTest(name = "{0} --headers")
    @CsvSource({
        "neo-skl,   'Skylake (skl, AUB device 12)',          22",
        "neo-tgllp, 'Tiger Lake LP (tgllp, AUB device 22)', 27"})
    void headersDecodeHasNoUnknownCommandAndReachesTheEnd(String capture, String device, int commands) {
        Cli r = Cli.run("decode", "--headers", CAPTURES.resolve(capture + ".aub.xz").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Decoding as:      " + device + "\n");
        List<String> lines = r.out().lines().filter(l -> l.startsWith("0x")).map(String::strip).toList();
        assertThat(lines).hasSize(commands);
        assertThat(lines).noneMatch(l -> l.contains("unknown"));
        assertThat(lines).filteredOn(l -> l.endsWith("MI_BATCH_BUFFER_START")).hasSize(2);
        assertThat(lines).anyMatch(l -> l.endsWith("GPGPU_WALKER"));
        assertThat(lines.get(lines.size() - 1)).endsWith("MI_BATCH_BUFFER_END");
        assertThat(lines.get(0)).as("the ring, at the start of the context's GGTT mapping").startsWith("0x00002000:");
    }

    @ParameterizedTest(name = "{0} full")
    @CsvSource({"neo-skl", "neo-tgllp"})
    void fullDecodePrintsNeoCommentsAndFields(String capture) {
        Cli r = Cli.run("decode", CAPTURES.resolve(capture + ".aub.xz").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\ndriver version: 22.43.24595\n")
                .containsPattern("\nppgtt: 0x[0-9a-f]+ end address: 0x[0-9a-f]+ cpu address: 0x[0-9a-f]+ size: 65536\n")
                .contains("    Thread Width Counter Maximum: ")
                .doesNotContain("unknown instruction");
    }

    @ParameterizedTest(name = "{0} with --gen {1}")
    @CsvSource({"neo-tgllp, tgl, 'Tiger Lake'", "neo-skl, gen9, Skylake"})
    void genOverridesTheProduct(String capture, String gen, String title) {
        Cli r = Cli.run("decode", "--headers", "--gen", gen, CAPTURES.resolve(capture + ".aub.xz").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("Decoding as:      gen\\d+ \\(.*" + title);
    }
}
