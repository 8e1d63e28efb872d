package io.genscope.migration.transport;

import io.genscope.migration.state.VgpuDigest;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.stream.RecordKind;
import io.genscope.migration.stream.StreamRejection;
import io.genscope.migration.warmup.RestoreWarmUp;
import io.genscope.parser.capture.Problem;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.function.Consumer;

/**
 * The destination host: receives one stream, commits it or refuses it, and replies on the return
 * path (RESUMED as soon as the vGPU is committed, then its digest when the source asked for one;
 * or REJECTED naming the record). The restored vGPU is handed to {@code restored} and released
 * afterwards.
 */
public final class Destination {
    /**
     * Limits, what to do with a restored vGPU, and a last step of the restore before the
     * destination resumes (may be null): e.g. placing the vGPU's windows elsewhere on this host.
     */
    public record Options(Receiver.Options receiver, Consumer<Receiver.Committed> restored, Restore restore) {
        public static final Options DEFAULT = new Options(Receiver.Options.DEFAULT, c -> {
        });

        public Options(Receiver.Options receiver, Consumer<Receiver.Committed> restored) {
            this(receiver, restored, null);
        }
    }

    /** The last step of a restore, after every check of the stream and before RESUMED. */
    @FunctionalInterface
    public interface Restore {
        /** Returns null when the vGPU can resume here, or why it cannot (the stream is then refused). */
        String prepare(Receiver.Committed committed);
    }

    /** Where replies go. */
    @FunctionalInterface
    public interface ReplySink {
        void send(Reply reply) throws IOException;
    }

    /** What happened to one stream. */
    public record Result(Receiver.Outcome outcome, VgpuDigest digest, long digestNanos, String replyFailure) {
        public boolean committed() {
            return outcome instanceof Receiver.Committed;
        }
    }

    private Destination() {
    }

    /**
     * Serves one stream from {@code in}. Never throws: an {@link OutOfMemoryError} refuses this
     * stream (what it staged is released) and leaves the process serving.
     */
    public static Result serve(ReadableByteChannel in, ReplySink replies, Options options) {
        Receiver receiver = new Receiver(options.receiver());
        try {
            return serve(receiver, in, replies, options);
        } catch (OutOfMemoryError e) {
            receiver.release();
            String why = "out of memory while restoring this stream (" + e.getMessage() + ")";
            String failure = send(replies, new Reply.Rejected(-1, 0, why));
            return new Result(new Receiver.Rejected(new StreamRejection(-1, null, -1, 0, 0, Problem.Kind.UNSUPPORTED, why),
                    new Receiver.Stats(0, 0, 0, 0, 0, 0, receiver.peakAllocatedBytes())), null, 0, failure);
        } finally {
            receiver.release();
        }
    }

    private static Result serve(Receiver receiver, ReadableByteChannel in, ReplySink replies, Options options) {
        Receiver.Outcome o = receiver.receive(in);
        if (o instanceof Receiver.Committed c && options.restore() != null) {
            String why;
            try {
                why = options.restore().prepare(c);
            } catch (RuntimeException e) {
                why = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            if (why != null) {
                c.vgpu().close();
                Receiver.Stats st = c.stats();
                o = new Receiver.Rejected(new StreamRejection(st.records() - 1, RecordKind.END, RecordKind.END.code(), 0,
                        st.bytes(), Problem.Kind.UNSUPPORTED, "the restore cannot place the vGPU on this host: " + why), st);
            }
        }
        String replyFailure = null;
        VgpuDigest digest = null;
        long digestNanos = 0;
        if (o instanceof Receiver.Committed c) {
            try {
                replyFailure = send(replies, new Reply.Resumed(c.stats().records(), c.stats().pages(), c.stats().commitNanos()));
                RestoreWarmUp.restoreCompleted();
                if (c.setup().digestRequested()) {
                    long t0 = System.nanoTime();
                    digest = VgpuDigest.of(c.vgpu());
                    digestNanos = System.nanoTime() - t0;
                    String f = send(replies, new Reply.Digest(digest, digestNanos));
                    replyFailure = replyFailure == null ? f : replyFailure;
                }
                options.restored().accept(c);
            } finally {
                c.vgpu().close();
            }
        } else {
            StreamRejection r = ((Receiver.Rejected) o).rejection();
            replyFailure = send(replies, new Reply.Rejected(r.recordIndex(), r.offset(), r.toString()));
        }
        return new Result(o, digest, digestNanos, replyFailure);
    }

    private static String send(ReplySink sink, Reply r) {
        try {
            sink.send(r);
            return null;
        } catch (IOException | RuntimeException e) {
            return "could not reply to the source: " + e.getMessage();
        }
    }
}
