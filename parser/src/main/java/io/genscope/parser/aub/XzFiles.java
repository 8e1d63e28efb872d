package io.genscope.parser.aub;

import io.genscope.parser.capture.Problem;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.tukaani.xz.XZFormatException;
import org.tukaani.xz.XZInputStream;

/** Decompresses {@code .xz} captures into temporary files, so that they can be mapped like any other. */
public final class XzFiles {
    private static final byte[] MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};

    private XzFiles() {
    }

    /**
     * A decompressed capture.
     *
     * @param file the temporary file (the caller deletes it)
     * @param problem set when the compressed stream was damaged: {@code file} then holds what
     *     could be decompressed before the damage
     */
    public record Decompressed(Path file, Problem problem) {
    }

    /** Whether the file starts with the xz magic bytes. */
    public static boolean isXz(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        }
    }

    /**
     * Decompresses {@code xzFile} into a new temporary file. A damaged or truncated stream is not an
     * error: the output keeps everything before the damage and the problem says where it was.
     *
     * @throws IOException when the file cannot be read or the temporary file cannot be written
     */
    public static Decompressed decompressToTemp(Path xzFile) throws IOException {
        Path out = Files.createTempFile("genscope-", ".aub");
        long written = 0;
        Problem problem = null;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(xzFile), 1 << 16);
                OutputStream sink = Files.newOutputStream(out, StandardOpenOption.TRUNCATE_EXISTING)) {
            InputStream in;
            try {
                in = new XZInputStream(raw);
            } catch (XZFormatException e) {
                throw new IOException(xzFile + " is not an xz file", e);
            } catch (IOException e) {
                in = InputStream.nullInputStream();
                problem = damaged(0, e);
            }
            byte[] buffer = new byte[1 << 16];
            // a hostile .xz can expand without bound: keep half a GiB of the temp disk free
            long limit = Math.max(0, Files.getFileStore(out).getUsableSpace() - (512L << 20));
            while (problem == null) {
                if (written > limit) {
                    problem = new Problem(Problem.Kind.TRUNCATED, written, "decompressed data would fill the"
                            + " temporary disk; decoding the first " + written + " bytes");
                    break;
                }
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    problem = damaged(written, e);
                    break;
                }
                if (n < 0) {
                    break;
                }
                sink.write(buffer, 0, n);
                written += n;
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        }
        return new Decompressed(out, problem);
    }

    private static Problem damaged(long offset, IOException e) {
        Problem.Kind kind = e instanceof java.io.EOFException ? Problem.Kind.TRUNCATED : Problem.Kind.CORRUPT;
        return new Problem(kind, offset, "the xz stream is damaged after " + offset
                + " decompressed bytes (" + e.getMessage() + "); reading what came before");
    }
}
