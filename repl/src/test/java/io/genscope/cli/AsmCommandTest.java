package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code genscope decode --asm} and {@code genscope asm} through the command line. */
class AsmCommandTest {
    private static final Path CAPTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures")).resolve("captures");
    private static final Pattern DWORD = Pattern.compile("\"0x([0-9a-f]+)\"");

    @TempDir
    Path dir;

    /** decode --asm, then asm -o: the binary holds every walked command's dwords, in walk order (as --json lists them). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iris-skl.aub.xz", "iris-tgl.aub.xz"})
    void decodedListingReassemblesToTheWalkedDwords(String capture) throws IOException {
        Cli listing = run("decode", "--asm", CAPTURES.resolve(capture).toString());
        assertThat(listing.exit()).isZero();
        assertThat(listing.out()).startsWith("# genscope: Intel GPU capture decoder.").contains("\n.gen ").contains("\n.org ");
        Path gasm = dir.resolve("capture.gasm");
        Files.writeString(gasm, listing.out());
        Path bin = dir.resolve("capture.bin");

        Cli asm = run("asm", gasm.toString(), "-o", bin.toString());

        assertThat(asm.exit()).as(asm.err()).isZero();
        int[] expected = walkedDwords(run("decode", "--json", CAPTURES.resolve(capture).toString()).out());
        assertThat(expected.length).isGreaterThan(1000);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(bin)).order(ByteOrder.LITTLE_ENDIAN);
        int[] got = new int[bytes.remaining() / 4];
        bytes.asIntBuffer().get(got);
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void textOutputIsOneHexDwordPerLine() throws IOException {
        Path gasm = dir.resolve("lri.gasm");
        Files.writeString(gasm, ".gen gen9\nMI_LOAD_REGISTER_IMM \"Register Offset\"=0x2580 \"Data DWord\"=0x10001\n");
        Cli r = run("asm", "--text", gasm.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("0x11000001%n0x00002580%n0x00010001%n".formatted());
    }

    @Test
    void errorsArePrintedAsFileLineColumnWithExitCode1() throws IOException {
        Path gasm = dir.resolve("bad.gasm");
        Files.writeString(gasm, "MI_NOOP\n");
        Cli r = run("asm", "--gen", "skl", "--text", gasm.toString());
        assertThat(r.exit()).isZero();
        Files.writeString(gasm, ".gen gen9\nMI_STORE_DATA_IMM \"Adress\"=0x1000\n");
        r = run("asm", "--text", gasm.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith(gasm + ":2:19: unknown field \"Adress\" in MI_STORE_DATA_IMM (did you mean \"Address\"?)");
    }

    private static int[] walkedDwords(String json) {
        List<Integer> out = new ArrayList<>();
        for (String line : json.split("\n")) {
            int at = line.indexOf("\"dwords\":[");
            if (at < 0) {
                continue;
            }
            Matcher m = DWORD.matcher(line.substring(at, line.indexOf(']', at)));
            while (m.find()) {
                out.add(Integer.parseUnsignedInt(m.group(1), 16));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Cli run(String... args) {
        return Cli.run(args);
    }
}
