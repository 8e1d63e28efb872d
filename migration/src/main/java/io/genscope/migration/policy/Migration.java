package io.genscope.migration.policy;

import io.genscope.migration.Pools;
import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.compress.Lz4Page;
import io.genscope.migration.compress.PagePipeline;
import io.genscope.migration.dirty.DirtyBitmap;
import io.genscope.migration.dirty.HashStore;
import io.genscope.migration.dirty.HashWorkers;
import io.genscope.migration.dirty.PageSample;
import io.genscope.migration.dirty.PageSet;
import io.genscope.migration.report.CompressionReport;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.report.RoundReport;
import io.genscope.migration.state.DeviceImage;
import io.genscope.migration.state.DeviceRegion;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.state.VgpuDigest;
import io.genscope.migration.stream.EndInfo;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.stream.SetupInfo;
import io.genscope.migration.stream.StreamWriter;
import io.genscope.migration.transport.Link;
import io.genscope.migration.transport.Reply;
import io.genscope.migration.transport.TokenBucket;
import io.genscope.migration.workload.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;

/**
 * One live migration of a running vGPU over a {@link Link}, driven by a {@link Policy}.
 *
 * <pre>
 * setup       dirty log on (every page dirty), tag store, hash threads, stream header + SETUP
 * precopy     rounds of CPU-dirty pages (the first is the bulk round: everything) until
 *             pending &lt; bandwidth x downtime limit, or max rounds       [precopy, gmig]
 *             gmig leaves graphics pages out of these rounds
 * gpu-copy    every graphics page once: copied, hashed, tag stored          [gmig]
 * stop        workload paused (vCPUs and vGPU stopped), then the stop-copy round:
 *               stop-copy: every page
 *               precopy:   CPU-dirty pages + every graphics page
 *               gmig:      CPU-dirty pages + graphics pages whose hash changed (parallel re-hash,
 *                          sent as each chunk is hashed)
 *             device-state regions, END, wait for RESUMED
 * verify      source digest (the source stays stopped) against the destination's
 * </pre>
 * A migration that fails at any point resumes the workload: the source keeps running with its
 * state intact (migration only reads guest memory), and the destination, which commits only a
 * complete stream, keeps nothing.
 */
public final class Migration {
    private final Workload workload;
    private final Vgpu vgpu;
    private final MigrationOptions options;
    private final Link link;
    private final MigrationHooks hooks;
    private final String workloadName;
    private final String transportName;
    private final CompressionOptions compression;
    private PagePipeline pipeline;

    private DirtyBitmap dirty;
    private PageSet graphics;
    private HashStore tags;
    private StreamWriter writer;
    private RoundSender sender;
    private long zeroSample;
    private GenscopeRounds genscope;
    /** genscope: the vGPU was held (GPU-stop round) before the vCPUs stopped. */
    private boolean gpuHeld;
    private long gpuStopNanos;
    private double gpuStallMs;

    private long t0;
    private boolean stopped;
    /** Encodes the device state once the vGPU stopped (and warms that code up before). */
    private ExecutorService deviceEncoder;
    private FutureTask<Map<DeviceRegion, byte[]>> deviceImage;
    private volatile boolean stopping;
    /** The device state's sums for END, once it was sent. */
    private List<EndInfo.RegionSum> deviceSums;
    /** gmig: every graphics page in order, the stop's re-hash list (made before the stop). */
    private int[] graphicsList;
    private long stopBytes;
    private long hashNanos;
    private long pagesHashed;
    private long pagesSampledOut;
    private long skippedByHash;
    private long stopHashNanos;
    private double dirtyRate;
    private int syncs;
    private double expectedDowntimeMs;
    private long deviceBytes;
    private long stopPages;
    private long deviceNanos;
    private long resumeWaitNanos;
    private long lastSyncNanos;
    private long cpuWritesAtStart;
    private long gpuWritesAtStart;
    /** What the migration is doing, for a failure report: setup, pre-copy round N, one-shot round, ... */
    private volatile Stage stage = Stage.SETUP;
    /** The pre-copy round a PRECOPY stage is in. */
    private volatile int stageRound;

    public Migration(Workload workload, MigrationOptions options, Link link, MigrationHooks hooks, String workloadName,
            String transportName) {
        this(workload, options, link, hooks, workloadName, transportName, CompressionOptions.NONE);
    }

