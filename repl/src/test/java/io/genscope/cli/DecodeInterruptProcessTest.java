package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Ctrl-C in the middle of decompressing an {@code .xz} capture leaves no temporary file behind.
 * A real {@code genscope decode} process reads the capture from a named pipe that this test feeds
 * and then holds open, so the process is certainly inside the decompression when SIGINT arrives.
 */
class DecodeInterruptProcessTest {

    @Test
    @Timeout(180)
    void sigintDuringDecompressionRemovesTheTempFile(@TempDir Path dir) throws Exception {
        assumeTrue(new File("/usr/bin/mkfifo").canExecute() || new File("/bin/mkfifo").canExecute(), "mkfifo");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path fifo = dir.resolve("big.aub.xz");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        byte[] xz = zerosXz(8 << 20);
        Feeder feeder = new Feeder(fifo, Arrays.copyOf(xz, xz.length / 2));
        feeder.start();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-cp", cp, Main.class.getName(),
                "decode", fifo.toString())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        try {
            while (temps(tmp).isEmpty()) { // the decompression has begun once its output exists
                assertThat(p.isAlive()).as("decode still running; stderr: %s", Files.readString(dir.resolve("err.txt")))
                        .isTrue();
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroy(); // SIGINT ignored where this runs (a background job): SIGTERM runs the same hooks
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("decode ended").isTrue();
            assertThat(p.exitValue()).as("ended by SIGINT (130) or SIGTERM (143); stderr: %s",
                    Files.readString(dir.resolve("err.txt"))).isIn(130, 143);
            assertThat(temps(tmp)).isEmpty();
        } finally {
            p.destroyForcibly();
            feeder.interrupt();
            feeder.release();
        }
    }

    private static List<Path> temps(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(f -> f.getFileName().toString().startsWith("genscope-")).toList();
        }
    }

    private static byte[] zerosXz(int bytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream out = new XZOutputStream(b, new LZMA2Options(0))) {
            out.write(new byte[bytes]);
        }
        return b.toByteArray();
    }

    /**
     * Writes the pipe twice, as {@code decode} opens it twice: the six magic bytes, closed at once
     * (the format check reads exactly six), then {@code part} of the stream, held open without end.
     *
     * <p>A FIFO joins whichever reader is open, so the second writer may meet the format check
     * before it has read and closed: what it writes then waits in the pipe behind the six bytes the
     * check takes, and reaches the decompression, which opens next. A chunk written while no reader
     * is open fails whole (chunks are no larger than the pipe's atomic size) and is written again
     * until the decompression has opened, so that reader sees {@code part} from its first byte, in
     * order, whichever way the opens interleave. (The first writer used to stay open until a write
     * failed, and a decompression that opened in that gap read its stray bytes instead: exit 1.)
     */
    private static final class Feeder extends Thread {
        /** Linux's PIPE_BUF: a write of at most this many bytes is all or nothing. */
        private static final int ATOMIC = 4096;
        private final Path fifo;
        private final byte[] part;
        private volatile OutputStream open;

        Feeder(Path fifo, byte[] part) {
            this.fifo = fifo;
            this.part = part;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                try (OutputStream first = Files.newOutputStream(fifo)) {
                    first.write(part, 0, 6);
                }
                open = Files.newOutputStream(fifo);
                for (int at = 0; at < part.length; ) {
                    int n = Math.min(ATOMIC, part.length - at);
                    try {
                        open.write(part, at, n);
                        at += n;
                    } catch (IOException noReaderYet) {
                        Thread.sleep(1);
                    }
                }
                open.flush();
                Thread.sleep(Long.MAX_VALUE);
            } catch (IOException | InterruptedException e) {
                // the test is over
            }
        }

        void release() throws IOException {
            OutputStream o = open;
            if (o != null) {
                try {
                    o.close();
                } catch (IOException e) {
                    // the reader is gone
                }
            }
        }
    }
}
