package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code genscope remap} on raw buffers encoded by hand from the PRM (fixtures/remap/*.dwords: input
 * and expected output, dword by dword) and on a real capture.
 */
class RemapCommandTest {
    private static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"));
    private static final String[] WINDOWS = {"--guest-aperture", "0x0:256M", "--guest-hidden", "0x10000000:1G",
        "--host-aperture", "0x40000000", "--host-hidden", "0x80000000"};

    @TempDir
    Path tmp;

    /** The two columns of a fixture. */
    record Fixture(int[] input, int[] expected) {
        static Fixture read(Path file) throws IOException {
            List<int[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cols = t.split("\\s+");
                rows.add(new int[] {Integer.parseUnsignedInt(cols[0].substring(2), 16),
                    Integer.parseUnsignedInt(cols[1].substring(2), 16)});
            }
            return new Fixture(rows.stream().mapToInt(r -> r[0]).toArray(), rows.stream().mapToInt(r -> r[1]).toArray());
        }
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static String[] args(String[] head, String... tail) {
        String[] all = new String[head.length + WINDOWS.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(WINDOWS, 0, all, head.length, WINDOWS.length);
        System.arraycopy(tail, 0, all, head.length + WINDOWS.length, tail.length);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"prm-gen9-render, render, 0x10000, 5", "prm-gen9-blitter, blitter, 0x20000, 0"})
    void rawBuffersBuiltFromThePrmComeOutDwordByDword(String name, String engine, String address, int findings)
            throws IOException {
        Fixture f = Fixture.read(FIXTURES.resolve("remap").resolve(name + ".dwords"));
        Path in = tmp.resolve(name + ".bin");
        Path out = tmp.resolve(name + "-host.bin");
        Path json = tmp.resolve(name + ".json");
        Files.write(in, bytes(f.input()));
        Run r = run(args(new String[] {"remap", "--raw", "--gen", "gen9", "--engine", engine, "--address", address},
                "--report", json.toString(), in.toString(), out.toString()));
        assertThat(r.code()).as(r.err()).isEqualTo(findings > 0 ? 1 : 0);
        int[] got = ints(Files.readAllBytes(out));
        assertThat(got).hasSameSizeAs(f.expected());
        for (int i = 0; i < got.length; i++) {
            assertThat(String.format("0x%08x", got[i])).as("%s dword %d (byte offset 0x%x)", name, i, 4 * i)
                    .isEqualTo(String.format("0x%08x", f.expected()[i]));
        }
        long moved = 0;
        for (int i = 0; i < got.length; i++) {
            moved += f.input()[i] != f.expected()[i] ? 1 : 0;
        }
        String report = Files.readString(json);
        assertThat(report).contains("\"findings\":" + findings);
        assertThat(r.out()).contains("relocated").contains(" findings,");
        // every relocation is a line of the text report and an entry of the JSON one
        long lines = r.out().lines().filter(l -> l.startsWith("relocated")).count();
        assertThat(report).contains("\"relocations\":" + lines + ",");
        assertThat(lines).isGreaterThanOrEqualTo(moved - 1); // one qword address spans two changed dwords
    }

    @Test
    void theAuditNamesOffsetAndValueAndStrictRefusesToWrite() throws IOException {
        Fixture f = Fixture.read(FIXTURES.resolve("remap").resolve("prm-gen9-render.dwords"));
        Path in = tmp.resolve("render.bin");
        Path out = tmp.resolve("render-host.bin");
        Files.write(in, bytes(f.input()));
        Run r = run(args(new String[] {"remap", "--raw", "--address", "0x10000"}, "--strict", in.toString(),
                out.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(Files.exists(out)).isFalse();
        assertThat(r.err()).contains("not written");
        assertThat(r.out()).containsPattern("outside_windows command +0x00010154 +render +MI_STORE_DATA_IMM  Address"
                + "  0x50000000  \\(file offset 0x158\\)");
    }

    @Test
    void wholeCapturesComeOutValidAndDecodable() throws IOException {
        Path out = tmp.resolve("iris-skl-host.aub");
        Path json = tmp.resolve("iris.json");
        Run r = run(args(new String[] {"remap"}, "--report", json.toString(),
                FIXTURES.resolve("captures/iris-skl.aub.xz").toString(), out.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(json)).contains("\"source\":\"ggtt_entries\"").contains("\"findings\":0");
        Run decoded = run("decode", "--headers", out.toString());
        assertThat(decoded.code()).as(decoded.err()).isZero();
        assertThat(decoded.out()).contains("0x40001000:  0x18800101:  MI_BATCH_BUFFER_START");
        // an .xz output is compressed, and decodes the same
        Path xz = tmp.resolve("iris-skl-host.aub.xz");
        assertThat(run(args(new String[] {"remap", "-q"}, FIXTURES.resolve("captures/iris-skl.aub.xz").toString(),
                xz.toString())).code()).isZero();
        assertThat(run("decode", "--headers", xz.toString()).out().replace("iris-skl-host.aub.xz", "iris-skl-host.aub"))
                .isEqualTo(decoded.out());
    }

    @Test
    void badWindowsAreRejectedWithAClearMessage() {
        Run r = run("remap", "--guest-aperture", "0:512M", "--guest-hidden", "256M:1G", "--host-aperture", "1G",
                "--host-hidden", "2G", "in", "out");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("guest aperture [0x0, 0x20000000) and guest hidden window [0x10000000, 0x50000000)"
                + " overlap");
    }

    static byte[] bytes(int[] d) {
        ByteBuffer b = ByteBuffer.allocate(4 * d.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(d);
        return b.array();
    }

    static int[] ints(byte[] b) {
        int[] d = new int[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(d);
        return d;
    }
}
