package io.genscope.migration.policy;

import io.genscope.migration.dirty.DirtyBitmap;
import io.genscope.migration.dirty.HashStore;
import io.genscope.migration.dirty.HashWorkers;
import io.genscope.migration.dirty.PageSample;
import io.genscope.migration.dirty.PageSet;
import io.genscope.migration.report.RoundReport;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.warmup.WarmUp;
import io.genscope.migration.workload.Workload;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a {@link PolicyHandler} works on during one migration: the guest, its dirty log and
 * graphics pages, the sender, the hash threads, the statistics; and the rounds that several
 * policies share (iterative pre-copy, the final dirty sync, storing a page's tag).
 */
final class MigrationRun {
    final Workload workload;
    final Vgpu vgpu;
    final MigrationOptions options;
    final MigrationHooks hooks;
    final DirtyBitmap dirty;
    final PageSet graphics;
    final RoundSender sender;
    final HashWorkers workers;
    final MigrationStats stats;
    private final WarmUp warmUp;
    /** The graphics pages' tags (gmig, genscope; null for the others, see {@link #withTags}). */
    private HashStore tags;
    private long zeroSample;
    /** What the migration is doing, for a failure report. */
    private volatile Stage stage = Stage.SETUP;
    private volatile int stageRound;
    private long lastSyncNanos;

    MigrationRun(Workload workload, MigrationOptions options, MigrationHooks hooks, DirtyBitmap dirty, RoundSender sender,
            HashWorkers workers, MigrationStats stats, WarmUp warmUp) {
        this.workload = workload;
        this.vgpu = workload.vgpu();
        this.options = options;
        this.hooks = hooks;
        this.dirty = dirty;
        this.graphics = vgpu.graphicsPages();
        this.sender = sender;
        this.workers = workers;
        this.stats = stats;
        this.warmUp = warmUp;
        this.lastSyncNanos = System.nanoTime();
    }

    /** Sends the pages {@code scan} finds changed, chunk by chunk as they come; returns how many. */
    long sendChanged(HashWorkers.Scan scan) throws IOException, InterruptedException {
        long changed = 0;
        for (int[] chunk = scan.next(); chunk != null; chunk = scan.next()) {
            for (int page : chunk) {
                sender.send(page);
            }
            changed += chunk.length;
        }
        return changed;
    }

    /** Makes the tag store of the graphics pages (the policies that hash what they send). */
    void withTags() {
        tags = new HashStore(vgpu.memory().pageCount(), options.sampling());
        zeroSample = PageSample.of(sender.zeroPage(), 0);
    }

    HashStore tags() {
        return tags;
    }

    /** The vGPU stops: the warm-up gives way to the real work. */
    void endWarmUp() {
        warmUp.end();
    }

    void stage(Stage s) {
        stage = s;
    }

    /** "pre-copy round 3", "stop-and-copy", ...: where a failure happened. */
    String describeStage() {
        return stage.describe(stageRound);
    }

    /** Brings the caller's dirty log into the bitmap before a harvest, and counts the sync. */
    void syncDirtyLog() {
        stats.dirtySyncs++;
        vgpu.syncDirtyLog();
        lastSyncNanos = System.nanoTime();
    }

    /**
     * Iterative pre-copy rounds until the convergence rule holds or the round limit is reached;
     * pages in {@code exclude} (may be null) stay dirty and are not sent.
     */
    void precopy(PageSet exclude) throws IOException {
        ConvergenceRule rule = new ConvergenceRule(options.downtimeLimitMs());
        BandwidthEstimator bandwidth = new BandwidthEstimator();
        while (true) {
            stageRound = sender.round() + 1;
            stage = Stage.PRECOPY;
            sender.begin(Phase.PRECOPY);
            syncDirtyLog();
            for (int w = 0; w < dirty.wordCount(); w++) {
                sender.sendWord(w, dirty.harvestWord(w, exclude == null ? 0 : exclude.word(w)));
            }
            RoundReport done = sender.end();
            bandwidth.add(done.ramBytes(), (long) (done.ms() * 1e6));
            int pendingPages = exclude == null ? dirty.count() : dirty.countExcluding(exclude);
            long pendingBytes = (long) pendingPages * PageStore.PAGE_SIZE;
            stats.estimate(pendingPages, System.nanoTime() - lastSyncNanos,
                    ConvergenceRule.expectedDowntimeMs(pendingBytes, bandwidth.bytesPerMs()));
            hooks.afterRound(Phase.PRECOPY, sender.round());
            if (rule.converged(pendingBytes, bandwidth.bytesPerMs()) || sender.round() >= options.maxRounds()) {
                return;
            }
        }
    }

    /** The final dirty sync: sends every CPU-dirty page and returns them. */
    PageSet sendDirty() throws IOException {
        syncDirtyLog();
        PageSet sent = new PageSet(vgpu.memory().pageCount());
        for (int w = 0; w < dirty.wordCount(); w++) {
            long bits = dirty.harvestWord(w, 0);
            sent.addWord(w, bits);
            sender.sendWord(w, bits);
        }
        return sent;
    }

    /** The tap of the one-shot rounds: stores the hash (and sample) of a page as it was sent. */
    void tag(int page, ByteBuffer buffer, int offset, boolean zero) {
        long t = System.nanoTime();
        long hash = zero ? options.hash().zeroPage() : options.hash().hash(buffer, offset);
        long sample = !options.sampling() ? 0 : zero ? zeroSample : PageSample.of(buffer, offset);
        tags.store(page, hash, sample);
        stats.addHashing(System.nanoTime() - t, zero ? 0 : 1);
    }
}
