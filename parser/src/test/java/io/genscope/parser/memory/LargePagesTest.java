package io.genscope.parser.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** PPGTT walks through compact 64 KiB page tables and 2 MiB / 1 GiB leaves ({@link LargePages}). */
class LargePagesTest {
    private static final long PML4 = 0x10_0000;
    private static final long PDP = 0x10_1000;
    private static final long PD = 0x10_2000;
    private static final long PT = 0x10_3000;
    private static final long VA = 0x55de_80d4_0000L;

    private static long index(long va, int shift) {
        return (va >>> shift) & 511;
    }

    private static MemoryFixture upToThePd() {
        return new MemoryFixture()
                .qword(PML4 + 8 * index(VA, 39), PDP | 3)
                .qword(PDP + 8 * index(VA, 30), PD | 3);
    }

    @Test
    void compactTableMapsSixtyFourKibPagesByAddressBits20To16() {
        long page = 0x80_0000;
        MemoryFixture f = upToThePd()
                .qword(PD + 8 * index(VA, 21), PT | 0x43)
                .qword(PT + 8 * LargePages.compactIndex(VA), page | 0x403);
        for (int i = 0; i < 16; i++) {
            f.page(page + 0x1000L * i, 1024 * i);
        }
        Ppgtt ppgtt = new Ppgtt(f.build(), PML4);
        assertThat(LargePages.compactIndex(VA)).isEqualTo(0x14);
        assertThat(ppgtt.translate(VA)).isEqualTo(page);
        assertThat(ppgtt.translate(VA + 0xf123)).isEqualTo(page + 0xf000);
        assertThat(ppgtt.translate(VA + 0x10000)).as("next entry not present").isEqualTo(Ppgtt.UNMAPPED);
        assertThat(ppgtt.translate(VA + 0x1000)).as("same 64 KiB page").isEqualTo(page + 0x1000);
    }

    @Test
    void localBitOfACompactLeafPutsThePageInLocalMemory() {
        long page = 0x800_0000;
        MemoryFixture f = upToThePd()
                .qword(PD + 8 * index(VA, 21), PT | 0x43)
                .qword(PT + 8 * LargePages.compactIndex(VA), page | 0xc03)
                .page(page | PhysicalMemory.LOCAL, 0)
                .page((page + 0x3000) | PhysicalMemory.LOCAL, 0);
        Ppgtt ppgtt = new Ppgtt(f.build(), PML4, new Paging(4, true));
        assertThat(ppgtt.translate(VA + 0x3004)).isEqualTo((page + 0x3000) | PhysicalMemory.LOCAL);
        assertThat(new Ppgtt(f.build(), PML4).translate(VA + 0x3004)).as("without local memory").isEqualTo(Ppgtt.UNMAPPED);
    }

    @Test
    void pageSizeBitMapsTwoMibAndOneGibPages() {
        long two = 0x4020_0000L;
        long one = 0x8000_0000L;
        long other = VA + (1L << 30);
        PhysicalMemory m = upToThePd()
                .qword(PD + 8 * index(VA, 21), two | 0x83)
                .qword(PDP + 8 * index(other, 30), one | 0x83)
                .page(two + 0x5000, 0)
                .page(one + 0x1234_5000L, 0)
                .build();
        Ppgtt ppgtt = new Ppgtt(m, PML4);
        long inTwo = (VA & ~0x1f_ffffL) + 0x5678;
        assertThat(ppgtt.translate(inTwo)).isEqualTo(two + 0x5000);
        assertThat(ppgtt.translate(inTwo + 0x1000)).as("never written").isEqualTo(Ppgtt.UNMAPPED);
        long inOne = (other & ~0x3fff_ffffL) + 0x1234_5678L;
        assertThat(ppgtt.translate(inOne)).isEqualTo(one + 0x1234_5000L);
    }

    @Test
    void legacyTableMapsSixtyFourKibPagesInEverySixteenthEntryWhereTheEntryItselfIsEmpty() {
        long page = 0x90_0000;
        long first = VA & ~0xffffL;
        MemoryFixture f = upToThePd()
                .qword(PD + 8 * index(VA, 21), PT | 0x803)
                .qword(PT + 8 * LargePages.legacyIndex(VA), page | 3)
                .qword(PT + 8 * (LargePages.legacyIndex(VA) + 2), 0xa0_0000 | 3)
                .page(page + 0x7000, 0)
                .page(0xa0_0000, 0);
        Ppgtt ppgtt = new Ppgtt(f.build(), PML4);
        assertThat(ppgtt.translate(first + 0x7010)).isEqualTo(page + 0x7000);
        assertThat(ppgtt.translate(first + 0x2000)).as("its own entry is present: a 4 KiB page").isEqualTo(0xa0_0000);
        assertThat(new Ppgtt(upToThePd().qword(PD + 8 * index(VA, 21), PT | 3)
                .qword(PT + 8 * LargePages.legacyIndex(VA), page | 3).page(page + 0x7000, 0).build(), PML4)
                .translate(first + 0x7010)).as("without bit 11 in the PDE").isEqualTo(Ppgtt.UNMAPPED);
    }
}
