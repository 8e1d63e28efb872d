package io.genscope.parser.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.spec.AddressSpace;
import org.junit.jupiter.api.Test;

/** GGTT semantics, the PPGTT walk, and reads through {@link ContextMemory}. */
class PageTablesTest {
    private static final long PML4 = 0x10_0000;
    private static final long PDP = 0x10_1000;
    private static final long PD = 0x10_2000;
    private static final long PT = 0x10_3000;
    /** A canonical high address: bit 47 set, bits 63:48 a sign extension. */
    private static final long VA = 0xffff_8123_4560_0000L;

    private static long index(long va, int shift) {
        return (va >>> shift) & 511;
    }

    /** Page tables mapping VA and VA + 4 KiB to 0x20_0000 and 0x20_1000; VA + 8 KiB has a non-present PTE. */
    private static MemoryFixture tables() {
        return new MemoryFixture()
                .qword(PML4 + 8 * index(VA, 39), PDP | 3)
                .qword(PDP + 8 * index(VA, 30), PD | 3)
                .qword(PD + 8 * index(VA, 21), PT | 3)
                .qword(PT + 8 * index(VA, 12), 0x20_0000 | 3)
                .qword(PT + 8 * index(VA + 0x1000, 12), 0x20_1000 | 3)
                .qword(PT + 8 * index(VA + 0x2000, 12), 0x20_2000)
                .page(0x20_0000, 0)
                .page(0x20_1000, 1024)
                .page(0x20_2000, 2048);
    }

    @Test
    void walksFourLevelsIgnoringTheSignExtension() {
        PhysicalMemory m = tables().build();
        Ppgtt ppgtt = new Ppgtt(m, PML4 | 0xabc);
        assertThat(ppgtt.pml4()).isEqualTo(PML4);
        assertThat(ppgtt.translate(VA)).isEqualTo(0x20_0000);
        assertThat(ppgtt.translate(VA & PhysicalMemory.ADDRESS_MASK)).isEqualTo(0x20_0000);
        assertThat(ppgtt.translate(VA + 0x1fff)).isEqualTo(0x20_1000);
        assertThat(ppgtt.translate(VA + 0x2000)).as("PTE not present").isEqualTo(Ppgtt.UNMAPPED);
        assertThat(ppgtt.translate(VA + (1L << 21))).as("PT entry missing").isEqualTo(Ppgtt.UNMAPPED);
        assertThat(ppgtt.translate(VA + (1L << 39))).as("PML4 entry missing").isEqualTo(Ppgtt.UNMAPPED);
        assertThat(new Ppgtt(m, 0x50_0000).translate(VA)).as("root never written").isEqualTo(Ppgtt.UNMAPPED);
    }

    @Test
    void presentEntryToANeverWrittenPageIsUnmapped() {
        PhysicalMemory m = tables().qword(PT + 8 * index(VA + 0x3000, 12), 0x30_0000 | 1).build();
        assertThat(new Ppgtt(m, PML4).translate(VA + 0x3000)).isEqualTo(Ppgtt.UNMAPPED);
    }

    @Test
    void entryBitsAbove47AreIgnored() {
        PhysicalMemory m = tables().qword(PT + 8 * index(VA + 0x4000, 12), 0x7ff0_0000_0020_0000L | 1).build();
        assertThat(new Ppgtt(m, PML4).translate(VA + 0x4000)).isEqualTo(0x20_0000);
    }

    @Test
    void ppgttReadsRunAcrossPagesAndStopAtTheFirstHole() {
        ContextMemory memory = new ContextMemory(tables().build(), new Ggtt(), PML4);
        int[] d = new int[3000];
        assertThat(memory.read(AddressSpace.PPGTT, VA + 4088, d, 0, 3000)).isEqualTo(2 + 1024);
        assertThat(d).startsWith(1022, 1023, 1024, 1025);
        assertThat(d[1025]).isEqualTo(2047);
        assertThat(memory.isMapped(AddressSpace.PPGTT, VA)).isTrue();
        assertThat(memory.isMapped(AddressSpace.PPGTT, VA + 0x2000)).isFalse();
        assertThat(memory.read(AddressSpace.PPGTT, VA + 0x2000, d, 0, 1)).isZero();
    }

