package io.genscope.migration.dirty;

import io.genscope.migration.Pools;
import io.genscope.migration.state.PageStore;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads that re-hash pages in parallel and report the ones whose content no longer matches
 * their tag, chunk by chunk, so the sender can start sending while hashing continues (gMig's
 * overlapped verification). Created once per migration, before the vGPU stops.
 */
public final class HashWorkers implements AutoCloseable {
    /** Pages per unit of work (2 MiB). */
    public static final int CHUNK_PAGES = 512;

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

    /** Runs {@code task} on one of the pool's threads (a warm-up's work). */
    void execute(Runnable task) {
        pool.execute(task);
    }

    /** Whether {@link #close()} began. */
    boolean closing() {
        return pool.isShutdown();
    }

    /**
     * Starts comparing {@code pages} (no one may write them meanwhile) against {@code store}. A page
     * without a tag counts as changed.
     */
    public Scan scan(int[] pages, PageStore memory, HashStore store, PageHasher hash) {
        return scan(pages, null, memory, store, hash);
    }

    /**
     * Like {@link #scan(int[], PageStore, HashStore, PageHasher)}, leaving out the pages in
     * {@code skip} (may be null): the list can then be built before the vGPU stops and only the
     * pages known at the stop (the CPU-dirty ones, sent anyway) are left out, by the workers.
     */
    public Scan scan(int[] pages, PageSet skip, PageStore memory, HashStore store, PageHasher hash) {
        Scan s = new Scan(pages, skip, memory, store, hash, threads);
        for (int i = 0; i < threads; i++) {
            pool.execute(new ScanTask(s));
        }
        return s;
    }

    /**
     * Ends every scan (and a warm-up's), and returns once no worker runs any more: only then may the
     * memory the scans read be released.
     */
    @Override
    public void close() {
        for (Runnable never : pool.shutdownNow()) {
            if (never instanceof ScanTask task) {
                task.scan.abandon();
            }
        }
        Pools.stop(pool, "page hash workers");
    }

    /** A worker's share of a scan, queued on the pool; told when the pool stops before it runs. */
    private record ScanTask(Scan scan) implements Runnable {
        @Override
        public void run() {
            scan.work();
        }
    }

    /** One parallel comparison; drain it with {@link #next()}. */
    public final class Scan {
        private final int[] pages;
        private final PageSet skip;
        private final PageStore memory;
        private final HashStore store;
        private final PageHasher hash;
        private final int chunks;
        private final AtomicInteger nextChunk = new AtomicInteger();
        private final AtomicInteger running;
        /** Each chunk's changed pages, set once by the worker that did it. */
        private final AtomicReferenceArray<int[]> results;
        /**
         * The thread that made the scan and drains it. Workers wake it after every chunk without
         * asking whether it waits: a branch that a warm-up never takes (nobody waits there) would
         * make the compiled worker loop fall back to the interpreter at the stop.
         */
        private final Thread consumer = Thread.currentThread();
        private int nextOut;
        private final AtomicLong nanos = new AtomicLong();
        private final AtomicLong hashed = new AtomicLong();
        private final AtomicLong sampledOut = new AtomicLong();
        private volatile Throwable failure;

        Scan(int[] pages, PageSet skip, PageStore memory, HashStore store, PageHasher hash, int workers) {
            this.running = new AtomicInteger(workers);
            this.pages = pages;
            this.skip = skip;
            this.memory = memory;
            this.store = store;
            this.hash = hash;
            this.chunks = (pages.length + CHUNK_PAGES - 1) / CHUNK_PAGES;
            this.results = new AtomicReferenceArray<>(chunks);
        }

        void work() {
            long t0 = System.nanoTime();
            // counted per thread and added once: a shared counter bumped per page would bounce
            // its cache line between the hashing cores
            long full = 0;
            long sampled = 0;
            try {
                int[] changed = new int[CHUNK_PAGES];
                for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
                    if (Thread.currentThread().isInterrupted()) {
                        // the pool is stopping: the memory under the scan is about to be released
                        throw new InterruptedException("page hashing stopped");
                    }
                    int n = 0;
                    int end = Math.min(pages.length, (c + 1) * CHUNK_PAGES);
                    for (int i = c * CHUNK_PAGES; i < end; i++) {
                        int page = pages[i];
                        if (skip != null && skip.contains(page)) {
                            continue;
                        }
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
                    results.set(c, Arrays.copyOf(changed, n));
                    LockSupport.unpark(consumer);
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                hashed.addAndGet(full);
                sampledOut.addAndGet(sampled);
                nanos.addAndGet(System.nanoTime() - t0);
                running.decrementAndGet();
                LockSupport.unpark(consumer);
            }
        }

        /** A worker that never started: the scan fails, so its consumer does not wait for it. */
        private void abandon() {
            failure = new InterruptedException("page hashing stopped before a worker started");
            running.decrementAndGet();
            LockSupport.unpark(consumer);
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

        /**
         * The next chunk's changed pages (maybe empty), in list order, or null when all chunks are
         * done and every worker has finished. Only the thread that started the scan may call it.
         */
        public int[] next() throws InterruptedException {
            if (Thread.currentThread() != consumer) {
                throw new IllegalStateException("a scan is drained by the thread that started it (" + consumer.getName() + ")");
            }
            while (true) {
                if (failure != null) {
                    throw new IllegalStateException("page hashing failed", failure);
                }
                if (nextOut < chunks) {
                    int[] r = results.get(nextOut);
                    if (r != null) {
                        results.set(nextOut++, null);
                        return r;
                    }
                } else if (running.get() == 0) {
                    return null;
                }
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for the page hashes");
                }
            }
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
