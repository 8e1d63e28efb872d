package io.genscope.rewriter.aub;

import io.genscope.parser.aub.AubReader;
import io.genscope.parser.aub.XzFiles;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.rewriter.RemapReport;
import io.genscope.rewriter.WindowMap;
import io.genscope.spec.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Remaps a whole AUB capture from a vGPU's guest windows to its host windows: GGTT entries move to
 * their host index, GGTT-addressed writes to host addresses, and every GGTT address the captured
 * commands, context images and registers hold is translated, all together, so the output is the
 * same capture as the host would have recorded it.
 *
 * <p>The output is the input with dwords patched in place (packet sizes never change), so it reads
 * with the same {@link AubReader} and decodes to the same commands. The input may be xz-compressed;
 * an output named {@code *.xz} is compressed.
 *
 * <pre>{@code
 * AubRemapper.Result r = new AubRemapper(map, null).remap(in, out, false);
 * r.report().writeText(System.out);
 * }</pre>
 */
public final class AubRemapper {
    private final WindowMap map;
    private final Spec forced;

    /**
     * @param forced the spec to decode with, or null for the one the capture's device implies
     */
    public AubRemapper(WindowMap map, Spec forced) {
        this.map = map;
        this.forced = forced;
    }

    /**
     * What a remap found and did.
     *
     * @param report relocations and findings
     * @param problems what the reader found wrong with the input
     * @param spec the spec used (null when the capture names no known device and none was forced)
     * @param patchedDwords dwords of the file that changed
     * @param written whether the output was written
     */
    public record Result(RemapReport report, List<Problem> problems, Spec spec, int patchedDwords, boolean written) {
    }

    /**
     * Remaps {@code in} into {@code out}. With {@code strict}, nothing is written when any GGTT
     * address could not be translated (the audit found something).
     *
     * @throws IOException when a file cannot be read or written; never for damaged content
     * @throws IllegalArgumentException when {@code out} is {@code in}
     */
    public Result remap(Path in, Path out, boolean strict) throws IOException {
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new IllegalArgumentException("the output must be another file than the input (" + out + ")");
        }
        return run(in, out, strict);
    }

    /**
     * Plans the remap of {@code in} and reports it without writing anything (a preview: the
     * result's {@code written} is false).
     *
     * @throws IOException when the file cannot be read; never for damaged content
     */
    public Result preview(Path in) throws IOException {
        return run(in, null, false);
    }

    private Result run(Path in, Path out, boolean strict) throws IOException {
        Path plain = in;
        Path temp = null;
        List<Problem> problems = new ArrayList<>();
        try {
            if (XzFiles.isXz(in)) {
                XzFiles.Decompressed d = XzFiles.decompressToTemp(in);
                temp = d.file();
                plain = temp;
                if (d.problem() != null) {
                    problems.add(d.problem());
                }
            }
            MappedBytes bytes = MappedBytes.map(plain);
            RemapReport report = new RemapReport(map);
            RemapListener listener = plan(bytes, report);
            problems.addAll(listener.problems());
            boolean write = out != null && !(strict && report.findingCount() > 0) && listener.spec() != null;
            if (write) {
                write(plain, out, listener.patches());
            }
            return new Result(report, problems, listener.spec(), listener.patches().size(), write);
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Remaps a capture held in memory; returns the output bytes (for tests and small inputs). */
    public byte[] remap(byte[] capture, RemapReport report) {
        RemapListener listener = plan(MappedBytes.wrap(capture), report);
        byte[] out = capture.clone();
        listener.patches().applyTo(out);
        return out;
    }

    private RemapListener plan(MappedBytes bytes, RemapReport report) {
        RemapListener listener = new RemapListener(map, bytes, forced, report);
        new AubReader().read(bytes, listener); // the reader's problems reach the listener too
        return listener;
    }

    private static void write(Path plain, Path out, Patches patches) throws IOException {
        boolean xz = out.getFileName().toString().endsWith(".xz");
        Path target = xz ? Files.createTempFile(out.toAbsolutePath().getParent(), "genscope-remap", ".aub") : out;
        try {
            Files.copy(plain, target, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                patches.applyTo(ch);
            }
            if (xz) {
                try (InputStream src = Files.newInputStream(target);
                        OutputStream dst = new XZOutputStream(Files.newOutputStream(out), new LZMA2Options())) {
                    src.transferTo(dst);
                }
            }
        } finally {
            if (xz) {
                Files.deleteIfExists(target);
            }
        }
    }
}
