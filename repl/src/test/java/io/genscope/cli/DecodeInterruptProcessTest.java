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
 * Ctrl-C while a capture is being read into a temporary file leaves no temporary file behind. A
 * real {@code genscope decode} process reads an {@code .xz} capture from a named pipe that this test
 * feeds half of and then holds open, so the process is certainly copying the pipe when SIGINT arrives
 * (a pipe is read once, into a temporary file, before its content is looked at).
 */
class DecodeInterruptProcessTest {

    @Test
    @Timeout(180)
    void sigintWhileAPipedCaptureIsReadRemovesTheTempFile(@TempDir Path dir) throws Exception {
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
            while (temps(tmp).isEmpty()) { // the copy has begun once its output exists
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

    /** Writes {@code part} of the stream to the pipe once, and holds the pipe open without end. */
    private static final class Feeder extends Thread {
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
                open = Files.newOutputStream(fifo);
                open.write(part);
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
