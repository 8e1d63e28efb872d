package io.genscope.parser.capture;

import io.genscope.parser.aub.XzFiles;
import io.genscope.parser.errorstate.ErrorStateFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens any capture a user has (AUB files, i915 error states): finds its format from its first bytes (decompressing {@code .xz}
 * first where the format needs a plain file) and reads it.
 *
 * <pre>{@code
 * Captures.read(Path.of("hang.aub.xz"), new CaptureListener() {
 *     public void submission(Submission s, GpuMemory m, long acthd) { ... }
 * });
 * }</pre>
 */
public final class Captures {
    /** Known formats, tried in order. */
    public static final List<CaptureFormat> FORMATS = List.of(new AubFormat(), new ErrorStateFormat());

    private Captures() {
    }

    /** Reads the file with the first format that accepts it; an unknown format is one problem. */
    public static CaptureFormat read(Path file, CaptureListener listener) throws IOException {
        return read(file, null, listener);
    }

    /**
     * Reads the file with the given format ({@link RawFormat} is never recognised by its content),
     * or with the first format that accepts it when {@code format} is null; {@code .xz} files are
     * decompressed first, and a pipe ({@code <(...)}, a FIFO) is first copied to a temporary file.
     *
     * @return the format that read the file, or null when none accepted it
     */
    public static CaptureFormat read(Path file, CaptureFormat format, CaptureListener listener) throws IOException {
        // a pipe is read once into a file, an .xz decompressed: the checks below and the reader read it again
        XzFiles.Staged staged = XzFiles.stage(file);
        staged.problems().forEach(listener::problem);
        Path plain = staged.file();
        try {
            if (format != null) {
                format.read(plain, listener);
                return format;
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(plain)) {
                head = in.readNBytes(4096);
            }
            if (head.length == 0) {
                // what a driver leaves when it gave up before writing (NEO's AUB mode after a failed launch)
                listener.problem(new Problem(Problem.Kind.TRUNCATED, 0, "the file is empty (0 bytes): nothing was captured"));
                return null;
            }
            for (CaptureFormat f : FORMATS) {
                if (f.accepts(head)) {
                    f.read(plain, listener);
                    return f;
                }
            }
            listener.problem(new Problem(Problem.Kind.UNSUPPORTED, 0, "not a capture genscope knows ("
                    + String.join(", ", FORMATS.stream().map(CaptureFormat::name).toList())
                    + "); for raw dwords use --raw"));
            return null;
        } finally {
            if (staged.temporary()) {
                XzFiles.delete(plain);
            }
        }
    }
}
