package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genscope decode --raw}: a bare command buffer, text or binary. */
class RawDecodeTest {
    @TempDir
    Path dir;

    /** PIPE_CONTROL, a second-level batch buffer start into the same buffer, then the end; the callee loads a register. */
    private static final String BATCH = """
            # gen9 batch at 0x1000
            0x7a000004 0 0 0 0 0
            0x18c00001, 0x1028, 0x0   # MI_BATCH_BUFFER_START, second level, GGTT 0x1028
            05000000                  # MI_BATCH_BUFFER_END
            0x11000001 0x2244 0x00010000
            0x05000000
            """;

    private static List<String> commands(Cli r) {
        return r.out().lines().filter(l -> l.startsWith("0x")).map(String::strip).toList();
    }

    @Test
    void textBufferFollowsAStartIntoItself() throws IOException {
        Path file = dir.resolve("batch.txt");
        Files.writeString(file, BATCH);
        Cli r = Cli.run("decode", "--raw", "--headers", "--gen", "skl", "--address", "0x1000", file.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Decoding as:      gen9 (").doesNotContain("Application name");
        assertThat(commands(r)).containsExactly(
                "0x00001000:  0x7a000004:  PIPE_CONTROL",
                "0x00001018:  0x18c00001:  MI_BATCH_BUFFER_START",
                "0x00001028:  0x11000001:  MI_LOAD_REGISTER_IMM",
                "0x00001034:  0x05000000:  MI_BATCH_BUFFER_END",
                "0x00001024:  0x05000000:  MI_BATCH_BUFFER_END");
    }

    @Test
    void binaryBufferInThePpgttOnAnotherEngine() throws IOException {
        Path file = dir.resolve("batch.bin");
        // MI_FLUSH_DW (blitter, 5 dwords), MI_BATCH_BUFFER_END
        int[] dwords = {0x13000003, 0, 0, 0, 0, 0x05000000};
        byte[] bytes = new byte[4 * dwords.length];
        for (int i = 0; i < dwords.length; i++) {
            for (int k = 0; k < 4; k++) {
                bytes[4 * i + k] = (byte) (dwords[i] >>> (8 * k));
            }
        }
        Files.write(file, bytes);
        Cli r = Cli.run("decode", "--raw", "--gen", "tgl", "--engine", "bcs", "--ppgtt", "--address", "7f0000001000",
                file.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(commands(r)).contains("0x7f0000001000:  0x13000003:  MI_FLUSH_DW", "0x7f0000001014:  0x05000000:  MI_BATCH_BUFFER_END");
    }

    @Test
    void problemsAndMisuse() throws IOException {
        Path file = dir.resolve("odd.bin");
        Files.write(file, new byte[] {0, 0, 0, 5, 1});
        Cli partial = Cli.run("decode", "--raw", "--headers", "--gen", "skl", file.toString());
        assertThat(partial.exit()).isEqualTo(1);
        assertThat(commands(partial)).containsExactly("0x00000000:  0x05000000:  MI_BATCH_BUFFER_END");
        assertThat(partial.err()).contains("at byte offset 4: truncated");

        assertThat(Cli.run("decode", "--raw", file.toString()).err()).contains("--raw needs --gen");
        assertThat(Cli.run("decode", "--raw", "--gen", "skl", "--address", "0x1002", file.toString()).err())
                .contains("not dword aligned");
        assertThat(Cli.run("decode", "--raw", "--gen", "skl", "--address", "xyz", file.toString()).err())
                .contains("not a hex number");
        assertThat(Cli.run("decode", "--raw", "--gen", "skl", "--engine", "gpu", file.toString()).err())
                .contains("unknown engine");
        assertThat(Cli.run("decode", "--ppgtt", "--gen", "skl", file.toString()).err()).contains("describe a --raw buffer");
    }
}
