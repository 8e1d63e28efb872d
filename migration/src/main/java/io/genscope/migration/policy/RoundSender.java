package io.genscope.migration.policy;

import io.genscope.migration.compress.PagePipeline;
import io.genscope.migration.dirty.DirtyBitmap;
import io.genscope.migration.report.PageCounts;
import io.genscope.migration.report.RoundReport;
import io.genscope.migration.state.DeviceRegion;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.stream.EndInfo;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.stream.StreamWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends pages round by round through a {@link StreamWriter}: round markers, per-round counters
 * for the report, progress for the hooks every 200 ms. A page whose slab was never written goes
 * as a zero page without being read. With a {@link PagePipeline} the pages are only copied here
 * (the copy stage) and encoded and sent on the pipeline's threads; the round markers wait for the
 * encode stage to catch up, so they land in order.
 */
final class RoundSender {
    private static final long PROGRESS_NANOS = 200_000_000L;

    private final StreamWriter writer;
    private final PageStore memory;
    private final MigrationHooks hooks;
    private final DirtyBitmap dirty;
    private final long startNanos;
    private final ByteBuffer zeroPage = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private final List<RoundReport> rounds = new ArrayList<>();
    private long lastProgress;
    private Phase phase = Phase.PRECOPY;
    private int round;
    private long roundStartNanos;
    private long roundStartBytes;
    private long roundPages;
    private long roundZeroPages;
    private final PagePipeline pipeline;
    private PageCounts roundStartCounts = PageCounts.EMPTY;
    private long pagesQueued;

    /** @param pipeline the copy/encode/send pipeline whose writer is {@code writer}, or null */
    RoundSender(StreamWriter writer, PageStore memory, MigrationHooks hooks, DirtyBitmap dirty, long startNanos,
            PagePipeline pipeline) {
        this.pipeline = pipeline;
        this.writer = writer;
        this.memory = memory;
        this.hooks = hooks;
        this.dirty = dirty;
        this.startNanos = startNanos;
        this.lastProgress = startNanos;
    }

    /** An all-zero page, for taps that see a never-written page. */
    ByteBuffer zeroPage() {
        return zeroPage;
    }

    void begin(Phase p) throws IOException {
        if (pipeline != null) {
            pipeline.drain();
            roundStartCounts = pipeline.counts();
        }
        phase = p;
        round++;
        roundStartNanos = System.nanoTime();
        roundStartBytes = writer.bytes();
        roundPages = 0;
        roundZeroPages = 0;
        writer.roundBegin(round, p);
    }

    /** Ends the round and returns its report line. */
    RoundReport end() throws IOException {
        PageCounts encoding = null;
        if (pipeline != null) {
            pipeline.drain();
            encoding = pipeline.counts().minus(roundStartCounts);
        }
        writer.roundEnd(round, roundPages, roundZeroPages);
        RoundReport r = new RoundReport(round, phase.label(), roundPages, roundZeroPages, writer.bytes() - roundStartBytes,
                (System.nanoTime() - roundStartNanos) / 1e6, encoding);
        rounds.add(r);
        return r;
    }

    /** Sends one page. */
    void send(int page) throws IOException {
        sendTagged(page, null);
    }

    /**
     * Sends one page and shows {@code tap} (may be null) the copy that went out: the one-shot
     * rounds hash what they send.
     */
    void sendTagged(int page, StreamWriter.PageTap tap) throws IOException {
        ByteBuffer slab = memory.slabOrNull(page);
        boolean zero;
        pagesQueued++;
        if (pipeline != null) {
            zero = pipeline.copy(page, memory, tap);
        } else if (slab == null) {
            writer.zeroPage(page);
            zero = true;
            if (tap != null) {
                tap.sent(page, zeroPage, 0, true);
            }
        } else {
            zero = writer.page(page, slab, PageStore.offsetInSlab(page));
            if (tap != null) {
                writer.showLastPage(page, tap);
            }
        }
        counted(zero);
    }

    private void counted(boolean zero) {
        roundPages++;
        if (zero) {
            roundZeroPages++;
        }
        if ((roundPages & 255) == 0) {
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_NANOS) {
                lastProgress = now;
                hooks.progress(new MigrationHooks.Progress(phase, round, pagesQueued, bytesForProgress(),
                        (now - startNanos) / 1e6, dirty.count()));
            }
        }
    }

    /**
     * Sends the device-state regions (after the last round) and returns their sums for the END
     * record. With a pipeline, waits for the pages queued before them.
     */
    List<EndInfo.RegionSum> device(Map<DeviceRegion, byte[]> regions) throws IOException {
        if (pipeline != null) {
            pipeline.drain();
        }
        return writer.device(regions);
    }

    /** Sends every page of word {@code w} (pages {@code w << 6 ..}) set in {@code bits}. */
    void sendWord(int w, long bits) throws IOException {
        while (bits != 0) {
            int b = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            send((w << 6) + b);
        }
    }

    /** Bytes produced so far (while the encode stage runs, what reached the writer before its last flush). */
    private long bytesForProgress() {
        return pipeline == null ? writer.bytes() : pipeline.sentBytes();
    }

    /** After the last record: waits until every byte went out on the link (pipelined only). */
    void finish() throws IOException {
        if (pipeline != null) {
            pipeline.finish();
        }
    }

    /** Stops the pipeline's threads; {@code abandon} when the migration failed. */
    void shutdown(boolean abandon) {
        if (pipeline != null) {
            pipeline.shutdown(abandon);
        }
    }

    /** How pages were encoded so far (null without a pipeline); call after {@link #end()}. */
    PageCounts encoding() {
        return pipeline == null ? null : pipeline.counts();
    }

    int round() {
        return round;
    }

    List<RoundReport> rounds() {
        return rounds;
    }
}
