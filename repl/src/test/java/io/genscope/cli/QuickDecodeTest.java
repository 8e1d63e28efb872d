package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.InflateLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plain {@code decode} line runs without picocli with picocli's outcome; anything unusual goes to picocli. */
class QuickDecodeTest {
    private static final String CAPTURES = System.getProperty("genscope.fixtures", "../fixtures") + "/captures/";

    @TempDir
    Path dir;

    /** {@code genscope ARGS} through picocli only, with its output and exit code. */
    private static Cli picocli(String... args) {
        return Cli.capture(() -> Main.commandLine().execute(args));
    }

    @Test
    void plainLinesGivePicocliOutputAndExitCode() throws IOException {
        Path raw = dir.resolve("batch.txt");
        Files.writeString(raw, "0x7a000004 0 0 0 0 0\n0x11000001 0x2244 0x00010000\n0x05000000\n");
        String tgl = CAPTURES + "iris-tgl.aub.xz";
        String skl = CAPTURES + "iris-skl.aub.xz";
        String r = raw.toString();
        List<String[]> lines = new ArrayList<>(List.of(
                new String[] {"decode", "--headers", tgl},
                new String[] {"decode", skl, "--headers"},
                new String[] {"decode", skl},
                new String[] {"decode", "--json", CAPTURES + "iris-bdw.aub.xz"},
                new String[] {"decode", "--asm", CAPTURES + "crocus-hsw.aub.xz"},
                new String[] {"decode", "--gen=tgl", "--headers", skl},
                new String[] {"decode", "--raw", "--gen", "skl", "--address", "0x1000", r},
                new String[] {"decode", "--raw", "--gen", "tgl", "--engine=bcs", "--ppgtt", "--address=7f0000001000", r},
                new String[] {"decode", "--max-inflate", "4K", tgl},
                new String[] {"decode", "--max-inflate", "lots", tgl},
                new String[] {"decode", "--gen", "nosuch", tgl},
                new String[] {"decode", "--json", "--asm", tgl},
                new String[] {"decode", "--headers", "--json", tgl},
                new String[] {"decode", "--engine", "video", tgl},
                new String[] {"decode", "--raw", r},
                new String[] {"decode", "--raw", "--gen", "skl", "--address", "zz", r},
                new String[] {"decode", "--raw", "--gen", "skl", "--engine", "nosuch", r},
                new String[] {"decode", dir.resolve("missing.aub").toString()},
                new String[] {"decode", dir.toString()}));
        try {
            for (String[] line : lines) {
                assertThat(QuickDecode.parse(line)).as(String.join(" ", line)).isNotNull();
                Cli quick = Cli.run(line);
                System.clearProperty(InflateLimits.PROPERTY);
                Cli slow = picocli(line);
                System.clearProperty(InflateLimits.PROPERTY);
                assertThat(quick.exit()).as(String.join(" ", line)).isEqualTo(slow.exit());
                assertThat(quick.err()).as(String.join(" ", line)).isEqualTo(slow.err());
                assertThat(quick.out()).as(String.join(" ", line)).isEqualTo(slow.out());
            }
        } finally {
            System.clearProperty(InflateLimits.PROPERTY);
        }
    }

    @Test
    void unusualLinesAreLeftToPicocli() {
        String f = CAPTURES + "iris-tgl.aub.xz";
        List<String[]> lines = List.of(
                new String[] {"decode"},
                new String[] {"decode", "--help", f},
                new String[] {"decode", "-h"},
                new String[] {"decode", "--headers", "--headers", f},
                new String[] {"decode", "--headers=true", f},
                new String[] {"decode", "--gen", f},
                new String[] {"decode", "--gen", "--headers", f},
                new String[] {"decode", "--gen=", f},
                new String[] {"decode", "--gen", "tgl", "--gen", "skl", f},
                new String[] {"decode", f, f},
                new String[] {"decode", "--", f},
                new String[] {"decode", "@args.txt"},
                new String[] {"decode", "--nope", f},
                new String[] {"decode", "-", f},
                new String[] {"decode", "--headers"},
                new String[] {"spec", "--gen", "tgl"},
                new String[] {"--version"});
        for (String[] line : lines) {
            assertThat(QuickDecode.parse(line)).as(String.join(" ", line)).isNull();
        }
        Cli repeated = Cli.run("decode", "--headers", "--headers", f);
        assertThat(repeated.exit()).isEqualTo(Main.ERROR);
        assertThat(repeated.err()).startsWith("genscope decode: ").contains("Try 'genscope decode --help' for more.");
    }
}
