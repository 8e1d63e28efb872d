package io.genscope.migration.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.state.GraphicsWindows;
import io.genscope.migration.state.PageStore;
import org.junit.jupiter.api.Test;

/** What a SETUP reserves, and how reservations add up. */
class ResourceBudgetTest {
    @Test
    void costAtSetupLeavesGuestMemoryToThePagesReceived() {
        SetupInfo s = new SetupInfo(16L << 30, GraphicsWindows.forSize(8L << 20), false, "x");
        ResourceBudget.Cost c = ResourceBudget.Cost.of(s);
        assertThat(c.offHeapBytes()).isEqualTo(ResourceBudget.READER_BYTES);
        assertThat(c.heapBytes()).isGreaterThan(4L * 8 * s.windows().pages() + 2 * (16L << 30) / PageStore.PAGE_SIZE / 8);
    }

    @Test
    void chargesComeOnTopOfReservationsAndAreRefunded() {
        ResourceBudget b = new ResourceBudget(100L << 20, 100L << 20);
        assertThat(b.reserve(new ResourceBudget.Cost(40L << 20, 1L << 20))).isNull();
        assertThat(b.charge(50L << 20, 0)).isNull();
        assertThat(b.charge(20L << 20, 0)).contains("off-heap").contains("10.0 MiB left of 100.0 MiB").contains("1 sessions");
        assertThat(b.charge(0, 200L << 20)).contains("heap");
        b.refund(50L << 20, 0);
        assertThat(b.reservedOffHeapBytes()).isEqualTo(40L << 20);
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
