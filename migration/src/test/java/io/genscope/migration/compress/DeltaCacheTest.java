package io.genscope.migration.compress;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.state.PageStore;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DeltaCacheTest {
    private static ByteBuffer pageOf(long v) {
        ByteBuffer b = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, v);
        return b;
    }

    @Test
    void keepsTheLastSentCopyAndPrefersResentPages() {
        DeltaCache c = new DeltaCache(4 * PageStore.PAGE_SIZE);
        assertThat(c.slots()).isEqualTo(4);
        assertThat(c.lookup(1)).isEqualTo(-1);
        c.remember(1, false, pageOf(11), 0);
        int s = c.lookup(1);
        assertThat(s).isEqualTo(1);
        assertThat(c.buffer(s).getLong(DeltaCache.offset(s))).isEqualTo(11);
        c.remember(5, false, pageOf(55), 0); // same slot, both first-time: the newer wins
        assertThat(c.lookup(1)).isEqualTo(-1);
        assertThat(c.lookup(5)).isEqualTo(1);
        c.remember(5, true, pageOf(56), 0); // resent: now hot
        c.remember(9, false, pageOf(99), 0); // a first-time page does not evict a hot one
        assertThat(c.lookup(9)).isEqualTo(-1);
        assertThat(c.buffer(1).getLong(DeltaCache.offset(1))).isEqualTo(56);
        c.remember(9, true, pageOf(98), 0); // a resent page does
        assertThat(c.lookup(9)).isEqualTo(1);
        c.forget(9);
        assertThat(c.lookup(9)).isEqualTo(-1);
        assertThat(c.hits()).isEqualTo(3);
        assertThat(c.lookups()).isEqualTo(7);
    }
}
