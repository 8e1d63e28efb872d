package io.genscope.migration.policy;

import io.genscope.migration.Pools;
import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.compress.Lz4Page;
import io.genscope.migration.compress.PagePipeline;
import io.genscope.migration.dirty.DirtyBitmap;
import io.genscope.migration.dirty.HashWorkers;
import io.genscope.migration.report.CompressionReport;
import io.genscope.migration.report.MigrationReport;
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
import io.genscope.migration.warmup.WarmUp;
import io.genscope.migration.workload.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;

/**
 * One live migration of a running vGPU over a {@link Link}: the driver of the steps, with one
 * {@link PolicyHandler} deciding what each step sends.
 *
 * <pre>
 * setup       dirty log on (every page dirty), the handler's setup, stream header + SETUP
 * iterate     the handler's live rounds, the guest running (pre-copy rounds, gMig's one-shot
 *             round, genscope's hot set and GPU stop)
 * stop        guest paused (vCPUs and vGPU); the device state is encoded on its own thread
 *             meanwhile; the stop-copy round: the handler's complete()
 * device      device-state regions, END, wait for RESUMED
 * verify      source digest (the source stays stopped) against the destination's
 * cleanup     the handler's cleanup, always
 * </pre>
 * A migration that fails at any point resumes the workload: the source keeps running with its
 * state intact (migration only reads guest memory), and the destination, which commits only a
 * complete stream, keeps nothing. The report is built from a {@link MigrationStats}.
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
    private final PolicyHandler handler;
    private final MigrationStats stats = new MigrationStats();

    private PagePipeline pipeline;
    private StreamWriter writer;
    private RoundSender sender;
    private MigrationRun run;
    /** Encodes the device state once the vGPU stopped (and runs the warm-up's encodes before). */
    private ExecutorService deviceEncoder;

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
        this.handler = PolicyHandler.of(options.policy());
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

    /** Source and destination digests, when verification was asked. */
    private record Verification(Boolean verified, String source, String destination, String error) {
        static final Verification NONE = new Verification(null, null, null, null);
    }

    private MigrationReport migrate() {
        Workload.WorkloadStats w0 = workload.stats();
        stats.cpuWritesAtStart = w0.cpuWrites();
        stats.gpuWritesAtStart = w0.gpuWrites();
        WarmUp warmUp = WarmUp.forSource(options.jitWarmUp());
        try (HashWorkers workers = new HashWorkers(options.hashThreads())) {
            try {
                setup(workers, warmUp);
                handler.iterate(run);
                double downtimeMs = stopAndCopy(warmUp);
                Verification v = options.verify() ? verify() : Verification.NONE;
                handler.cleanup(run, false);
                WarmUp.sourceCompleted(handler.hashes());
                return report("completed", v.error(), ms(stats.resumedNanos - stats.startNanos), downtimeMs, v);
            } catch (IOException | MigrationFailure | RuntimeException | InterruptedException e) {
                return failed(e);
            }
        }
    }

    /** Dirty log, stream, sender, the handler's setup, the warm-up, SETUP on the link. */
    private void setup(HashWorkers workers, WarmUp warmUp) throws IOException {
        int pages = vgpu.memory().pageCount();
        DirtyBitmap dirty = new DirtyBitmap(pages);
        vgpu.attachDirtyLog(dirty);
        dirty.markAll();
        TokenBucket bucket = options.bandwidth().limited() ? TokenBucket.forRate(options.bandwidth().bytesPerSecond()) : null;
        if (compression.enabled()) {
            pipeline = new PagePipeline(link.channel(), bucket, link::flushed, compression, pages);
            writer = pipeline.writer();
        } else {
            writer = new StreamWriter(link.channel(), bucket, link::flushed);
        }
        sender = new RoundSender(writer, vgpu.memory(), hooks, dirty, stats.startNanos, pipeline);
        run = new MigrationRun(workload, options, hooks, dirty, sender, workers, stats, warmUp);
        if (handler.hashes()) {
            run.withTags();
            warmUp.hashScans(workers, options.hash(), options.sampling());
        }
        handler.setup(run);
        warmUp.deviceEncoding(deviceEncoder, () -> DeviceImage.encode(vgpu.deviceSnapshot()));
        writer.start(new SetupInfo(vgpu.memory().sizeBytes(), vgpu.windows(), options.verify(), options.policy().cliName()));
        writer.flush();
        stats.setupNanos = System.nanoTime() - stats.startNanos;
    }

    /**
     * Stops the guest, runs the handler's stop-copy round while the device state is encoded on its
     * own thread, sends the device state and END, and waits for the destination to resume.
     *
     * @return the downtime, stop to RESUMED received
     */
    private double stopAndCopy(WarmUp warmUp) throws IOException, InterruptedException, MigrationFailure {
        stats.stopNanos = System.nanoTime();
        workload.pause();
        hooks.stopped();
        // the device state is fixed from here on: encode it on its own thread while the stop
        // round runs, so that only sending it remains after the round
        warmUp.end();
        FutureTask<Map<DeviceRegion, byte[]>> deviceImage = new FutureTask<>(() -> DeviceImage.encode(vgpu.deviceSnapshot()));
        deviceEncoder.execute(deviceImage);
        stats.stopBytes = writer.bytes();
        run.stage(Stage.STOP_COPY);
        sender.begin(Phase.STOP_COPY);
        handler.complete(run);
        stats.stopPages = sender.end().pages();
        hooks.afterRound(Phase.STOP_COPY, sender.round());
        run.stage(Stage.DEVICE_STATE);
        List<EndInfo.RegionSum> deviceSums = sendDevice(deviceImage);
        long endStart = System.nanoTime();
        writer.end(deviceSums);
        sender.finish();
        link.finishSending();
        run.stage(Stage.END_OF_STREAM);
        long sentAll = System.nanoTime();
        stats.deviceNanos += sentAll - endStart;
        Reply reply = link.awaitReply(options.replyTimeoutMs());
        long resumed = System.nanoTime();
        stats.resumeWaitNanos = resumed - sentAll;
        if (reply instanceof Reply.Rejected r) {
            throw new MigrationFailure("failed during " + run.describeStage() + ": the destination refused the stream: "
                    + r.message());
        }
        if (!(reply instanceof Reply.Resumed)) {
            throw new MigrationFailure("failed during " + run.describeStage() + ": " + (reply == null
                    ? "no reply from the destination within " + options.replyTimeoutMs() + " ms"
                    : "unexpected reply " + reply));
        }
        stats.resumedNanos = resumed;
        sender.shutdown(false);
        vgpu.detachDirtyLog();
        return ms(resumed - stats.stopNanos);
    }

    /** Sends the device state (encoded since the stop), after the stop round. */
    private List<EndInfo.RegionSum> sendDevice(FutureTask<Map<DeviceRegion, byte[]>> deviceImage)
            throws IOException, InterruptedException {
        long t = System.nanoTime();
        Map<DeviceRegion, byte[]> regions;
        try {
            regions = deviceImage.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        long before = writer.bytes();
        List<EndInfo.RegionSum> sums = sender.device(regions);
        stats.deviceBytes = writer.bytes() - before;
        stats.deviceNanos += System.nanoTime() - t;
        return sums;
    }

    /** The source's digest (it stays stopped) against the one the destination sends. */
    private Verification verify() throws IOException {
        run.stage(Stage.VERIFICATION);
        VgpuDigest source = VgpuDigest.of(vgpu);
        Reply d = link.awaitReply(options.replyTimeoutMs());
        if (!(d instanceof Reply.Digest digest)) {
            return new Verification(false, source.toString(), null, "the destination sent no digest");
        }
        boolean same = digest.digest().equals(source);
        String destination = digest.digest().toString();
        return new Verification(same, source.toString(), destination,
                same ? null : "verification failed: source " + source + ", destination " + destination);
    }

    /**
     * A failed migration: the guest runs again at the source (the real time it was stopped is its
     * downtime: never 0 for a run that stopped it), the link is closed, the report says why.
     */
    private MigrationReport failed(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String where = run == null ? Stage.SETUP.describe(0) : run.describeStage();
        String error = e instanceof MigrationFailure ? e.getMessage() : "failed during " + where + ": " + describe(e);
        if (sender != null) {
            sender.shutdown(true);
        }
        vgpu.detachDirtyLog();
        double stoppedMs = 0;
        if (stats.stopped()) {
            workload.resume();
            stoppedMs = Math.max(ms(System.nanoTime() - stats.stopNanos), 0.001);
        }
        if (run != null) {
            handler.cleanup(run, true);
        }
        if (!(e instanceof MigrationFailure)) {
            error = withDestinationReason(error);
        }
        link.close();
        return report("failed", error, ms(System.nanoTime() - stats.startNanos), stoppedMs, Verification.NONE);
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

    private MigrationReport report(String status, String error, double totalMs, double downtimeMs, Verification v) {
        Workload.WorkloadStats w1 = workload.stats();
        long bytes = writer == null ? 0 : writer.bytes();
        long pagesSent = writer == null ? 0 : writer.pageRecords();
        long zeros = writer == null ? 0 : writer.zeroRecords();
        double setupMs = ms(stats.setupNanos);
        double sendSeconds = Math.max(1e-9, (totalMs - setupMs) / 1000);
        boolean completed = status.equals("completed");
        double gpuStallMs = !completed ? 0
                : stats.gpuHoldNanos != 0 ? ms(stats.resumedNanos - stats.gpuHoldNanos) : downtimeMs;
        return new MigrationReport(options.policy().cliName(), status, error, workloadName, transportName,
                options.bandwidth().megabitsPerSecond(), options.downtimeLimitMs(), vgpu.memory().sizeBytes(),
                vgpu.windows().pages() * (long) PageStore.PAGE_SIZE, totalMs, setupMs, downtimeMs, stats.expectedDowntimeMs,
                sender == null ? List.of() : sender.rounds(), pagesSent, zeros, stats.stopped() ? stats.stopPages : 0,
                bytes, stats.stopped() ? bytes - stats.stopBytes : 0, stats.deviceBytes, ms(stats.deviceNanos),
                ms(stats.resumeWaitNanos), stats.skippedByHash, stats.pagesHashed, stats.pagesSampledOut, ms(stats.hashNanos),
                ms(stats.stopHashNanos), bytes * 8 / sendSeconds / 1e6, stats.dirtyPagesRate, stats.dirtySyncs,
                w1.cpuWrites() - stats.cpuWritesAtStart, w1.gpuWrites() - stats.gpuWritesAtStart, v.verified(), v.source(),
                v.destination(), compressionReport(), gpuStallMs);
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
        return MigrationStats.ms(nanos);
    }

    /** A migration that cannot complete, with the reason for the report. */
    private static final class MigrationFailure extends Exception {
        MigrationFailure(String message) {
            super(message);
        }
    }
}
