package io.genscope.parser.aub;

import io.genscope.parser.capture.Submission;
import io.genscope.parser.context.ContextImage;
import io.genscope.parser.context.RingContext;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.Ppgtt;
import io.genscope.spec.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Copies an AUB capture of either dialect into a new file in Mesa's dialect: the memory state at
 * every submission, the submissions themselves and the comments, re-emitted through
 * {@link AubWriter} and {@link MemoryImageWriter}. The copy decodes like the original; a NEO
 * capture copied with a PCI ID becomes readable by Mesa's aubinator.
 *
 * <p>Mesa's dialect has 4-level page tables only: a context of a capture with five levels (NEO on
 * Lunar Lake, Battlemage, Panther Lake) names in the copy the PML4 that entry 0 of its PML5 points
 * at, which maps every address below 2^48 as before.
 *
 * <p>Not carried over: register writes other than the submissions, polls, memory that changes
 * after the last submission, PML5 entries other than 0, and comment text past 4000 bytes.
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
        return copy(capture, target, pciId, UnaryOperator.identity());
    }

    /**
     * As {@link #copy(Path, Path, int)}, each submission made in the copy to the engine
     * {@code submitTo} names for the original's (Mesa 25.0's aubinator follows the render, video
     * and copy engines only: {@code e -> e == Engine.COMPUTE ? Engine.RENDER : e} shows it the
     * compute engine's work).
     */
    public static Result copy(Path capture, Path target, int pciId, UnaryOperator<Engine> submitTo)
            throws IOException {
        Copier copier = new Copier(target, pciId, submitTo);
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
        private final UnaryOperator<Engine> submitTo;
        AubWriter writer;
        MemoryImageWriter images;
        ContextImage contextImage;
        int submissions;

        Copier(Path target, int pciId, UnaryOperator<Engine> submitTo) {
            this.target = target;
            this.pciId = pciId;
            this.submitTo = submitTo;
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
            contextImage = ContextImage.forGeneration(Device.byPciId(id).orElseThrow().spec());
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
                if (memoryNow.ppgtt().paging().levels() == 5) {
                    pointAtPml4(s, memoryNow);
                }
                writer.submitDescriptor(submitTo.apply(s.engine()), s.descriptor());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            submissions++;
        }

        /** Rewrites the context's PPGTT root in the copy's image: the PML4 its PML5's entry 0 names. */
        private void pointAtPml4(Submission s, ContextMemory memoryNow) throws IOException {
            long pml4 = memoryNow.ppgtt().fourLevelRoot();
            int[] state = contextImage.registerDwords(memoryNow, s.lrca());
            if (pml4 == Ppgtt.UNMAPPED || state == null) {
                return;
            }
            RingContext ring = contextImage.decode(state);
            long[] pdps = ring.pdps();
            pdps[0] = pml4;
            contextImage.place(state,
                    new RingContext(ring.ringStart(), ring.head(), ring.tail(), ring.control(), pdps));
            writer.writeGgtt(contextImage.registerState(s.lrca()), state);
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
