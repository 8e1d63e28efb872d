package io.genscope.parser.aub;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.memory.MappedBytes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads an AUB capture packet by packet, rebuilding GPU memory as it goes and reporting headers,
 * comments and execlist submissions to an {@link AubListener}.
 *
 * <p>The file is memory-mapped, never copied into the heap: whole pages written by the capture
 * stay in the file and only partially written pages are copied. Damaged input never throws: each
 * defect becomes a {@link Problem} and reading goes on where it safely can (it stops at a
 * truncated packet, resynchronises after a garbage header).
 */
public final class AubReader {
    private final long heapBudget;

    /** A reader that may use up to half the maximum heap for rebuilt memory. */
    public AubReader() {
        this(Runtime.getRuntime().maxMemory() / 2);
    }

    /** A reader that stops with a problem once rebuilt memory needs more than {@code heapBudgetBytes}. */
    public AubReader(long heapBudgetBytes) {
        if (heapBudgetBytes <= 0) {
            throw new IllegalArgumentException("heap budget must be positive");
        }
        this.heapBudget = heapBudgetBytes;
    }

    /**
     * Reads an AUB file, or an xz-compressed one (recognised by its magic bytes; it is first
     * decompressed into a temporary file, deleted once mapped).
     *
     * @throws IOException when the file is missing or cannot be read; never for damaged content
     */
    public AubSummary read(Path file, AubListener listener) throws IOException {
        if (!XzFiles.isXz(file)) {
            return read(MappedBytes.map(file), listener, List.of());
        }
        XzFiles.Decompressed d = XzFiles.decompressToTemp(file);
        MappedBytes bytes;
        try {
            bytes = MappedBytes.map(d.file());
        } finally {
            XzFiles.delete(d.file()); // Unix keeps a mapping valid after its file is deleted
        }
        return read(bytes, listener, d.problem() == null ? List.of() : List.of(d.problem()));
    }

    /** Reads an AUB capture already in memory or mapped. Never throws for damaged content. */
    public AubSummary read(MappedBytes bytes, AubListener listener) {
        return read(bytes, listener, List.of());
    }

    private AubSummary read(MappedBytes bytes, AubListener listener, List<Problem> earlier) {
        return new ReadSession(bytes, listener, heapBudget, earlier).run();
    }
}