    @Test
    void ggttEntriesMapWhateverTheirValidBitAndUnwrittenPagesReadAsZeros() {
        Ggtt ggtt = new Ggtt();
        ggtt.setEntry(0x10, 0x20_0000 | 1);
        ggtt.setEntry(0x11, 0x20_1000); // valid bit clear: still mapped
        ggtt.setEntry(0x12, 0xffff_0000_0077_7000L); // never written physical page, high bits set
        PhysicalMemory m = tables().build();
        ContextMemory memory = new ContextMemory(m, ggtt, PML4);

        assertThat(ggtt.physicalPage(0x12abc)).isEqualTo(0x77_7000);
        assertThat(ggtt.entry(0x12)).hasValue(0xffff_0000_0077_7000L);
        assertThat(ggtt.entry(0x13)).isEmpty();
        assertThat(ggtt.isMapped(0x11000)).isTrue();
        assertThat(ggtt.isMapped(0x13000)).isFalse();
        assertThat(ggtt.entryCount()).isEqualTo(3);

        int[] d = new int[4000];
        java.util.Arrays.fill(d, -1);
        assertThat(memory.read(AddressSpace.GGTT, 0x10000, d, 0, 4000)).isEqualTo(3 * 1024);
        assertThat(d[0]).isZero();
        assertThat(d[1024]).isEqualTo(1024);
        assertThat(d[2048]).isZero();
        assertThat(d[3071]).isZero();
        assertThat(d[3072]).isEqualTo(-1);
        assertThat(memory.translate(AddressSpace.GGTT, 0x11000)).isEqualTo(0x20_1000);
        assertThat(memory.isMapped(AddressSpace.GGTT, 0x13000)).isFalse();
    }

    @Test
    void rememberedTranslationsFollowLaterWrites() {
        MemoryFixture f = tables().qword(0x90_0000, 0x20_1000 | 1);
        long remap = f.lastOffset();
        PhysicalMemory m = f.build();
        Ggtt ggtt = new Ggtt();
        ggtt.setEntry(0, 0x20_0000);
        ContextMemory memory = new ContextMemory(m, ggtt, PML4);
        int[] d = new int[1];
        memory.read(AddressSpace.PPGTT, VA, d, 0, 1);
        assertThat(d[0]).isZero();
        memory.read(AddressSpace.GGTT, 4, d, 0, 1);
        assertThat(d[0]).isEqualTo(1);

        m.write(PT + 8 * index(VA, 12), remap, 8); // the PTE now points at the second page
        ggtt.setEntry(0, 0x20_2000);
        memory.read(AddressSpace.PPGTT, VA, d, 0, 1);
        assertThat(d[0]).isEqualTo(1024);
        memory.read(AddressSpace.GGTT, 4, d, 0, 1);
        assertThat(d[0]).isEqualTo(2049);
    }

    @Test
    void readsOfNothingAndUnalignedAddresses() {
        Ggtt ggtt = new Ggtt();
        ggtt.setEntry(0, 0x20_0000);
        ContextMemory memory = new ContextMemory(tables().build(), ggtt, PML4);
        int[] d = new int[2];
        assertThat(memory.read(AddressSpace.GGTT, 0, d, 0, 0)).isZero();
        assertThat(memory.read(AddressSpace.GGTT, 6, d, 0, 2)).isEqualTo(2);
        assertThat(d).containsExactly(1, 2);
        assertThat(GpuMemory.EMPTY.read(AddressSpace.GGTT, 0, d, 0, 2)).isZero();
    }
}