    /** @param compression page compression; anything but none runs the copy/encode/send pipeline */
    public Migration(Workload workload, MigrationOptions options, Link link, MigrationHooks hooks, String workloadName,
            String transportName, CompressionOptions compression) {
        this.compression = compression;
        this.workload = workload;
        this.vgpu = workload.vgpu();
        this.options = options;
        this.link = link;
        this.hooks = hooks == null ? MigrationHooks.NONE : hooks;
        this.workloadName = workloadName;
        this.transportName = transportName;
    }

    /** Runs the migration. Never throws for a failed migration: the report says so. */
    public MigrationReport run() {
        deviceEncoder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "genscope-device-encoder");
            t.setDaemon(true);
            return t;
        });
        try {
            return migrate();
        } finally {
            Pools.stop(deviceEncoder, "device-state encoder");
        }
    }

    private MigrationReport migrate() {
        t0 = System.nanoTime();
        Workload.WorkloadStats w0 = workload.stats();
        cpuWritesAtStart = w0.cpuWrites();
        gpuWritesAtStart = w0.gpuWrites();
        double setupMs = 0;
        double downtimeMs = 0;
        long stopNanos = 0;
        Boolean verified = null;
        String sourceDigest = null;
        String destinationDigest = null;
        String error = null;
        long w1cpu = 0;
        long w1gpu = 0;
        int pages = vgpu.memory().pageCount();
        try (HashWorkers workers = new HashWorkers(options.hashThreads())) {
            try {
                dirty = new DirtyBitmap(pages);
                vgpu.attachDirtyLog(dirty);
                dirty.markAll();
                lastSyncNanos = System.nanoTime();
                graphics = vgpu.graphicsPages();
                TokenBucket bucket = options.bandwidth().limited() ? TokenBucket.forRate(options.bandwidth().bytesPerSecond())
                        : null;
                if (compression.enabled()) {
                    pipeline = new PagePipeline(link.channel(), bucket, link::flushed, compression, pages);
                    writer = pipeline.writer();
                } else {
                    writer = new StreamWriter(link.channel(), bucket, link::flushed);
                }
                sender = new RoundSender(writer, vgpu.memory(), hooks, dirty, t0, pipeline);
                if (options.policy() == Policy.GMIG || options.policy() == Policy.GENSCOPE) {
                    workers.warmUp(options.hash(), options.sampling());
                    tags = new HashStore(pages, options.sampling());
                    zeroSample = PageSample.of(sender.zeroPage(), 0);
                }
                // the device state is encoded while the vGPU is stopped: compile that code now, on
                // the thread that will do it (the warm-up gives way as soon as the vGPU stops)
                deviceEncoder.execute(() -> {
                    try {
                        for (int i = 0; i < 30 && !stopping; i++) {
                            DeviceImage.encode(vgpu.deviceSnapshot());
                        }
                    } catch (RuntimeException e) {
                        // a warm-up only (the vGPU runs meanwhile); the real encode reports its own
                    }
                });
                writer.start(new SetupInfo(vgpu.memory().sizeBytes(), vgpu.windows(), options.verify(),
                        options.policy().cliName()));
                writer.flush();
                setupMs = ms(System.nanoTime() - t0);

                switch (options.policy()) {
                    case STOP_COPY -> {
                    }
                    case PRECOPY -> precopy(null);
                    case GMIG -> {
                        // the stop's re-hash list, made now: code that runs only near the stop
                        // would still be compiling during it
                        graphicsList = graphics.toArray();
                        precopy(graphics);
                        gpuCopy();
                    }
                    case GENSCOPE -> {
                        genscope = new GenscopeRounds(options, vgpu.memory(), dirty, vgpu::syncDirtyLog, graphics, tags, sender, hooks, workers,
                                this::tag);
                        genscope.beforeStop(() -> precopy(graphics));
                        if (workload.canPauseGpu() && options.gpuStop()) {
                            stage = Stage.GPU_STOP;
                            sender.begin(Phase.GPU_STOP);
                            gpuStopNanos = System.nanoTime();
                            workload.pauseGpu();
                            gpuHeld = true;
                            workers.endWarmUp();
                            genscope.gpuStop();
                            sender.end();
                            hooks.afterRound(Phase.GPU_STOP, sender.round());
                        }
                    }
                }
                stopNanos = System.nanoTime();
                workload.pause();
                stopped = true;
                Workload.WorkloadStats w1 = workload.stats();
                w1cpu = w1.cpuWrites();
                w1gpu = w1.gpuWrites();
                hooks.stopped();
                // the device state is fixed from here on: encode it on its own thread while the
                // stop round runs, so that only sending it remains after the round
                stopping = true;
                workers.endWarmUp();
                deviceImage = new FutureTask<>(() -> DeviceImage.encode(vgpu.deviceSnapshot()));
                deviceEncoder.execute(deviceImage);
                stopBytes = writer.bytes();
                stage = Stage.STOP_COPY;
                stopCopy(workers);
                stage = Stage.DEVICE_STATE;
                sendDevice();
                long endStart = System.nanoTime();
                writer.end(deviceSums);
                sender.finish();
                link.finishSending();
                stage = Stage.END_OF_STREAM;
                long sentAll = System.nanoTime();
                deviceNanos += sentAll - endStart;
                Reply reply = link.awaitReply(options.replyTimeoutMs());
                long resumed = System.nanoTime();
                resumeWaitNanos = resumed - sentAll;
                if (reply instanceof Reply.Rejected r) {
                    throw new MigrationFailure("failed during " + stage.describe(stageRound) + ": the destination refused the stream: "
                            + r.message());
                }
                if (!(reply instanceof Reply.Resumed)) {
                    throw new MigrationFailure("failed during " + stage.describe(stageRound) + ": " + (reply == null
                            ? "no reply from the destination within " + options.replyTimeoutMs() + " ms"
                            : "unexpected reply " + reply));
                }
                downtimeMs = ms(resumed - stopNanos);
                gpuStallMs = gpuHeld ? ms(resumed - gpuStopNanos) : downtimeMs;
                sender.shutdown(false);
                vgpu.detachDirtyLog();
                double totalMs = ms(resumed - t0);
                if (options.verify()) {
                    stage = Stage.VERIFICATION;
                    VgpuDigest source = VgpuDigest.of(vgpu);
                    sourceDigest = source.toString();
                    Reply d = link.awaitReply(options.replyTimeoutMs());
                    if (d instanceof Reply.Digest digest) {
                        destinationDigest = digest.digest().toString();
                        verified = digest.digest().equals(source);
                    } else {
                        verified = false;
                        error = "the destination sent no digest";
                    }
                    if (!verified && error == null) {
                        error = "verification failed: source " + source + ", destination " + destinationDigest;
                    }
                }
                return report("completed", error, setupMs, totalMs, downtimeMs, verified, sourceDigest, destinationDigest,
                        w1cpu, w1gpu);
            } catch (IOException | MigrationFailure | RuntimeException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                error = e instanceof MigrationFailure ? e.getMessage() : "failed during " + stage.describe(stageRound) + ": " + describe(e);
                if (sender != null) {
                    sender.shutdown(true);
                }
                vgpu.detachDirtyLog();
                // [M] a failed run that stopped the guest reports the real downtime: stop to resume here
                double stoppedMs = 0;
                if (stopped) {
                    workload.resume();
                    stoppedMs = Math.max(ms(System.nanoTime() - stopNanos), 0.001);
                }
                if (gpuHeld) {
                    workload.resumeGpu();
                }
                Workload.WorkloadStats w1 = workload.stats();
                if (!(e instanceof MigrationFailure)) {
                    error = withDestinationReason(error);
                }
                link.close();
                return report("failed", error, setupMs, ms(System.nanoTime() - t0), stoppedMs, verified, sourceDigest,
                        destinationDigest, w1.cpuWrites(), w1.gpuWrites());
            }
        }
    }

    private String withDestinationReason(String error) {
        try {
            Reply r = link.awaitReply(2000);
            if (r instanceof Reply.Rejected rej) {
                return error + "; the destination refused the stream: " + rej.message();
            }
        } catch (IOException | RuntimeException e) {
            // the destination is gone too; the local error is all there is
        }
        return error;
    }

    private static String describe(Exception e) {
        if (e instanceof MigrationFailure) {
            return e.getMessage();
        }
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        String m = t.getMessage();
        return (t instanceof IOException ? "link failed: " : "migration failed: ") + (m == null ? t.toString() : m);
    }

    /** Iterative pre-copy rounds; pages in {@code exclude} stay dirty and are not sent. */
    private void precopy(PageSet exclude) throws IOException {
        ConvergenceRule rule = new ConvergenceRule(options.downtimeLimitMs());
        BandwidthEstimator bandwidth = new BandwidthEstimator();
        while (true) {
            stageRound = sender.round() + 1;
            stage = Stage.PRECOPY;
            sender.begin(Phase.PRECOPY);
            syncs++;
            vgpu.syncDirtyLog();
            lastSyncNanos = System.nanoTime();
            for (int w = 0; w < dirty.wordCount(); w++) {
                sender.sendWord(w, dirty.harvestWord(w, exclude == null ? 0 : exclude.word(w)));
            }
            RoundReport done = sender.end();
            bandwidth.add(done.ramBytes(), (long) (done.ms() * 1e6));
            int pendingPages = exclude == null ? dirty.count() : dirty.countExcluding(exclude);
            long sinceSync = System.nanoTime() - lastSyncNanos;
            dirtyRate = pendingPages / Math.max(1e-9, sinceSync / 1e9);
            long pendingBytes = (long) pendingPages * PageStore.PAGE_SIZE;
            expectedDowntimeMs = ConvergenceRule.expectedDowntimeMs(pendingBytes, bandwidth.bytesPerMs());
            hooks.afterRound(Phase.PRECOPY, sender.round());
            if (rule.converged(pendingBytes, bandwidth.bytesPerMs()) || sender.round() >= options.maxRounds()) {
                return;
            }
        }
    }

    /**
     * gMig's one-shot round: every graphics page, copied, hashed and sent once. Like gMig's walk,
     * which goes through the CPU dirty bitmap and the GPU bitmap together in address order, the
     * round also sends the CPU-dirty pages it passes (those outside graphics memory; a graphics
     * page goes once, tagged, whether the CPU wrote it or not), so that they do not wait for the
     * stop.
     */
    private void gpuCopy() throws IOException {
        stage = Stage.GPU_COPY;
        sender.begin(Phase.GPU_COPY);
        vgpu.syncDirtyLog();
        StreamWriter.PageTap tap = this::tag;
        for (int w = 0; w < dirty.wordCount(); w++) {
            long bits = graphics.word(w);
            sender.sendWord(w, dirty.harvestWord(w, bits));
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int page = (w << 6) + b;
                dirty.clear(page);
                sender.sendTagged(page, tap);
            }
        }
        sender.end();
        hooks.afterRound(Phase.GPU_COPY, sender.round());
    }

    private void tag(int page, ByteBuffer buffer, int offset, boolean zero) {
        long t = System.nanoTime();
        long hash = zero ? options.hash().zeroPage() : options.hash().hash(buffer, offset);
        long sample = !options.sampling() ? 0 : zero ? zeroSample : PageSample.of(buffer, offset);
        tags.store(page, hash, sample);
        hashNanos += System.nanoTime() - t;
        if (!zero) {
            pagesHashed++;
        }
    }

    /** Sends the device state (encoded since the stop), after the stop round. */
    private void sendDevice() throws IOException, InterruptedException {
        long t = System.nanoTime();
        Map<DeviceRegion, byte[]> regions;
        try {
            regions = deviceImage.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        long before = writer.bytes();
        deviceSums = sender.device(regions);
        deviceBytes = writer.bytes() - before;
        deviceNanos += System.nanoTime() - t;
    }

    private void stopCopy(HashWorkers workers) throws IOException, InterruptedException {
        sender.begin(Phase.STOP_COPY);
        int pages = vgpu.memory().pageCount();
        switch (options.policy()) {
            case STOP_COPY -> {
                for (int p = 0; p < pages; p++) {
                    sender.send(p);
                }
            }
            case PRECOPY -> {
                PageSet sent = sendDirty();
                for (int w = 0; w < dirty.wordCount(); w++) {
                    sender.sendWord(w, graphics.word(w) & ~sent.word(w));
                }
            }
            case GMIG -> {
                // take the CPU-dirty pages (sent anyway), start re-hashing every other graphics
                // page on the hash threads (the list was made before the stop, the workers leave
                // out the CPU-dirty ones), send the CPU-dirty pages meanwhile, then the changed ones
                syncs++;
                vgpu.syncDirtyLog();
                PageSet sent = new PageSet(pages);
                int[] dirtyPages = new int[Math.max(16, dirty.count())];
                int d = 0;
                int dirtyGraphics = 0;
                for (int w = 0; w < dirty.wordCount(); w++) {
                    long bits = dirty.harvestWord(w, 0);
                    if (bits == 0) {
                        continue;
                    }
                    sent.addWord(w, bits);
                    dirtyGraphics += Long.bitCount(bits & graphics.word(w));
                    while (bits != 0) {
                        int b = Long.numberOfTrailingZeros(bits);
                        bits &= bits - 1;
                        if (d == dirtyPages.length) {
                            dirtyPages = Arrays.copyOf(dirtyPages, d * 2);
                        }
                        dirtyPages[d++] = (w << 6) + b;
                    }
                }
                int n = graphicsList.length - dirtyGraphics;
                long t = System.nanoTime();
                HashWorkers.Scan s = workers.scan(graphicsList, sent, vgpu.memory(), tags, options.hash());
                for (int i = 0; i < d; i++) {
                    sender.send(dirtyPages[i]);
                }
                long changed = 0;
                for (int[] chunk = s.next(); chunk != null; chunk = s.next()) {
                    for (int page : chunk) {
                        sender.send(page);
                    }
                    changed += chunk.length;
                }
                stopHashNanos = System.nanoTime() - t;
                hashNanos += s.nanos();
                pagesHashed += s.hashed();
                pagesSampledOut += s.sampledOut();
                skippedByHash = n - changed;
            }
            case GENSCOPE -> {
                if (gpuHeld) {
                    genscope.stopAfterGpuStop();
                } else {
                    genscope.stop();
                }
                GenscopeRounds.Stats g = genscope.stats();
                hashNanos += g.hashNanos();
                pagesHashed += g.pagesHashed();
                pagesSampledOut += g.pagesSampledOut();
                skippedByHash = g.skippedByHash();
                stopHashNanos = g.stopHashNanos();
                syncs += g.syncs();
            }
        }
        stopPages = sender.end().pages();
        hooks.afterRound(Phase.STOP_COPY, sender.round());
    }

    /** The final dirty sync: sends every CPU-dirty page and returns them. */
    private PageSet sendDirty() throws IOException {
        syncs++;
        vgpu.syncDirtyLog();
        PageSet sent = new PageSet(vgpu.memory().pageCount());
        for (int w = 0; w < dirty.wordCount(); w++) {
            long bits = dirty.harvestWord(w, 0);
            sent.addWord(w, bits);
            sender.sendWord(w, bits);
        }
        return sent;
    }

    private MigrationReport report(String status, String error, double setupMs, double totalMs, double downtimeMs,
            Boolean verified, String sourceDigest, String destinationDigest, long cpuWrites, long gpuWrites) {
        long bytes = writer == null ? 0 : writer.bytes();
        long pagesSent = writer == null ? 0 : writer.pageRecords();
        long zeros = writer == null ? 0 : writer.zeroRecords();
        double sendSeconds = Math.max(1e-9, (totalMs - setupMs) / 1000);
        return new MigrationReport(options.policy().cliName(), status, error, workloadName, transportName,
                options.bandwidth().megabitsPerSecond(), options.downtimeLimitMs(), vgpu.memory().sizeBytes(),
                vgpu.windows().pages() * (long) PageStore.PAGE_SIZE, totalMs, setupMs, downtimeMs,
                Double.isFinite(expectedDowntimeMs) ? expectedDowntimeMs : -1,
                sender == null ? List.of() : sender.rounds(), pagesSent, zeros, stopped ? stopPages : 0,
                bytes, stopped ? bytes - stopBytes : 0, deviceBytes, ms(deviceNanos), ms(resumeWaitNanos), skippedByHash, pagesHashed, pagesSampledOut, ms(hashNanos),
                ms(stopHashNanos), bytes * 8 / sendSeconds / 1e6, dirtyRate, syncs, cpuWrites - cpuWritesAtStart,
                gpuWrites - gpuWritesAtStart, verified, sourceDigest, destinationDigest, compressionReport(), gpuStallMs);
    }

    private CompressionReport compressionReport() {
        if (pipeline == null) {
            return null;
        }
        var cache = pipeline.encoder().cache();
        return new CompressionReport(compression.mode().cliName(), pipeline.counts(),
                cache == null ? 0 : compression.deltaCacheBytes(), cache == null ? 0 : cache.lookups(),
                cache == null ? 0 : cache.hits(), Lz4Page.implementation());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** A migration that cannot complete, with the reason for the report. */
    private static final class MigrationFailure extends Exception {
        MigrationFailure(String message) {
            super(message);
        }
    }
}
