package io.genscope.migration.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DirtyBitmapTest {
    @Test
    void harvestTakesWhatWasMarkedAndKeepsTheRest() {
        DirtyBitmap d = new DirtyBitmap(200);
        d.mark(3);
        d.mark(64);
        d.mark(199);
        assertThat(d.count()).isEqualTo(3);
        PageSet keep = new PageSet(200);
        keep.add(64);
        assertThat(d.countExcluding(keep)).isEqualTo(2);
        long w1 = d.harvestWord(1, keep.word(1));
        assertThat(w1).isZero();
        assertThat(d.isDirty(64)).isTrue();
        BitSet got = new BitSet();
        assertThat(d.harvest(got::set)).isEqualTo(3);
        assertThat(got.stream().toArray()).containsExactly(3, 64, 199);
        assertThat(d.count()).isZero();
        d.markAll();
        assertThat(d.count()).isEqualTo(200);
        assertThat(d.clear(7)).isTrue();
        assertThat(d.clear(7)).isFalse();
    }

    /** Marks racing with harvests: every page marked after a harvest is found by a later one. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void noMarkIsLostUnderConcurrentHarvest() throws Exception {
        int pages = 1 << 14;
        DirtyBitmap d = new DirtyBitmap(pages);
        int[] markedCount = new int[pages];
        int[] harvestedCount = new int[pages];
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int round = 0; round < 50; round++) {
                for (int p = round % 7; p < pages; p += 7) {
                    markedCount[p]++;
                    d.mark(p);
                }
            }
            stop.set(true);
        });
        writer.start();
        while (!stop.get()) {
            d.harvest(p -> harvestedCount[p]++);
        }
        writer.join();
        d.harvest(p -> harvestedCount[p]++);
        for (int p = 0; p < pages; p++) {
            if (markedCount[p] > 0) {
                assertThat(harvestedCount[p]).as("page %d", p).isBetween(1, markedCount[p]);
            } else {
                assertThat(harvestedCount[p]).isZero();
            }
        }
    }
}
