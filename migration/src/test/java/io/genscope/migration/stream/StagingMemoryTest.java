package io.genscope.migration.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.state.PageStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Staging that grows with the pages received, not with the addresses they name. */
class StagingMemoryTest {
    private static final int PAGE = PageStore.PAGE_SIZE;
    private static final ResourceBudget PLENTY = new ResourceBudget(1L << 40, 1L << 40);

    private static ByteBuffer page(long tag) {
        ByteBuffer b = ByteBuffer.allocateDirect(PAGE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, tag).putLong(PAGE - 8, ~tag);
        return b;
    }

    private static long tagOf(StagingMemory m, int p) {
        ByteBuffer b = ByteBuffer.allocate(PAGE).order(ByteOrder.LITTLE_ENDIAN);
        m.read(p, b, 0);
        long tag = b.getLong(0);
        assertThat(b.getLong(PAGE - 8)).as("page %d", p).isEqualTo(tag == 0 ? 0 : ~tag);
        return tag;
    }

    @Test
    void scatteredPagesCostAboutAPageEach() {
        ResourceBudget budget = new ResourceBudget(64L << 20, 64L << 20);
        int n = 4096;
        try (StagingMemory m = new StagingMemory(16L << 30, budget)) {
            for (int i = 0; i < n; i++) {
                assertThat(m.write(i * PageStore.PAGES_PER_SLAB + 7, page(i + 1), 0)).isNull();
            }
            // one page every 4 MiB: the slabs of the committed store would take 16 GiB
            assertThat(m.allocatedBytes()).isLessThanOrEqualTo((long) n * PAGE + StagingMemory.CHUNK_BYTES);
            assertThat(budget.reservedOffHeapBytes()).isEqualTo(m.allocatedBytes());
            for (int i = 0; i < n; i += 97) {
                assertThat(tagOf(m, i * PageStore.PAGES_PER_SLAB + 7)).isEqualTo(i + 1);
            }
            assertThat(tagOf(m, 8)).isZero();
        }
        assertThat(budget.reservedOffHeapBytes()).as("the log refunds itself when freed").isZero();
    }

    @Test
    void aDenseStreamGoesStraightIntoSlabs() {
        try (StagingMemory m = new StagingMemory(64L << 20, PLENTY)) {
            for (int p = 0; p < 16384; p++) {
                assertThat(m.write(p, page(p + 1), 0)).isNull();
            }
            assertThat(m.loggedPages()).isZero();
            assertThat(m.store().allocatedBytes()).isEqualTo(64L << 20);
            assertThat(m.place()).isNull();
            m.dropLog();
            assertThat(m.allocatedBytes()).isEqualTo(64L << 20);
            assertThat(tagOf(m, 12345)).isEqualTo(12346);
        }
    }

    @Test
    void stagingBeyondTheBudgetIsRefusedNotThrown() {
        ResourceBudget budget = new ResourceBudget(1L << 20, 64L << 20);
        try (StagingMemory m = new StagingMemory(16L << 30, budget)) {
            String refused = null;
            int i = 0;
            while (refused == null && i < 1000) {
                refused = m.write(i++ * PageStore.PAGES_PER_SLAB, page(i), 0);
            }
            assertThat(refused).contains("off-heap").contains("left of 1.0 MiB");
            assertThat(i).isEqualTo(1 + (1 << 20) / PAGE);
        }
    }

    /** Any order of writes, rewrites and zeros: the content is right and the bound holds after every step. */
    @Test
    void randomStreamsKeepContentAndBound() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("staging seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        int pages = 8 * PageStore.PAGES_PER_SLAB;
        Map<Integer, Long> expect = new HashMap<>();
        try (StagingMemory m = new StagingMemory((long) pages * PAGE, PLENTY)) {
            int cursor = 0;
            for (int step = 0; step < 20_000; step++) {
                int kind = rnd.nextInt(10);
                int p = kind < 4 ? cursor++ % pages : kind < 6 ? rnd.nextInt(pages) : kind < 9
                        ? rnd.nextInt(8) * PageStore.PAGES_PER_SLAB + rnd.nextInt(40) : rnd.nextInt(pages);
                if (kind == 9) {
                    m.zero(p);
                    if (expect.containsKey(p)) {
                        expect.put(p, 0L);
                    }
                } else {
                    assertThat(m.write(p, page(step + 1), 0)).isNull();
                    expect.put(p, (long) step + 1);
                }
                assertThat(m.allocatedBytes()).as("step %d", step).isLessThanOrEqualTo(
                        (m.receivedPages() + m.dataPages()) * PAGE + PageStore.SLAB_BYTES + StagingMemory.CHUNK_BYTES);
            }
            for (Map.Entry<Integer, Long> e : expect.entrySet()) {
                assertThat(tagOf(m, e.getKey())).as("page %d", e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(m.place()).isNull();
            m.dropLog();
            assertThat(m.loggedPages()).isZero();
            PageStore s = m.store();
            for (Map.Entry<Integer, Long> e : expect.entrySet()) {
                assertThat(s.readLong(e.getKey(), 0)).as("placed page %d", e.getKey()).isEqualTo(e.getValue());
            }
        }
    }
}
