package io.genscope.migration.xe.precopy;

import io.genscope.migration.dirty.HashStore;
import io.genscope.migration.dirty.HashWorkers;
import io.genscope.migration.dirty.PageHash;
import io.genscope.migration.dirty.PageSet;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.xe.XePacketHeader;
import io.genscope.migration.xe.XePacketType;
import io.genscope.migration.xe.XeVfReader;
import io.genscope.migration.xe.XeVfWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * What the policies work with during one VF migration: the VF, its VRAM, the paced stream of xe
 * packets, the tag store (the hash of each page as sent) and the rounds so far. Every page sent
 * while the VF may still write is first copied into a bounce buffer and the copy is hashed and
 * sent, so a tag always describes what the destination got.
 */
final class VfRun implements AutoCloseable {
    /** xe's VRAM packet: Linux saves at most 512 MiB per chunk. */
    static final int CHUNK_BYTES = 512 << 20;
    private static final int PIECE_PAGES = 256;

    final XeVfSource source;
    final PageStore vram;
    final VfOptions options;
    final HashStore tags;
    final PageHash hash = PageHash.XXH64;
    private final PacedChannel link;
    private final XeVfWriter writer;
    private final ByteBuffer bounce = ByteBuffer.allocateDirect(PIECE_PAGES * PageStore.PAGE_SIZE)
            .order(ByteOrder.LITTLE_ENDIAN);
    private final List<VfRound> rounds = new ArrayList<>();
    private HashWorkers workers;
    private final long t0 = System.nanoTime();
    private long stopAt = -1;
    private long holdAt = -1;
    private long bytesAtStop;
    private long pagesAtStop;
    private long pagesSent;
    private int packets;
    private double stopHashMs;
    private long hotPages;
    private String phase;
    private XeVfState stopped;
    private long roundStart;
    private long roundBytes;
    private long roundPages;
    private int roundPackets;
    private long roundHashed;

    VfRun(XeVfSource source, VfOptions options, WritableByteChannel out) {
        this.source = source;
        this.options = options;
        this.vram = PageStore.over(source.vram());
        this.tags = new HashStore(vram.pageCount(), false);
        this.link = new PacedChannel(out, options.bytesPerSecond());
        this.writer = new XeVfWriter(link);
    }

    /** Begins a round of {@code phase}. */
    void begin(String p) {
        phase = p;
        roundStart = System.nanoTime();
        roundBytes = link.bytes();
        roundPages = pagesSent;
        roundPackets = packets;
        roundHashed = 0;
    }

    /** Ends the round and calls the hooks. */
    void end() {
        rounds.add(new VfRound(phase, pagesSent - roundPages, link.bytes() - roundBytes, packets - roundPackets,
                (System.nanoTime() - roundStart) / 1e6, roundHashed));
        options.hooks().afterRound(phase, rounds.size() - 1);
    }

    /** Holds the VF's VRAM writers; the vCPUs run on. */
    void holdGpu() {
        source.pauseGpu();
        holdAt = System.nanoTime();
    }

    /** Stops the VF: the downtime starts. */
    void stop() {
        source.pause();
        stopAt = System.nanoTime();
        bytesAtStop = link.bytes();
        pagesAtStop = pagesSent;
    }

    void descriptor() throws IOException {
        XeVfState s = source.state();
        writer.descriptor(s.deviceId(), s.revision());
        packets++;
    }

    /**
     * GuC state, GGTT and scratch registers of the primary GT, in Linux's order; the VF is stopped.
     * The state's opaque packets wait for {@link #trailer()}.
     */
    void state() throws IOException {
        XeVfState s = source.state();
        writer.guc(0, 0, s.guc()).ggtt(0, 0, s.ggtt()).mmio(0, 0, s.mmio());
        packets += 3;
        stopped = s;
    }

    /**
     * The opaque packets of the state {@link #state()} read, unchanged and in their order (after the
     * primary GT's VRAM, where Linux saves another GT's packets), then the trailer.
     */
    void trailer() throws IOException {
        for (XeVfState.Packet p : stopped == null ? java.util.List.<XeVfState.Packet>of() : stopped.opaque()) {
            writer.raw(new XePacketHeader(XePacketHeader.VERSION, p.type(), p.tile(), p.gt(), 0, p.offset(),
                    p.payload().remaining()), p.payload());
            packets++;
        }
        writer.trailer();
        packets++;
    }

    /** All of VRAM from the VF's memory as it is, in 512 MiB packets (xe's stop-copy; the VF is stopped). */
    void sendAllStopped() throws IOException {
        sendRange(0, vram.pageCount(), false);
    }

    /**
     * The pre-copy's start: the descriptor, then the {@code gpu-copy} round, all of VRAM through
     * the bounce buffer with every page tagged (the one copy made while the VF runs).
     */
    void oneCopy() throws IOException {
        descriptor();
        begin("gpu-copy");
        sendRange(0, vram.pageCount(), true);
        end();
    }

