package io.genscope.migration.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PageStoreTest {
    @Test
    void sparsePagesReadAsZeroAndAllocateOnlyWhereWritten() {
        try (PageStore s = new PageStore(64L << 20)) {
            assertThat(s.pageCount()).isEqualTo(16384);
            assertThat(s.allocatedBytes()).isZero();
            assertThat(s.isZero(12345)).isTrue();
            s.writeLong(5000, 16, 0x1122334455667788L);
            assertThat(s.allocatedBytes()).isEqualTo(PageStore.SLAB_BYTES);
            assertThat(s.readLong(5000, 16)).isEqualTo(0x1122334455667788L);
            assertThat(s.readInt(5000, 16)).isEqualTo(0x55667788);
            assertThat(s.isZero(5000)).isFalse();
            assertThat(s.isZero(5001)).isTrue();
            ByteBuffer copy = ByteBuffer.allocate(PageStore.PAGE_SIZE);
            s.read(5000, copy, 0);
            assertThat(copy.get(16)).isEqualTo((byte) 0x88);
            s.zero(5000);
            assertThat(s.isZero(5000)).isTrue();
            s.zero(9000);
            assertThat(s.allocatedBytes()).as("zeroing a never-written page allocates nothing").isEqualTo(PageStore.SLAB_BYTES);
            s.close();
            assertThat(s.allocatedBytes()).isZero();
            assertThat(s.readLong(5000, 16)).isZero();
        }
    }

    @Test
    void pagesOutsideTheStoreAreRefused() {
        try (PageStore s = new PageStore(1 << 20)) {
            assertThatThrownBy(() -> s.writeLong(256, 0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> s.readLong(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
        assertThatThrownBy(() -> new PageStore(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
