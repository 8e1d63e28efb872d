package io.genscope.parser.aub;

import io.genscope.parser.capture.InflateLimits;
import io.genscope.parser.capture.Problem;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tukaani.xz.XZFormatException;
import org.tukaani.xz.XZInputStream;

/**
 * Decompresses {@code .xz} captures into temporary files, so that they can be mapped like any other.
 *
 * <p>The output is bounded by {@link InflateLimits#perFile()}: an xz bomb stops there with a
 * problem. Every temporary file is deleted on any exit: by its caller through {@link #delete},
 * by a shutdown hook (Ctrl-C, SIGTERM, {@code System.exit}) and, last, by {@code deleteOnExit}.
 */
public final class XzFiles {
    private static final byte[] MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static final String XZ_DAMAGED = "the xz stream is damaged after %d decompressed bytes";

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(XzFiles::deleteAll, "genscope-temp-cleanup"));
        } catch (IllegalStateException e) {
            // already shutting down: deleteOnExit still applies
        }
    }

    private XzFiles() {
    }

    /**
     * A decompressed capture.
     *
     * @param file the temporary file (the caller deletes it with {@link XzFiles#delete})
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

    /** The temporary files made here and not yet deleted (for tests and diagnostics). */
    public static Set<Path> liveTempFiles() {
        LIVE.removeIf(p -> !Files.exists(p));
        return Set.copyOf(LIVE);
    }

    /** Deletes a temporary file made here; on failure it is left to the exit hooks. */
    public static void delete(Path temp) {
        try {
            Files.deleteIfExists(temp);
            LIVE.remove(temp);
        } catch (IOException e) {
            temp.toFile().deleteOnExit();
        }
    }

    private static void deleteAll() {
        for (Path p : LIVE) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException | RuntimeException e) {
                // deleteOnExit has it too
            }
        }
    }

    private static Path createTemp() throws IOException {
        Path out = Files.createTempFile("genscope-xz-", ".aub");
        LIVE.add(out);
        out.toFile().deleteOnExit();
        return out;
    }

    /**
     * Decompresses {@code xzFile} into a new temporary file, with the limits in force. A damaged or
     * truncated stream is not an error: the output keeps everything before the damage and the
     * problem says where it was; so it does for a stream decompressing past the limit.
     *
     * @throws IOException when the file cannot be read or the temporary file cannot be written
     */
    public static Decompressed decompressToTemp(Path xzFile) throws IOException {
        return decompressToTemp(xzFile, InflateLimits.current().perFile());
    }

    /**
     * Decompresses {@code xzFile} into a new temporary file of at most {@code maxBytes} bytes; see
     * {@link #decompressToTemp(Path)}.
     */
    public static Decompressed decompressToTemp(Path xzFile, long maxBytes) throws IOException {
        Path out = createTemp();
        try (InputStream raw = open(xzFile)) {
            InputStream in;
            Problem problem = null;
            try {
                in = new XZInputStream(raw);
            } catch (XZFormatException e) {
                throw new IOException(xzFile + " is not an xz file", e);
            } catch (IOException e) {
                in = InputStream.nullInputStream();
                problem = damaged(0, XZ_DAMAGED, e);
            }
            return new Decompressed(out, problem != null ? problem : drain(in, out, xzFile, maxBytes, "decompresses to", XZ_DAMAGED));
        } catch (IOException | RuntimeException | Error e) {
            delete(out);
            throw e;
        }
    }

    /**
     * Copies a capture that can be read only once (a pipe, {@code <(...)}, a FIFO, a device) into a
     * new temporary file, which can be read again and mapped, with the limits of
     * {@link #decompressToTemp(Path)}; {@link #isReadOnce} says which inputs need it.
     */
    public static Decompressed copyToTemp(Path source) throws IOException {
        Path out = createTemp();
        try (InputStream in = open(source)) {
            return new Decompressed(out, drain(in, out, source, InflateLimits.current().perFile(), "is", "reading it failed after %d bytes"));
        } catch (IOException | RuntimeException | Error e) {
            delete(out);
            throw e;
        }
    }

    /**
     * A capture made readable: {@code file} itself, or the temporary file it was staged into (the
     * caller deletes it with {@link #delete}), with the problems staging met (damage, a limit).
     */
    public record Staged(Path file, boolean temporary, List<Problem> problems) {
    }

    /**
     * {@code file} as the readers need it, a regular file they can read twice and map: a pipe is
     * copied ({@link #copyToTemp}), an {@code .xz} decompressed ({@link #decompressToTemp}), a pipe of
     * an {@code .xz} both (the copy deleted once decompressed); anything else is {@code file} itself.
     */
    public static Staged stage(Path file) throws IOException {
        List<Problem> problems = new ArrayList<>();
        Path readable = file;
        boolean temporary = false;
        if (isReadOnce(file)) {
            Decompressed c = copyToTemp(file);
            readable = c.file();
            temporary = true;
            if (c.problem() != null) {
                problems.add(c.problem());
            }
        }
        if (isXz(readable)) {
            Decompressed d;
            try {
                d = decompressToTemp(readable);
            } finally {
                if (temporary) {
                    delete(readable);
                }
            }
            readable = d.file();
            temporary = true;
            if (d.problem() != null) {
                problems.add(d.problem());
            }
        }
        return new Staged(readable, temporary, List.copyOf(problems));
    }

    /** Whether {@code file} exists but is no regular file or directory: a pipe or a device, read once. */
    public static boolean isReadOnce(Path file) {
        return Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
    }

    /**
     * Reads through a FileInputStream, not Files.newInputStream: the latter's available() seeks,
     * which fails with "Illegal seek" on a pipe after a short read.
     */
    private static InputStream open(Path file) throws IOException {
        return new BufferedInputStream(new FileInputStream(file.toFile()), 1 << 16);
    }

    /**
     * Writes {@code in} to {@code out} up to {@code maxBytes} and while the temporary disk keeps half
     * a GiB free; returns the problem that stopped it early (damage, a limit), or null.
     */
    private static Problem drain(InputStream in, Path out, Path source, long maxBytes, String verb, String failure)
            throws IOException {
        long written = 0;
        try (OutputStream sink = Files.newOutputStream(out, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            // a hostile input can expand without bound: stop at the limit, and keep half a GiB of the temp disk free
            long diskLimit = Math.max(0, Files.getFileStore(out).getUsableSpace() - (512L << 20));
            while (true) {
                if (written > diskLimit) {
                    return new Problem(Problem.Kind.TRUNCATED, written, "the data would fill the"
                            + " temporary disk; decoding the first " + written + " bytes");
                }
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    return damaged(written, failure, e);
                }
                if (n < 0) {
                    return null;
                }
                if (n > maxBytes - written) {
                    sink.write(buffer, 0, (int) (maxBytes - written));
                    return new Problem(Problem.Kind.TRUNCATED, maxBytes, source.getFileName() + " " + verb
                            + " more than " + InflateLimits.format(maxBytes) + " bytes, the limit per"
                            + " file; decoding the first " + InflateLimits.format(maxBytes) + " (raise it with"
                            + " --max-inflate or -D" + InflateLimits.PROPERTY + ")");
                }
                sink.write(buffer, 0, n);
                written += n;
            }
        }
    }

    private static Problem damaged(long offset, String failure, IOException e) {
        Problem.Kind kind = e instanceof java.io.EOFException ? Problem.Kind.TRUNCATED : Problem.Kind.CORRUPT;
        return new Problem(kind, offset, failure.formatted(offset) + " (" + e.getMessage() + "); reading what came before");
    }
}
