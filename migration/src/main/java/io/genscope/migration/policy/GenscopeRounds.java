package io.genscope.migration.policy;

import io.genscope.migration.Pools;
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

    private final MigrationRun run;
    private final PageStore memory;
    private PageSet hot;
    private int[] hotPages = new int[0];
    private int[] taggedPages = new int[0];

    GenscopeRounds(MigrationRun run) {
        this.run = run;
        this.memory = run.vgpu.memory();
    }

    /** Pre-hash overlapped with the pre-copy rounds, learning the hot set, the one-shot round. */
    void beforeStop(Precopy precopy) throws IOException, InterruptedException {
        PageSet graphics = run.graphics;
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
                    seen.store(p, slab == null ? run.options.hash().zeroPage()
                            : run.options.hash().hash(slab, PageStore.offsetInSlab(p)), 0);
                }
                return System.nanoTime() - t0;
            });
            precopy.run();
            run.stats.addHashing(preHash.get(), pages.length);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("pre-hashing failed", e.getCause());
        } finally {
            Pools.stop(pre, "pre-hash");
        }
        run.hooks.preHashed();
        hot = new PageSet(memory.pageCount());
        HashWorkers.Scan learn = run.workers.scan(pages, memory, seen, run.options.hash());
        for (int[] chunk = learn.next(); chunk != null; chunk = learn.next()) {
            for (int p : chunk) {
                hot.add(p);
            }
        }
        run.stats.hashNanos += learn.nanos();
        run.stats.pagesHashed += learn.hashed();

        run.stage(Stage.GPU_COPY);
        RoundSender sender = run.sender;
        sender.begin(Phase.GPU_COPY);
        StreamWriter.PageTap tag = run::tag;
        for (int w = 0; w < run.dirty.wordCount(); w++) {
            long bits = graphics.word(w) & ~hot.word(w);
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int page = (w << 6) + b;
                run.dirty.clear(page);
                sender.sendTagged(page, tag);
            }
        }
        sender.end();
        // what the stop will do with graphics pages is known now: hot ones are sent, the others
        // (all tagged) checked; the lists are ready before the vGPU stops
        hotPages = hot.toArray();
        PageSet tagged = new PageSet(memory.pageCount());
        for (int w = 0; w < run.dirty.wordCount(); w++) {
            tagged.addWord(w, graphics.word(w) & ~hot.word(w));
        }
        taggedPages = tagged.toArray();
        run.hooks.afterRound(Phase.GPU_COPY, sender.round());
    }

    /**
     * The round that checks graphics memory, with the vGPU stopped: the GPU-stop round (the vCPUs
     * running) or, without one, the stop round. The CPU dirty log is taken first, so every CPU
     * write from here on is sent at the stop; then the hash threads check every tagged graphics
     * page while this thread sends the hot pages and the CPU-dirty system pages, then the changed
     * pages chunk by chunk. No GPU write can happen meanwhile, so what this round finds unchanged
     * stays so but for CPU writes, which the dirty log has.
     */
    void checkGraphicsSendTheRest() throws IOException, InterruptedException {
        run.syncDirtyLog();
        long[] system = new long[run.dirty.wordCount()];
        for (int w = 0; w < system.length; w++) {
            // CPU-dirty graphics pages are hot (sent below) or tagged (checked below)
            system[w] = run.dirty.harvestWord(w, 0) & ~run.graphics.word(w);
        }
        long t = System.nanoTime();
        HashWorkers.Scan check = run.workers.scan(taggedPages, memory, run.tags(), run.options.hash());
        for (int page : hotPages) {
            run.sender.send(page);
        }
        for (int w = 0; w < system.length; w++) {
            run.sender.sendWord(w, system[w]);
        }
        long changed = run.sendChanged(check);
        run.stats.stopHashNanos = System.nanoTime() - t;
        run.stats.addScan(check);
        run.stats.skippedByHash = taggedPages.length - changed;
    }

    /** The stop round after a GPU-stop round: the pages the CPU wrote since it took the log. */
    void stopAfterGpuStop() throws IOException {
        run.syncDirtyLog();
        for (int w = 0; w < run.dirty.wordCount(); w++) {
            run.sender.sendWord(w, run.dirty.harvestWord(w, 0));
        }
    }
}
