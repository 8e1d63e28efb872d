package io.genscope.migration.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.compress.Lz4Page;
import io.genscope.migration.state.PageStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The content parameter does what it says: pages compress about c:1 with LZ4. Seed printed. */
class PageContentTest {
    @ParameterizedTest
    @ValueSource(doubles = {1, 2, 3, 4})
    void pagesCompressAboutAsAsked(double c) {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("page content seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        ByteBuffer page = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocateDirect(Lz4Page.MAX_BLOCK);
        Lz4Page lz4 = new Lz4Page();
        long before = 0;
        long after = 0;
        for (int i = 0; i < 2000; i++) {
            PageContent.fill(rnd, page, 0, PageStore.PAGE_SIZE, c);
            before += PageStore.PAGE_SIZE;
            after += Math.min(PageStore.PAGE_SIZE, lz4.compress(page, 0, out, 0));
        }
        double ratio = (double) before / after;
        System.out.printf("compressibility %.1f: LZ4 ratio %.3f%n", c, ratio);
        if (c == 1) {
            assertThat(ratio).isBetween(0.99, 1.01);
        } else {
            assertThat(ratio).isBetween(c * 0.85, c * 1.15);
        }
    }
}
