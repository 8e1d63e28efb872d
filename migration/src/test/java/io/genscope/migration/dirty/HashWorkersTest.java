package io.genscope.migration.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.state.PageStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

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
            PageSet skip = new PageSet(pages);
            for (int i = 0; i < 300; i++) {
                int p = list.get(rnd.nextInt(list.size()));
                memory.writeLong(p, 8 * rnd.nextInt(512), rnd.nextLong() | 2);
                if (rnd.nextInt(3) == 0) {
                    skip.add(p);
                } else {
                    expected.add(p);
                }
            }
            expected.removeIf(skip::contains);
            // a page skipped without having changed is not reported either
            skip.add(list.get(0));
            expected.remove(list.get(0));
            workers.warmUp(PageHash.XXH64, false);
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
                        if (p != list.get(0)) {
                            all.add(p);
                        }
                    });
                    assertThat(got).isEqualTo(all);
                }
            }
        }
    }
}
