package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.parser.capture.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XzFilesTest {

    @Test
    void readsPlainAndCompressedFilesAlike(@TempDir Path dir) throws IOException {
        Path plain = dir.resolve("plain.aub");
        Files.copy(CaptureFixtures.decompressed("iris-skl.aub.xz"), plain);
        assertThat(XzFiles.isXz(plain)).isFalse();
        assertThat(XzFiles.isXz(CaptureFixtures.compressed("iris-skl.aub.xz"))).isTrue();
        AubSummary fromPlain = new AubReader().read(plain, AubListener.NONE);
        AubSummary fromXz = new AubReader().read(CaptureFixtures.compressed("iris-skl.aub.xz"), AubListener.NONE);
        assertThat(fromXz).isEqualTo(fromPlain);
    }

    @Test
    void truncatedXzKeepsWhatCameBefore(@TempDir Path dir) throws IOException {
        byte[] xz = Files.readAllBytes(CaptureFixtures.compressed("iris-tgl.aub.xz"));
        Path cut = dir.resolve("cut.aub.xz");
        Files.write(cut, Arrays.copyOf(xz, xz.length / 2));
        AubSummary s = new AubReader().read(cut, AubListener.NONE);
        assertThat(s.pciId()).isEqualTo(0x9a49);
        assertThat(s.bytes()).isPositive().isLessThan(24_235_940L);
        assertThat(s.problems()).first().satisfies(p -> {
            assertThat(p.kind()).isIn(Problem.Kind.TRUNCATED, Problem.Kind.CORRUPT);
            assertThat(p.message()).contains("xz stream is damaged");
        });
    }

    @Test
    void ioErrorsStillThrow(@TempDir Path dir) {
        assertThatThrownBy(() -> new AubReader().read(dir.resolve("missing.aub"), AubListener.NONE))
                .isInstanceOf(NoSuchFileException.class);
    }
}
