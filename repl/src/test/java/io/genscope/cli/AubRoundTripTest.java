package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.aub.AubCopy;
import io.genscope.parser.aub.AubListener;
import io.genscope.parser.aub.AubReader;
import io.genscope.parser.aub.AubSummary;
import io.genscope.parser.aub.AubWriter;
import io.genscope.parser.aub.Dialect;
import io.genscope.parser.aub.PacketKind;
import io.genscope.spec.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Capture -> {@link AubCopy} (memory state at each submission, the submissions and the comments
 * re-emitted with the AUB writer) -> AUB reader: {@code genscope decode} prints the same, in
 * headers and in full mode, for the copy as for the original.
 */
class AubRoundTripTest {
    private static final Path CAPTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"))
            .resolve("captures");

    @TempDir
    Path dir;

    /** Decode output without the lines that name the file or, for a NEO original, the device. */
    private static List<String> decode(Path file, boolean headers, boolean dropDevice) {
        Cli r = headers ? Cli.run("decode", "--headers", file.toString()) : Cli.run("decode", file.toString());
        assertThat(r.exit()).as("decode of %s: %s", file, r.err()).isZero();
        return r.out().lines()
                .filter(l -> !l.startsWith("File name:"))
                .filter(l -> !dropDevice || !(l.startsWith("PCI ID:") || l.startsWith("Decoding as:")))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"iris-skl, 0, 4", "iris-tgl, 0, 4", "neo-skl, 0x1912, 1", "neo-tgllp, 0x9A49, 1"})
    void copyDecodesIdentically(String capture, String pciId, int submissions) throws IOException {
        Path original = CAPTURES.resolve(capture + ".aub.xz");
        Path copy = dir.resolve(capture + ".copy.aub");
        AubCopy.Result result = AubCopy.copy(original, copy, Integer.decode(pciId));
        boolean neo = !pciId.equals("0");

        assertThat(result.source().problems()).isEmpty();
        assertThat(result.submissions()).isEqualTo(submissions);
        assertThat(result.pagesWritten()).isPositive();
        AubSummary read = new AubReader().read(copy, AubListener.NONE);
        assertThat(read.problems()).isEmpty();
        assertThat(read.dialect()).isEqualTo(Dialect.MESA);
        assertThat(read.submissions()).isEqualTo(submissions);
        assertThat(read.count(PacketKind.VERSION)).isEqualTo(1);

        List<String> headersOriginal = decode(original, true, neo);
        List<String> fullOriginal = decode(original, false, neo);
        assertThat(headersOriginal.stream().filter(l -> l.startsWith("0x"))).hasSizeGreaterThan(20);
        assertThat(decode(copy, true, neo)).containsExactlyElementsOf(headersOriginal);
        assertThat(decode(copy, false, neo)).containsExactlyElementsOf(fullOriginal);
        System.out.printf("%s: copy of %d bytes (original %d), %d pages and %d GGTT entries re-emitted, %d lines of"
                + " full decode identical%n", capture, result.bytes(), result.source().bytes(), result.pagesWritten(),
                result.entriesWritten(), fullOriginal.size());
    }

    /** A stream built with the writer, as {@code genscope decode} prints it (GGTT 0x10000 is the status page, the ring follows). */
    @Test
    void synthesizedStreamDecodes() throws IOException {
        Path file = dir.resolve("synthetic.aub");
        long batch = 0x7f00_0000_1000L;
        try (AubWriter w = AubWriter.create(file, 0x9A49, "synthetic")) {
            AubWriter.Context ctx = w.createContext();
            w.comment("hello from the writer");
            w.writePpgtt(ctx, batch, new int[] {0x7a000004, 0, 0, 0, 0, 0, 0x05000000});
            w.submit(Engine.RENDER, ctx, new int[] {0x18800101, (int) batch, (int) (batch >>> 32), 0});
        }
        Cli headers = Cli.run("decode", "--headers", file.toString());
        Cli full = Cli.run("decode", file.toString());

        assertThat(headers.exit()).as(headers.err()).isZero();
        assertThat(headers.out()).contains("PCI ID:           0x9a49\n", "Application name: synthetic\n",
                "Decoding as:      Intel(R) Xe Graphics (TGL GT2)\n");
        assertThat(headers.out().lines().filter(l -> l.startsWith("0x")).map(l -> l.replaceAll("\\s+$", "")))
                .containsExactly("0x00011000:  0x18800101:  MI_BATCH_BUFFER_START",
                        "0x7f0000001000:  0x7a000004:  PIPE_CONTROL",
                        "0x7f0000001018:  0x05000000:  MI_BATCH_BUFFER_END",
                        "0x0001100c:  0x00000000:  MI_NOOP");
        assertThat(full.out()).contains("\nhello from the writer\n", "    Batch Buffer Start Address: 0x7f0000001000");
    }
}
