package io.genscope.migration.dirty;

import io.genscope.migration.state.PageStore;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Runs the page comparison a few thousand times on a {@link HashWorkers} pool over a private 8 MiB
 * of memory, so that the first real scan, which happens while the vGPU is stopped, runs compiled
 * code instead of the interpreter. Part of the optional warm-up ({@code io.genscope.migration.warmup}).
 *
 * <p>The made-up pages take every path a real scan takes (unchanged, changed, untagged, never
 * written, left out, with and without a skip set): a path the warm-up never took would make the
 * compiled code fall back to the interpreter at the stop and be compiled again there (measured:
 * the stop's re-hash took twice as long).
 */
public final class ScanWarmUp {
    /** Rounds of scans; C2 compiles a method's own entry only after thousands of calls. */
    private static final int ROUNDS = 8000;

    private ScanWarmUp() {
    }

    /**
     * Starts the warm-up on one of {@code workers}' threads and returns at once. It ends after its
     * rounds, when {@code ended} says so (checked every round) or when the pool closes.
     */
    public static void start(HashWorkers workers, PageHasher hash, boolean sampling, BooleanSupplier ended) {
        try {
            workers.execute(() -> run(workers, hash, sampling, ended));
        } catch (RejectedExecutionException e) {
            // the pool is closing already: nothing left to warm up for
        }
    }

    private static void run(HashWorkers workers, PageHasher hash, boolean sampling, BooleanSupplier ended) {
        try (PageStore scratch = new PageStore(2L * PageStore.SLAB_BYTES)) {
            int[] pages = new int[scratch.pageCount()];
            PageSet skip = new PageSet(pages.length);
            HashStore store = new HashStore(pages.length, sampling);
            int written = PageStore.PAGES_PER_SLAB;
            for (int p = 0; p < pages.length; p++) {
                pages[p] = p;
                if (p % 13 == 0) {
                    skip.add(p);
                }
                if (p >= written) {
                    // the second slab is never written: tagged as zero, as something else, or not
                    if (p % 5 != 0) {
                        store.store(p, p % 3 == 0 ? 1 : hash.zeroPage(), 0);
                    }
                    continue;
                }
                scratch.writeLong(p, 8 * (p & 511), p);
                ByteBuffer slab = scratch.slab(p);
                int off = PageStore.offsetInSlab(p);
                if (p % 61 != 0) {
                    store.store(p, hash.hash(slab, off), PageSample.of(slab, off));
                }
                if (p % 37 == 0) {
                    scratch.writeLong(p, 8 * ((p + 1) & 511), ~p);
                }
                if (p % 74 == 0) {
                    scratch.writeLong(p, 0, ~p);
                }
            }
            // a real scan calls work() once per thread, so the warm-up calls it often, as two
            // workers would (the second finds no chunk left), mostly on short lists that mix both
            // slabs, now and then on the whole list (several chunks)
            int[] mixed = new int[pages.length];
            for (int i = 0; i < mixed.length; i++) {
                mixed[i] = (i & 1) == 0 ? i / 2 : written + i / 2;
            }
            int slice = 32;
            for (int round = 0; round < ROUNDS && !ended.getAsBoolean() && !Thread.currentThread().isInterrupted(); round++) {
                int from = (round * slice) % (mixed.length - slice + 1);
                int[] list = round % 400 == 0 ? pages : Arrays.copyOfRange(mixed, from, from + slice);
                PageSet leftOut = (round & 1) == 0 ? skip : null;
                HashWorkers.Scan s;
                if (workers.threads() > 1 && round % 20 == 0) {
                    // on the other pool threads, so that next() waits for them as at the stop
                    s = workers.scan(list, leftOut, scratch, store, hash);
                } else {
                    s = workers.new Scan(list, leftOut, scratch, store, hash, 2);
                    s.work();
                    s.work();
                }
                while (s.next() != null) {
                    // drained, by the thread that made the scan, as at the stop
                }
            }
        } catch (InterruptedException | RejectedExecutionException e) {
            // the migration ended (the pool is closing) before the warm-up did
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            // a warm-up scan whose workers the closing pool stopped
            if (!workers.closing()) {
                throw e;
            }
        }
    }
}
