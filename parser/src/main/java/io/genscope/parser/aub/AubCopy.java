package io.genscope.parser.aub;

import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Copies an AUB capture of either dialect into a new file in Mesa's dialect: the memory state at
 * every submission, the submissions themselves and the comments, re-emitted through
 * {@link AubWriter} and {@link MemoryImageWriter}. The copy decodes like the original; a NEO
 * capture copied with a PCI ID becomes readable by Mesa's aubinator.
 *
 * <p>Not carried over: register writes other than the submissions, polls, and memory that
 * changes after the last submission.
 */
public final class AubCopy {
    /** What a copy wrote. */
    public record Result(AubSummary source, int submissions, long pagesWritten, long entriesWritten, long bytes) {
    }

    private AubCopy() {
    }

    /**
     * Copies {@code capture} (plain or xz) into {@code target}.
     *
     * @param pciId the PCI ID the copy names, or 0 to keep the capture's (a NEO capture has none
     *     and needs one)
     * @throws IllegalArgumentException when the copy would name no device genscope knows
     */
    public static Result copy(Path capture, Path target, int pciId) throws IOException {
        Copier copier = new Copier(target, pciId);
        AubSummary summary;
        try {
            summary = new AubReader().read(capture, copier);
        } catch (UncheckedIOException e) {
            copier.closeQuietly();
            throw e.getCause();
        } catch (RuntimeException e) {
            copier.closeQuietly();
            throw e;
        }
        if (copier.writer == null) {
            throw new IllegalArgumentException(capture + " has no version packet to take the device from");
        }
        copier.writer.close();
        return new Result(summary, copier.submissions, copier.images.pagesWritten(), copier.images.entriesWritten(),
                copier.writer.bytesWritten());
    }

    private static final class Copier implements AubListener {
        private static final int MAX_COMMENT = 4000;
        private final Path target;
        private final int pciId;
        AubWriter writer;
        MemoryImageWriter images;
        int submissions;

        Copier(Path target, int pciId) {
            this.target = target;
            this.pciId = pciId;
        }

        @Override
        public void header(AubHeader h) {
            if (writer != null) {
                return;
            }
            int id = pciId != 0 ? pciId : h.pciId();
            if (id == 0) {
                throw new IllegalArgumentException("the capture names no PCI ID (a " + h.dialect()
                        + " file" + (h.deviceName().isEmpty() ? "" : " for " + h.deviceName())
                        + "); give the one the copy should name");
            }
            try {
                writer = AubWriter.create(target, id, h.applicationName());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            images = new MemoryImageWriter(writer);
        }

        @Override
        public void comment(long fileOffset, String text) {
            if (writer == null) {
                return;
            }
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            String t = utf8.length <= MAX_COMMENT ? text : new String(utf8, 0, MAX_COMMENT, StandardCharsets.UTF_8);
            try {
                writer.comment(t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void submission(Submission s, ContextMemory memoryNow) {
            if (writer == null) {
                return;
            }
            try {
                images.writeChanges(memoryNow.physical(), memoryNow.ggtt());
                writer.submitDescriptor(s.engine(), s.descriptor());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            submissions++;
        }

        void closeQuietly() {
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException ignored) {
                    // the copy failed already; that failure is the one to report
                }
            }
        }
    }
}
