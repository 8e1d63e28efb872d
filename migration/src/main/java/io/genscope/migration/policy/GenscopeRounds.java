package io.genscope.migration.policy;

import io.genscope.migration.Pools;
import io.genscope.migration.dirty.DirtyBitmap;
import io.genscope.migration.dirty.HashStore;
import io.genscope.migration.dirty.HashWorkers;
import io.genscope.migration.dirty.PageSet;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.stream.StreamWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@code genscope} policy's rounds: gMig's one-shot pre-copy, plus a learned hot set and a
 * hash check of CPU-dirty graphics pages.
 *
 * <pre>
 * setup     as gmig (tag store, hash threads warmed up)
 * pre-hash  one background thread hashes every graphics page into a second store (not a tag:
 *           nothing was sent) while the pre-copy rounds send system memory
 * precopy   as gmig: CPU-dirty pages, graphics pages left out, until the convergence rule holds
 * learn     the graphics pages are re-hashed against the pre-hash (workload still running):
 *           those that changed since are the hot set (render, depth targets, status pages)
 * gpu-copy  every graphics page that is not hot, copied, hashed (tag) and sent once; hot pages
 *           are left out: they would change again before the stop and be sent twice
 * stop      hot pages (no tag) go first, without hashing, while the hash threads check every
 *           tagged graphics page, CPU-dirty ones included: the dirty log says "written", the
 *           hash says "changed", and a page written with the bytes it had is not resent;
 *           CPU-dirty system pages are sent meanwhile; changed pages follow chunk by chunk
 * </pre>
 * Nothing can be lost: every graphics page is either sent during the stop or has a tag of the
 * bytes the destination holds and is checked against it while the vGPU is stopped; system pages
 * follow the dirty log as in every policy. The hot set only decides what is sent when, never
 * whether a page is checked.
 */
final class GenscopeRounds {
    /** I/O in a round. */
    interface Precopy {
        void run() throws IOException;
    }

    /** What the rounds counted, for the report. */
    record Stats(long hashNanos, long pagesHashed, long pagesSampledOut, long skippedByHash, long stopHashNanos,
            int syncs, int hotPages, long learnNanos) {
    }

    private final MigrationOptions options;
    private final PageStore memory;
    private final DirtyBitmap dirty;
    private final PageSet graphics;
    private final HashStore tags;
    private final RoundSender sender;
    private final MigrationHooks hooks;
    private final HashWorkers workers;
    /** Stores the tag of each page the one-shot round sends (the migration's own tap, as gmig's). */
    private final StreamWriter.PageTap tag;
    private PageSet hot;
    private int[] hotPages = new int[0];
    private int[] taggedPages = new int[0];
    private long hashNanos;
    private long pagesHashed;
    private long pagesSampledOut;
    private long skippedByHash;
    private long stopHashNanos;
    private long learnNanos;
    private int syncs;
    /** Brings an external dirty log into {@code dirty} before a harvest (the vGPU's dirty sync). */
    private final Runnable dirtySync;

    GenscopeRounds(MigrationOptions options, PageStore memory, DirtyBitmap dirty, Runnable dirtySync, PageSet graphics,
            HashStore tags, RoundSender sender, MigrationHooks hooks, HashWorkers workers, StreamWriter.PageTap tag) {
        this.options = options;
        this.dirtySync = dirtySync;
        this.memory = memory;
        this.dirty = dirty;
        this.graphics = graphics;
        this.tags = tags;
        this.sender = sender;
        this.hooks = hooks;
        this.workers = workers;
        this.tag = tag;
    }

