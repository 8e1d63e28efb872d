package io.genscope.migration.transport;

import io.genscope.migration.state.VgpuDigest;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.stream.StreamRejection;
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
    /** Limits and what to do with a restored vGPU. */
    public record Options(Receiver.Options receiver, Consumer<Receiver.Committed> restored) {
        public static final Options DEFAULT = new Options(Receiver.Options.DEFAULT, c -> {
        });
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

    /** Serves one stream from {@code in}. Never throws. */
    public static Result serve(ReadableByteChannel in, ReplySink replies, Options options) {
        Receiver.Outcome o = new Receiver(options.receiver()).receive(in);
        String replyFailure = null;
        VgpuDigest digest = null;
        long digestNanos = 0;
        if (o instanceof Receiver.Committed c) {
            try {
                replyFailure = send(replies, new Reply.Resumed(c.stats().records(), c.stats().pages(), c.stats().commitNanos()));
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
