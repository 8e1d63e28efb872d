package io.genscope.migration.dirty;

import io.genscope.migration.state.PageStore;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads that re-hash pages in parallel and report the ones whose content no longer matches
 * their tag, chunk by chunk, so the sender can start sending while hashing continues (gMig's
 * overlapped verification). Created once per migration, before the vGPU stops.
 */
public final class HashWorkers implements AutoCloseable {
    /** Pages per unit of work (2 MiB). */
    public static final int CHUNK_PAGES = 512;
    private static final int[] DONE = new int[0];

    private final ExecutorService pool;
    private final int threads;

    public HashWorkers(int threads) {
        this.threads = Math.max(1, threads);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory f = r -> {
            Thread t = new Thread(r, "genscope-hash-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(this.threads, f);
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs the comparison code a few thousand times on the pool's threads over a private 4 MiB of
     * memory, so that the first real scan, which happens while the vGPU is stopped, runs compiled
     * code instead of the interpreter. Returns at once; the work runs in the background.
     */
    public void warmUp(PageHasher hash, boolean sampling) {
        pool.execute(() -> {
            try (PageStore scratch = new PageStore(PageStore.SLAB_BYTES)) {
                int[] pages = new int[scratch.pageCount()];
                HashStore store = new HashStore(pages.length, sampling);
                for (int p = 0; p < pages.length; p++) {
                    pages[p] = p;
                    scratch.writeLong(p, 8 * (p & 511), p);
                    ByteBuffer slab = scratch.slab(p);
                    store.store(p, hash.hash(slab, PageStore.offsetInSlab(p)), PageSample.of(slab, PageStore.offsetInSlab(p)));
                }
                for (int round = 0; round < 100; round++) {
                    Scan s = new Scan(pages, scratch, store, hash, 1);
                    s.work();
                    while (s.results.poll() != null) {
                        // drained
                    }
                }
            }
        });
    }

    /**
     * Runs {@code task} on one of the pool's threads, failures ignored: for warming up code that the
     * stop will run (the device-state encoder), so that it runs compiled while the vGPU is stopped.
     */
    public void warmUpInBackground(Runnable task) {
        pool.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a warm-up only; the real run reports its own failures
            }
        });
    }

    /**
     * Starts comparing {@code pages} (no one may write them meanwhile) against {@code store}. A page
     * without a tag counts as changed.
     */
    public Scan scan(int[] pages, PageStore memory, HashStore store, PageHasher hash) {
        Scan s = new Scan(pages, memory, store, hash, threads);
        for (int i = 0; i < threads; i++) {
            pool.execute(s::work);
        }
        return s;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** One parallel comparison; drain it with {@link #next()}. */
    public final class Scan {
        private final int[] pages;
        private final PageStore memory;
        private final HashStore store;
        private final PageHasher hash;
        private final int chunks;
        private final AtomicInteger nextChunk = new AtomicInteger();
        private final AtomicInteger running;
        private final LinkedBlockingQueue<int[]> results = new LinkedBlockingQueue<>();
        private final AtomicLong nanos = new AtomicLong();
        private final AtomicLong hashed = new AtomicLong();
        private final AtomicLong sampledOut = new AtomicLong();
        private volatile Throwable failure;

        Scan(int[] pages, PageStore memory, HashStore store, PageHasher hash, int workers) {
            this.running = new AtomicInteger(workers);
            this.pages = pages;
            this.memory = memory;
            this.store = store;
            this.hash = hash;
            this.chunks = (pages.length + CHUNK_PAGES - 1) / CHUNK_PAGES;
        }

        private void work() {
            long t0 = System.nanoTime();
            // counted per thread and added once: a shared counter bumped per page would bounce
            // its cache line between the hashing cores
            long full = 0;
            long sampled = 0;
            try {
                int[] changed = new int[CHUNK_PAGES];
                for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
                    int n = 0;
                    int end = Math.min(pages.length, (c + 1) * CHUNK_PAGES);
                    for (int i = c * CHUNK_PAGES; i < end; i++) {
                        int page = pages[i];
                        int verdict = verdict(page);
                        if (verdict == HASHED_SAME) {
                            full++;
                            continue;
                        }
                        if (verdict == ZERO_SAME) {
                            continue;
                        }
                        if (verdict == HASHED_CHANGED) {
                            full++;
                        } else if (verdict == SAMPLED_OUT) {
                            sampled++;
                        }
                        changed[n++] = page;
                    }
                    results.add(Arrays.copyOf(changed, n));
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                hashed.addAndGet(full);
                sampledOut.addAndGet(sampled);
                nanos.addAndGet(System.nanoTime() - t0);
                if (running.decrementAndGet() == 0) {
                    results.add(DONE);
                }
            }
        }

        private static final int HASHED_SAME = 0;
        private static final int HASHED_CHANGED = 1;
        private static final int SAMPLED_OUT = 2;
        private static final int UNTAGGED_OR_ZERO = 3;
        private static final int ZERO_SAME = 4;

        /** How the page compares with its tag; all but HASHED_SAME and ZERO_SAME mean changed. */
        private int verdict(int page) {
            if (!store.has(page)) {
                return UNTAGGED_OR_ZERO;
            }
            ByteBuffer slab = memory.slabOrNull(page);
            if (slab == null) {
                return store.hash(page) != hash.zeroPage() ? UNTAGGED_OR_ZERO : ZERO_SAME;
            }
            int off = PageStore.offsetInSlab(page);
            if (store.sampling() && PageSample.of(slab, off) != store.sample(page)) {
                return SAMPLED_OUT;
            }
            return hash.hash(slab, off) != store.hash(page) ? HASHED_CHANGED : HASHED_SAME;
        }

        /** The next chunk's changed pages (maybe empty), or null when all chunks are done. */
        public int[] next() throws InterruptedException {
            int[] r = results.take();
            if (r == DONE) {
                results.add(DONE);
                if (failure != null) {
                    throw new IllegalStateException("page hashing failed", failure);
                }
                return null;
            }
            return r;
        }

        /** Time spent by all hashing threads together. */
        public long nanos() {
            return nanos.get();
        }

        /** Pages hashed in full. */
        public long hashed() {
            return hashed.get();
        }

        /** Pages found changed by the sample alone. */
        public long sampledOut() {
            return sampledOut.get();
        }
    }
}
