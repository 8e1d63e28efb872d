package io.genscope.parser.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.spec.AddressSpace;
import org.junit.jupiter.api.Test;

/** Local memory (the LMEM bits, tables in local memory) and 5-level tables. */
class PagingTest {
    private static final long L = PhysicalMemory.LOCAL;
    private static final long ROOT = 0x10_0000;
    private static final long VA = 0x0000_55de_80ec_8000L;
    private static final Paging DISCRETE = new Paging(4, true);

    private static long index(long va, int shift) {
        return (va >>> shift) & 511;
    }

    @Test
    void localAndSystemMemoryAtOneAddressAreApart() {
        PhysicalMemory m = new MemoryFixture().qword(0x5000, 1).qword(L | 0x5000, 2).build();
        assertThat(m.readLong(0x5000)).isEqualTo(1);
        assertThat(m.readLong(L | 0x5000)).isEqualTo(2);
        assertThat(m.isWritten(L | 0x6000)).isFalse();
        assertThat(m.readLong(0xffff_0000_0000_5000L)).as("garbage high bits are masked, not local").isEqualTo(1);
    }

    @Test
    void ggttLocalBitCountsOnlyOnADeviceWithLocalMemory() {
        PhysicalMemory m = new MemoryFixture().page(0x7000, 0).page(L | 0x7000, 1000).build();
        Ggtt ggtt = new Ggtt();
        ggtt.setEntry(7, 0x7003);
        int[] d = new int[1];
        new ContextMemory(m, ggtt, 0).read(AddressSpace.GGTT, 0x7000, d, 0, 1);
        assertThat(d[0]).as("integrated: bit 1 ignored").isEqualTo(0);
        ggtt.usePaging(DISCRETE);
        assertThat(ggtt.physicalPage(0x7abc)).isEqualTo(L | 0x7000);
        new ContextMemory(m, ggtt, 0).read(AddressSpace.GGTT, 0x7000, d, 0, 1);
        assertThat(d[0]).as("discrete: bit 1 is local memory").isEqualTo(1000);
        ggtt.setEntry(7, 0x7001);
        assertThat(ggtt.physicalPage(0x7000)).isEqualTo(0x7000);
    }

    /** As NEO writes a DG2: tables in local memory (entries without a local bit), a leaf's bit 11 choosing the page. */
    @Test
    void tablesInLocalMemoryAndLeavesByBit11() {
        PhysicalMemory m = new MemoryFixture()
                .qword(L | ROOT + 8 * index(VA, 39), 0x20_0003)
                .qword(L | 0x20_0000 + 8 * index(VA, 30), 0x30_0003)
                .qword(L | 0x30_0000 + 8 * index(VA, 21), 0x40_0003)
                .qword(L | 0x40_0000 + 8 * index(VA, 12), 0x50_0803)
                .qword(L | 0x40_0000 + 8 * index(VA + 0x1000, 12), 0x50_1003)
                .page(L | 0x50_0000, 0).page(0x50_1000, 1).build();
        Ppgtt discrete = new Ppgtt(m, ROOT, DISCRETE);
        assertThat(discrete.translate(VA)).isEqualTo(L | 0x50_0000);
        assertThat(discrete.translate(VA + 0x1000)).isEqualTo(0x50_1000);
        assertThat(new Ppgtt(m, ROOT).translate(VA)).as("integrated: tables are in system memory").isEqualTo(Ppgtt.UNMAPPED);
    }

    /** A system-memory table wins only when local memory holds no table at that address. */
    @Test
    void tablesWrittenToSystemMemoryStillWalkOnADiscreteDevice() {
        PhysicalMemory m = new MemoryFixture()
                .qword(ROOT + 8 * index(VA, 39), 0x20_0003)
                .qword(0x20_0000 + 8 * index(VA, 30), 0x30_0003)
                .qword(0x30_0000 + 8 * index(VA, 21), 0x40_0003)
                .qword(0x40_0000 + 8 * index(VA, 12), 0x50_0003)
                .page(0x50_0000, 0).build();
        assertThat(new Ppgtt(m, ROOT, DISCRETE).translate(VA)).isEqualTo(0x50_0000);
    }

    /** As aubstream writes Lunar and Panther Lake: a PML5 whose entry 0 holds the PML4 of 48-bit addresses. */
    @Test
    void fiveLevels() {
        PhysicalMemory m = new MemoryFixture()
                .qword(ROOT, 0x15_0003)
                .qword(0x15_0000 + 8 * index(VA, 39), 0x20_0003)
                .qword(0x20_0000 + 8 * index(VA, 30), 0x30_0003)
                .qword(0x30_0000 + 8 * index(VA, 21), 0x40_0003)
                .qword(0x40_0000 + 8 * index(VA, 12), 0x50_0503)
                .page(0x50_0000, 0).build();
        assertThat(new Ppgtt(m, ROOT, new Paging(5, false)).translate(VA)).isEqualTo(0x50_0000);
        assertThat(new Ppgtt(m, ROOT, new Paging(5, false)).translate(VA | 0xffff_0000_0000_0000L))
                .as("bits 63:48 of a graphics address are ignored").isEqualTo(0x50_0000);
        assertThat(new Ppgtt(m, ROOT).translate(VA)).as("read as 4 levels").isEqualTo(Ppgtt.UNMAPPED);
        long pml4 = new Ppgtt(m, ROOT, new Paging(5, false)).fourLevelRoot();
        assertThat(pml4).as("the PML4 under PML5 entry 0").isEqualTo(0x15_0000);
        assertThat(new Ppgtt(m, pml4).translate(VA)).as("which maps as the 5-level walk").isEqualTo(0x50_0000);
        assertThat(new Ppgtt(m, ROOT).fourLevelRoot()).isEqualTo(ROOT);
        assertThat(new Ppgtt(m, 0x15_0000 + 0x1000, new Paging(5, false)).fourLevelRoot()).isEqualTo(Ppgtt.UNMAPPED);
        assertThatThrownBy(() -> new Paging(3, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
