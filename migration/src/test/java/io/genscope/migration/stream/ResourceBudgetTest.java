package io.genscope.migration.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.state.GraphicsWindows;
import io.genscope.migration.state.PageStore;
import org.junit.jupiter.api.Test;

/** What a SETUP reserves, and how reservations add up. */
class ResourceBudgetTest {
    @Test
    void costCoversTheWholeClaimInSlabs() {
        SetupInfo s = new SetupInfo(PageStore.SLAB_BYTES + 4096, GraphicsWindows.forSize(8L << 20), false, "x");
        ResourceBudget.Cost c = ResourceBudget.Cost.of(s);
        assertThat(c.offHeapBytes()).isEqualTo(2L * PageStore.SLAB_BYTES + ResourceBudget.READER_BYTES);
        assertThat(c.heapBytes()).isGreaterThan(4L * 8 * s.windows().pages());
    }

    @Test
    void reservationsAddUpAndRelease() {
        ResourceBudget b = new ResourceBudget(100L << 20, 100L << 20);
        ResourceBudget.Cost c = new ResourceBudget.Cost(40L << 20, 1L << 20);
        assertThat(b.reserve(c)).isNull();
        assertThat(b.reserve(c)).isNull();
        assertThat(b.reserve(c)).contains("off-heap").contains("2 sessions");
        b.release(c);
        assertThat(b.reserve(c)).isNull();
        assertThat(b.reservedOffHeapBytes()).isEqualTo(80L << 20);
        assertThat(b.reserve(new ResourceBudget.Cost(1, 200L << 20))).contains("heap");
    }

    @Test
    void jvmSizesParse() {
        assertThat(ResourceBudget.parseSize("512m")).isEqualTo(512L << 20);
        assertThat(ResourceBudget.parseSize("4G")).isEqualTo(4L << 30);
        assertThat(ResourceBudget.parseSize("1048576")).isEqualTo(1L << 20);
        assertThat(ResourceBudget.parseSize("99999999999999999t")).isEqualTo(-1);
        assertThat(ResourceBudget.parseSize("x")).isEqualTo(-1);
        assertThat(ResourceBudget.directMemoryLimit()).isPositive();
    }
}
