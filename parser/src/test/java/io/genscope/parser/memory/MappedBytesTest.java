package io.genscope.parser.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedBytesTest {

    @Test
    void readsAcrossWindowBoundariesOfAMappedFile(@TempDir Path dir) throws IOException {
        byte[] data = new byte[5 * 65536 + 1234];
        new Random(7).nextBytes(data);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        MappedBytes small = MappedBytes.map(file, 16); // 64 KiB windows
        MappedBytes plain = MappedBytes.map(file);
        ByteBuffer reference = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(small.size()).isEqualTo(data.length);
        for (long at : new long[] {0, 65536 - 4, 65536 - 2, 65536, 2 * 65536 - 3, data.length - 8}) {
            assertThat(small.getInt(at)).isEqualTo(reference.getInt((int) at));
            assertThat(small.getLong(at)).isEqualTo(reference.getLong((int) at));
            assertThat(plain.getLong(at)).isEqualTo(reference.getLong((int) at));
        }
        // a 4 KiB page straddling a window boundary comes out whole
        int[] ints = new int[1024];
        small.getInts(65536 - 2048, ints, 0, 1024);
        for (int i = 0; i < 1024; i++) {
            assertThat(ints[i]).isEqualTo(reference.getInt(65536 - 2048 + 4 * i));
        }
        byte[] page = new byte[4096];
        small.get(3 * 65536 - 100, page, 0, 4096);
        assertThat(page).isEqualTo(java.util.Arrays.copyOfRange(data, 3 * 65536 - 100, 3 * 65536 - 100 + 4096));
    }

    @Test
    void wrapsAndCutsBuffers() {
        MappedBytes b = MappedBytes.wrap(new byte[] {1, 0, 0, 0, 2, 0, 0, 0});
        assertThat(b.getInt(4)).isEqualTo(2);
        assertThat(b.prefix(4).size()).isEqualTo(4);
        assertThat(MappedBytes.wrap(new byte[0]).size()).isZero();
    }
}