    /** Pre-hash overlapped with the pre-copy rounds, learning the hot set, the one-shot round. */
    void beforeStop(Precopy precopy) throws IOException, InterruptedException {
        int[] pages = graphics.toArray();
        HashStore seen = new HashStore(memory.pageCount(), false);
        ExecutorService pre = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "genscope-prehash");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Long> preHash = pre.submit(() -> {
                long t0 = System.nanoTime();
                for (int p : pages) {
                    ByteBuffer slab = memory.slabOrNull(p);
                    seen.store(p, slab == null ? options.hash().zeroPage() : options.hash().hash(slab, PageStore.offsetInSlab(p)), 0);
                }
                return System.nanoTime() - t0;
            });
            precopy.run();
            hashNanos += preHash.get();
            pagesHashed += pages.length;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("pre-hashing failed", e.getCause());
        } finally {
            Pools.stop(pre, "pre-hash");
        }
        hooks.preHashed();
        long t0 = System.nanoTime();
        hot = new PageSet(memory.pageCount());
        HashWorkers.Scan learn = workers.scan(pages, memory, seen, options.hash());
        for (int[] chunk = learn.next(); chunk != null; chunk = learn.next()) {
            for (int p : chunk) {
                hot.add(p);
            }
        }
        learnNanos = System.nanoTime() - t0;
        hashNanos += learn.nanos();
        pagesHashed += learn.hashed();

        sender.begin(Phase.GPU_COPY);
        for (int w = 0; w < dirty.wordCount(); w++) {
            long bits = graphics.word(w) & ~hot.word(w);
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int page = (w << 6) + b;
                dirty.clear(page);
                sender.sendTagged(page, tag);
            }
        }
        sender.end();
        // what the stop will do with graphics pages is known now: hot ones are sent, the others
        // (all tagged) checked; the lists are ready before the vGPU stops
        hotPages = hot.toArray();
        PageSet tagged = new PageSet(memory.pageCount());
        for (int w = 0; w < dirty.wordCount(); w++) {
            tagged.addWord(w, graphics.word(w) & ~hot.word(w));
        }
        taggedPages = tagged.toArray();
        hooks.afterRound(Phase.GPU_COPY, sender.round());
    }

    /**
     * The stop round's pages (the vGPU is stopped; the round was begun by the caller): the same
     * work as {@link #gpuStop()}, with the vCPUs stopped too.
     */
    void stop() throws IOException, InterruptedException {
        checkGraphicsSendTheRest();
    }

    /**
     * The GPU-stop round (the vGPU held, the vCPUs running): the CPU dirty log is taken first, so
     * every CPU write from here on is sent at the stop; then the hash threads check every tagged
     * graphics page while this thread sends the hot pages and the CPU-dirty system pages, then the
     * changed pages chunk by chunk. No GPU write can happen meanwhile, so what this round finds
     * unchanged stays so but for CPU writes, which the dirty log has.
     */
    void gpuStop() throws IOException, InterruptedException {
        checkGraphicsSendTheRest();
    }

    private void checkGraphicsSendTheRest() throws IOException, InterruptedException {
        syncs++;
        dirtySync.run();
        long[] system = new long[dirty.wordCount()];
        for (int w = 0; w < system.length; w++) {
            // CPU-dirty graphics pages are hot (sent below) or tagged (checked below)
            system[w] = dirty.harvestWord(w, 0) & ~graphics.word(w);
        }
        long t = System.nanoTime();
        HashWorkers.Scan check = workers.scan(taggedPages, memory, tags, options.hash());
        for (int page : hotPages) {
            sender.send(page);
        }
        for (int w = 0; w < system.length; w++) {
            sender.sendWord(w, system[w]);
        }
        long changed = 0;
        for (int[] chunk = check.next(); chunk != null; chunk = check.next()) {
            for (int page : chunk) {
                sender.send(page);
            }
            changed += chunk.length;
        }
        stopHashNanos = System.nanoTime() - t;
        hashNanos += check.nanos();
        pagesHashed += check.hashed();
        pagesSampledOut += check.sampledOut();
        skippedByHash = taggedPages.length - changed;
    }

    /** The stop round after a GPU-stop round: the pages the CPU wrote since it took the log. */
    void stopAfterGpuStop() throws IOException {
        syncs++;
        dirtySync.run();
        for (int w = 0; w < dirty.wordCount(); w++) {
            sender.sendWord(w, dirty.harvestWord(w, 0));
        }
    }

    Stats stats() {
        return new Stats(hashNanos, pagesHashed, pagesSampledOut, skippedByHash, stopHashNanos, syncs,
                hot == null ? 0 : hot.size(), learnNanos);
    }
}
