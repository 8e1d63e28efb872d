package io.genscope.migration.replay;

import io.genscope.migration.stream.Receiver;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code genscope replay}: restores a recorded migration offline, exactly as a destination would
 * (same checks, nothing kept unless the whole recording passes), while noting its history.
 */
public final class Replay {
    /**
     * What the recording held.
     *
     * @param outcome committed (the restored vGPU, which the caller closes) or refused
     * @param history its rounds, pages and device regions, as far as it was read
     * @param fileBytes size of the file
     */
    public record Result(Receiver.Outcome outcome, RecordingHistory history, long fileBytes) implements AutoCloseable {
        public boolean committed() {
            return outcome instanceof Receiver.Committed;
        }

        @Override
        public void close() {
            if (outcome instanceof Receiver.Committed c) {
                c.vgpu().close();
            }
        }
    }

    private Replay() {
    }

    /** Reads {@code file}; I/O failures while reading count as a truncated recording. */
    public static Result open(Path file, Receiver.Options limits) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            RecordingHistory h = new RecordingHistory();
            long size = in.size();
            Receiver.Outcome o = new Receiver(limits).receive(in, h);
            return new Result(o, h, size);
        }
    }
}