    /**
     * {@code pages} (ascending) in runs of consecutive pages, one packet per run; when there would be
     * more than {@code budget} runs, the shortest gaps are sent too (those unchanged pages cost
     * bytes, not correctness).
     */
    void sendPages(int[] pages, int n, boolean tag, int budget) throws IOException {
        if (n == 0) {
            return;
        }
        int gap = gapToSend(pages, n, Math.max(1, budget));
        int start = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || pages[i] - pages[i - 1] - 1 > gap) {
                sendRange(pages[start], pages[i - 1] - pages[start] + 1, tag);
                start = i;
            }
        }
    }

    /** The largest gap between pages that is sent rather than split at, for at most {@code budget} runs. */
    private static int gapToSend(int[] pages, int n, int budget) {
        int[] gaps = new int[n - 1];
        int g = 0;
        for (int i = 1; i < n; i++) {
            if (pages[i] - pages[i - 1] > 1) {
                gaps[g++] = pages[i] - pages[i - 1] - 1;
            }
        }
        if (g < budget) {
            return 0;
        }
        Arrays.sort(gaps, 0, g);
        return gaps[g - budget];
    }

    /** Pages [first, first + count) in packets of at most 512 MiB. */
    void sendRange(int first, int count, boolean tag) throws IOException {
        int perPacket = CHUNK_BYTES / PageStore.PAGE_SIZE;
        for (int p = first; p < first + count; p += perPacket) {
            int n = Math.min(perPacket, first + count - p);
            writer.raw(XePacketHeader.of(XePacketType.VRAM, 0, 0, (long) p << PageStore.PAGE_SHIFT,
                    (long) n << PageStore.PAGE_SHIFT), ByteBuffer.allocate(0));
            packets++;
            for (int q = p, k; q < p + n; q += k) {
                k = Math.min(Math.min(PIECE_PAGES, p + n - q), PageStore.PAGES_PER_SLAB - (q & (PageStore.PAGES_PER_SLAB - 1)));
                piece(q, k, tag);
            }
        }
    }

    private void piece(int first, int n, boolean tag) throws IOException {
        if (!tag) {
            // the VF is held: its own bytes go out, no copy (a piece never crosses a 4 MiB slab)
            ByteBuffer slab = vram.slab(first);
            int at = PageStore.offsetInSlab(first);
            link.write(slab.duplicate().limit(at + n * PageStore.PAGE_SIZE).position(at));
        } else {
            for (int i = 0; i < n; i++) {
                vram.read(first + i, bounce, i * PageStore.PAGE_SIZE);
                tags.store(first + i, hash.hash(bounce, i * PageStore.PAGE_SIZE), 0);
            }
            link.write(bounce.duplicate().limit(n * PageStore.PAGE_SIZE).position(0));
        }
        pagesSent += n;
    }

    /** Every tagged page not in {@code skip} (may be null), ascending. */
    int[] tagged(PageSet skip) {
        int[] out = new int[vram.pageCount()];
        int n = 0;
        for (int p = 0; p < out.length; p++) {
            if (tags.has(p) && (skip == null || !skip.contains(p))) {
                out[n++] = p;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Starts re-hashing {@code pages} against their tags on the hash threads. */
    HashWorkers.Scan scan(int[] pages) {
        if (workers == null) {
            workers = new HashWorkers(options.hashThreads());
        }
        roundHashed += pages.length;
        return workers.scan(pages, vram, tags, hash);
    }

    /**
     * VRAM packets a round may add: a third of what the reader's limit of
     * {@value XeVfReader#MAX_PACKETS} per stream leaves, all of it for the last round (less one
     * packet per scan chunk, the most a round can overrun, and room for the state and trailer).
     */
    int budget(boolean last) {
        int left = XeVfReader.MAX_PACKETS - packets - 16 - vram.pageCount() / HashWorkers.CHUNK_PAGES;
        return Math.max(1, last ? left : left / 3);
    }

    /**
     * Sends, chunk by chunk as the scan finds them, the changed pages {@code send} accepts, in at
     * most about {@code budget} packets: a chunk may use what the chunks before it left of their
     * even share, so scattered pages cost one packet each until dense chunks need the room.
     *
     * @return pages accepted
     */
    long sendChanged(HashWorkers.Scan scan, int chunks, boolean tag, IntPredicate send, int budget)
            throws IOException, InterruptedException {
        long accepted = 0;
        int start = packets;
        int done = 0;
        for (int[] changed = scan.next(); changed != null; changed = scan.next()) {
            int n = 0;
            for (int p : changed) {
                if (send.test(p)) {
                    changed[n++] = p;
                }
            }
            done++;
            sendPages(changed, n, tag, (int) ((long) budget * done / chunks) - (packets - start));
            accepted += n;
        }
        return accepted;
    }

    /** Chunks a scan of {@code pages} comes in. */
    static int chunks(int[] pages) {
        return Math.max(1, (pages.length + HashWorkers.CHUNK_PAGES - 1) / HashWorkers.CHUNK_PAGES);
    }

    /** Records the last check's hashing time and the hot set's size for the result. */
    void stopHash(HashWorkers.Scan s) {
        stopHashMs = s.nanos() / 1e6;
    }

    void hot(long pages) {
        hotPages = pages;
    }

    VfResult result(String policy) {
        long end = System.nanoTime();
        double downtime = stopAt < 0 ? 0 : (end - stopAt) / 1e6;
        double stall = holdAt < 0 ? downtime : (end - holdAt) / 1e6;
        return new VfResult(policy, vram.sizeBytes(), options.bytesPerSecond(), rounds, (end - t0) / 1e6, downtime,
                stall, link.bytes(), link.bytes() - bytesAtStop, pagesSent - pagesAtStop, packets, stopHashMs, hotPages);
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
        PageStore.release(bounce);
        vram.close();
    }
}
