package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Captures;
import io.genscope.parser.capture.InflateLimits;
import io.genscope.parser.capture.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

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

    /** {@code bytes} zeros, xz-compressed: a few KiB that claim many MiB. */
    static Path bomb(Path dir, long bytes) throws IOException {
        Path file = dir.resolve("bomb.aub.xz");
        try (OutputStream out = new XZOutputStream(Files.newOutputStream(file), new LZMA2Options(0))) {
            byte[] zeros = new byte[1 << 20];
            for (long n = 0; n < bytes; n += zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, bytes - n));
            }
        }
        return file;
    }

    @Test
    @Timeout(60)
    void anXzBombStopsAtTheLimitPerFileAndLeavesNoTempFile(@TempDir Path dir) throws IOException {
        Path bomb = bomb(dir, 64L << 20);
        Set<Path> cached = XzFiles.liveTempFiles(); // fixtures decompressed once for all tests
        Set<Path> seen = new HashSet<>();
        List<Problem> problems = new ArrayList<>();
        String old = System.getProperty(InflateLimits.PROPERTY);
        System.setProperty(InflateLimits.PROPERTY, "1M");
        try {
            Captures.read(bomb, new CaptureListener() {
                @Override
                public void problem(Problem p) {
                    seen.addAll(XzFiles.liveTempFiles());
                    seen.removeAll(cached);
                    problems.add(p);
                }
            });
        } finally {
            if (old == null) {
                System.clearProperty(InflateLimits.PROPERTY);
            } else {
                System.setProperty(InflateLimits.PROPERTY, old);
            }
        }
        assertThat(problems).first().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.TRUNCATED);
            assertThat(p.offset()).isEqualTo(1 << 20);
            assertThat(p.message()).startsWith("bomb.aub.xz decompresses to more than 1M bytes, the limit per file;"
                    + " decoding the first 1M");
        });
        assertThat(seen).isNotEmpty().allSatisfy(p -> {
            assertThat(p.getFileName().toString()).startsWith("genscope-xz-");
            assertThat(p).doesNotExist();
        });
        assertThat(XzFiles.liveTempFiles()).doesNotContainAnyElementsOf(seen);
    }

    @Test
    void theLimitCutsTheTempFileAtExactlyItsSize(@TempDir Path dir) throws IOException {
        XzFiles.Decompressed d = XzFiles.decompressToTemp(bomb(dir, 3 << 20), 1_000_000);
        try {
            assertThat(Files.size(d.file())).isEqualTo(1_000_000);
            assertThat(d.problem().kind()).isEqualTo(Problem.Kind.TRUNCATED);
        } finally {
            XzFiles.delete(d.file());
        }
        assertThat(d.file()).doesNotExist();
        assertThat(XzFiles.liveTempFiles()).doesNotContain(d.file());
    }

    @Test
    void theTempFileIsGoneOnceTheReadReturnsOrThrows() throws IOException {
        Path xz = CaptureFixtures.compressed("iris-skl.aub.xz");
        Set<Path> cached = XzFiles.liveTempFiles();
        Set<Path> during = new HashSet<>();
        Captures.read(xz, new CaptureListener() {
            @Override
            public void info(CaptureInfo info) {
                during.addAll(XzFiles.liveTempFiles());
                during.removeAll(cached);
            }
        });
        assertThat(during).isNotEmpty().allSatisfy(p -> assertThat(p).doesNotExist());

        Set<Path> beforeThrow = new HashSet<>();
        assertThatThrownBy(() -> Captures.read(xz, new CaptureListener() {
            @Override
            public void info(CaptureInfo info) {
                beforeThrow.addAll(XzFiles.liveTempFiles());
                beforeThrow.removeAll(cached);
                throw new IllegalStateException("listener failed");
            }
        })).hasMessage("listener failed");
        assertThat(beforeThrow).isNotEmpty().allSatisfy(p -> assertThat(p).doesNotExist());
    }

    /**
     * An .xz read from a pipe that delivers it a few bytes at a time (a process substitution, a
     * remote cat): every short read is followed by a check of what else is ready, which must not
     * seek. It decompresses whole, with no problem.
     */
    @Test
    @Timeout(120)
    void decompressesFromAPipeThatDeliversInDribs(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/mkfifo").canExecute()
                || new java.io.File("/bin/mkfifo").canExecute(), "mkfifo");
        byte[] data = new byte[3 << 20];
        new java.util.SplittableRandom(7).nextBytes(data);
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new XZOutputStream(compressed, new LZMA2Options(0))) {
            out.write(data);
        }
        byte[] xz = compressed.toByteArray();
        Path fifo = dir.resolve("piped.aub.xz");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                for (int at = 0; at < xz.length; at += 1000) { // each piece a short read for the reader
                    out.write(xz, at, Math.min(1000, xz.length - at));
                    out.flush();
                    if (at % 64_000 == 0) {
                        Thread.sleep(1);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the reader is gone: the assertions below say why
            }
        });
        writer.setDaemon(true);
        writer.start();
        XzFiles.Decompressed d = XzFiles.decompressToTemp(fifo);
        try {
            assertThat(d.problem()).isNull();
            assertThat(Files.readAllBytes(d.file())).isEqualTo(data);
        } finally {
            XzFiles.delete(d.file());
        }
    }

    /**
     * A capture that can be read only once ({@code genscope decode <(ssh host cat f.aub.xz)}, a
     * FIFO): compressed or not, it reads as the file does, and its temporary copy is gone after.
     */
    @Test
    @Timeout(120)
    void aPipedCaptureReadsAsItsFile(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/mkfifo").canExecute()
                || new java.io.File("/bin/mkfifo").canExecute(), "mkfifo");
        for (Path source : List.of(CaptureFixtures.compressed("iris-skl.aub.xz"), CaptureFixtures.decompressed("iris-skl.aub.xz"))) {
            Path fifo = dir.resolve("piped-" + source.getFileName());
            assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
            assertThat(XzFiles.isReadOnce(fifo)).isTrue();
            assertThat(XzFiles.isReadOnce(source)).isFalse();
            Thread writer = new Thread(() -> {
                try (OutputStream out = Files.newOutputStream(fifo)) {
                    Files.copy(source, out);
                } catch (IOException e) {
                    // the reader is gone: the assertions below say why
                }
            });
            writer.setDaemon(true);
            writer.start();
            Set<Path> live = new HashSet<>(XzFiles.liveTempFiles());
            assertThat(seen(fifo)).isEqualTo(seen(source));
            assertThat(XzFiles.liveTempFiles()).isSubsetOf(live);
        }
    }

    /** What a read of {@code file} reports: every submission's engine and ring span, and the problems. */
    private static List<String> seen(Path file) throws IOException {
        List<String> seen = new ArrayList<>();
        Captures.read(file, new CaptureListener() {
            @Override
            public void submission(io.genscope.parser.capture.Submission s, io.genscope.parser.memory.GpuMemory memory,
                    long acthd) {
                seen.add(s.toString());
            }

            @Override
            public void problem(Problem p) {
                seen.add(p.toString());
            }
        });
        assertThat(seen).isNotEmpty();
        return seen;
    }
}
