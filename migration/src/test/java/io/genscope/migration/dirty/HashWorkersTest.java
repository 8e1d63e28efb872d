package io.genscope.migration.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.state.PageStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stop's parallel re-hash: exactly the changed pages come back, minus those left out. */
class HashWorkersTest {
    @Test
    void scanReportsChangedPagesExceptTheSkippedOnes() throws Exception {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("hash workers seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        try (PageStore memory = new PageStore(3L * PageStore.SLAB_BYTES); HashWorkers workers = new HashWorkers(2)) {
            int pages = memory.pageCount();
            // the first two slabs hold data, the third is never written
            for (int p = 0; p < 2 * PageStore.PAGES_PER_SLAB; p++) {
                if (rnd.nextInt(4) != 0) {
                    memory.writeLong(p, 8 * rnd.nextInt(512), rnd.nextLong() | 1);
                }
            }
            HashStore tags = new HashStore(pages, false);
            List<Integer> list = new ArrayList<>();
            for (int p = 0; p < pages; p++) {
                if (p % 7 == 3) {
                    continue;
                }
                list.add(p);
                ByteBuffer slab = memory.slabOrNull(p);
                tags.store(p, slab == null ? PageHash.XXH64.zeroPage() : PageHash.XXH64.hash(slab, PageStore.offsetInSlab(p)), 0);
            }
            TreeSet<Integer> expected = new TreeSet<>();
            TreeSet<Integer> changed = new TreeSet<>();
            PageSet skip = new PageSet(pages);
            for (int i = 0; i < 300; i++) {
                int p = list.get(rnd.nextInt(list.size()));
                int offset = 8 * rnd.nextInt(512);
                // flip at least one bit, so the page really differs from its tag
                memory.writeLong(p, offset, memory.readLong(p, offset) ^ (rnd.nextLong() | 2));
                changed.add(p);
                if (rnd.nextInt(3) == 0) {
                    skip.add(p);
                } else {
                    expected.add(p);
                }
            }
            expected.removeIf(skip::contains);
            // a page skipped without having changed is not reported either: one the writes above missed
            int untouched = list.stream().filter(p -> !changed.contains(p)).findFirst().orElseThrow();
            skip.add(untouched);
            ScanWarmUp.start(workers, PageHash.XXH64, false, () -> false);
            // the workers wake the thread that started the scan: another thread may not drain it
            HashWorkers.Scan foreign = workers.scan(new int[] {list.get(1)}, null, memory, tags, PageHash.XXH64);
            Throwable[] seen = new Throwable[1];
            Thread other = new Thread(() -> {
                try {
                    foreign.next();
                } catch (Throwable e) {
                    seen[0] = e;
                }
            });
            other.start();
            other.join();
            assertThat(seen[0]).isInstanceOf(IllegalStateException.class);
            while (foreign.next() != null) {
                // drained by its own thread
            }
            int[] order = list.stream().mapToInt(Integer::intValue).toArray();
            for (PageSet s : new PageSet[] {skip, null}) {
                HashWorkers.Scan scan = workers.scan(order, s, memory, tags, PageHash.XXH64);
                TreeSet<Integer> got = new TreeSet<>();
                for (int[] chunk = scan.next(); chunk != null; chunk = scan.next()) {
                    for (int p : chunk) {
                        assertThat(got.add(p)).as("page %d reported twice", p).isTrue();
                    }
                }
                if (s != null) {
                    assertThat(got).isEqualTo(expected);
                } else {
                    TreeSet<Integer> all = new TreeSet<>(expected);
                    skip.forEach(p -> {
                        if (p != untouched) {
                            all.add(p);
                        }
                    });
                    assertThat(got).isEqualTo(all);
                }
            }
        }
    }

    /**
     * Closing the workers in the middle of a scan, and releasing the memory right after, many times:
     * close() returns only when no worker can read the memory any more (a late read of a released
     * off-heap slab would crash the JVM, not fail this test), and the scan's consumer is told.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard, not a timing: a stuck consumer must fail, not block CI
    void closingDuringAScanStopsEveryWorkerBeforeTheMemoryIsReleased() throws Exception {
        for (int run = 0; run < 200; run++) {
            HashWorkers workers = new HashWorkers(2);
            HashWorkers.Scan scan;
            try (PageStore memory = new PageStore(8L * PageStore.SLAB_BYTES)) {
                int[] order = new int[memory.pageCount()];
                HashStore tags = new HashStore(order.length, false);
                for (int p = 0; p < order.length; p++) {
                    order[p] = p;
                    memory.writeLong(p, 0, p + 1L);
                    tags.store(p, 0, 0);
                }
                if (run % 2 == 0) {
                    ScanWarmUp.start(workers, PageHash.XXH64, false, () -> false);
                }
                scan = workers.scan(order, memory, tags, PageHash.XXH64);
                if (run % 3 == 0) {
                    scan.next();
                }
                workers.close();
                assertThat(Thread.getAllStackTraces().entrySet())
                        .as("a hash worker still runs a task after close()")
                        .noneMatch(e -> e.getKey().getName().startsWith("genscope-hash-") && runsHashWork(e.getValue()));
            }
            // the memory is gone: whatever the scan still holds ends in a result or a failure, never a read
            try {
                while (scan.next() != null) {
                    // chunks finished before the close
                }
            } catch (IllegalStateException stopped) {
                assertThat(stopped).hasRootCauseInstanceOf(InterruptedException.class);
            }
        }
    }

    /** Whether a stack is inside a scan or a warm-up (a pool thread about to exit is not). */
    private static boolean runsHashWork(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith(HashWorkers.class.getName())) {
                return true;
            }
        }
        return false;
    }
}
