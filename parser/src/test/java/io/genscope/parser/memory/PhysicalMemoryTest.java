package io.genscope.parser.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PhysicalMemoryTest {

    @Test
    void wholePagesStayInTheFilePartialOnesGoToTheHeap() {
        PhysicalMemory m = new MemoryFixture().page(0x1000, 100).dwords(0x2010, 7, 8).build();
        assertThat(m.pageCount()).isEqualTo(2);
        assertThat(m.heapPageCount()).isEqualTo(1);
        int[] d = new int[1024];
        assertThat(m.readDwords(0x1000, d, 0, 1024)).isEqualTo(1024);
        assertThat(d[0]).isEqualTo(100);
        assertThat(d[1023]).isEqualTo(1123);
        assertThat(m.readDwords(0x200c, d, 0, 4)).isEqualTo(4);
        assertThat(d).startsWith(0, 7, 8, 0);
    }

    @Test
    void readsStopAtThePageEnd() {
        PhysicalMemory m = new MemoryFixture().page(0x1000, 0).build();
        int[] d = new int[8];
        assertThat(m.readDwords(0x1ff8, d, 0, 8)).isEqualTo(2);
        assertThat(d).startsWith(1022, 1023);
    }

    @Test
    void neverWrittenPagesAreReportedNotZeroed() {
        PhysicalMemory m = new MemoryFixture().page(0x1000, 0).build();
        int[] d = {5};
        assertThat(m.readDwords(0x3000, d, 0, 1)).isEqualTo(PhysicalMemory.NOT_WRITTEN);
        assertThat(d).containsExactly(5);
        assertThat(m.isWritten(0x3000)).isFalse();
        assertThat(m.isWritten(0x1abc)).isTrue();
        assertThat(m.readLong(0x3000)).isZero();
    }

    @Test
    void partialWriteCopiesThePreviousContentFirst() {
        PhysicalMemory m = new MemoryFixture().page(0x1000, 100).dwords(0x1004, -1).dwords(0x1ffc, -2).build();
        assertThat(m.heapPageCount()).isEqualTo(1);
        int[] d = new int[1024];
        m.readDwords(0x1000, d, 0, 1024);
        assertThat(d[0]).isEqualTo(100);
        assertThat(d[1]).isEqualTo(-1);
        assertThat(d[2]).isEqualTo(102);
        assertThat(d[1023]).isEqualTo(-2);
    }

    @Test
    void wholePageWriteRecyclesTheHeapPage() {
        PhysicalMemory m = new MemoryFixture().dwords(0x1004, 1).page(0x1000, 500).dwords(0x5008, 2).build();
        assertThat(m.heapPageCount()).isEqualTo(1);
        int[] d = new int[3];
        m.readDwords(0x1000, d, 0, 3);
        assertThat(d).containsExactly(500, 501, 502);
        m.readDwords(0x5000, d, 0, 3);
        assertThat(d).containsExactly(0, 0, 2);
    }

    @Test
    void unalignedWriteSpanningPagesSplits() {
        byte[] data = new byte[4096 + 4096 + 8];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        // 0x1ffc..0x4004: a tail of page 1, whole page 2 and 3, a head of page 4
        PhysicalMemory m = new MemoryFixture().bytes(0x1ffc, data).build();
        assertThat(m.pageCount()).isEqualTo(4);
        assertThat(m.heapPageCount()).isEqualTo(2);
        assertThat(m.readLong(0x2000)).isEqualTo(0x0b0a090807060504L);
        int[] d = new int[1];
        m.readDwords(0x4000, d, 0, 1);
        assertThat(d[0]).isEqualTo(0x07060504);
    }

    @Test
    void addressesAreMaskedTo48Bits() {
        PhysicalMemory m = new MemoryFixture().qword(0xffff_0000_0000_1000L, 0x1234).build();
        assertThat(m.readLong(0x1000)).isEqualTo(0x1234);
        assertThat(m.readLong(0xabcd_0000_0000_1000L)).isEqualTo(0x1234);
    }

    @Test
    void copyOfAWholeFilePageBecomesAFilePointer() {
        PhysicalMemory m = new MemoryFixture().page(0x1000, 100).build();
        assertThat(m.copy(PhysicalMemory.LOCAL | 0x5000, 0x1000, PhysicalMemory.PAGE_SIZE)).isTrue();
        assertThat(m.fileOffset(PhysicalMemory.LOCAL | 0x5000)).isEqualTo(m.fileOffset(0x1000));
        assertThat(m.heapPageCount()).isZero();
        assertThat(m.isWritten(0x5000)).isFalse();
    }

    @Test
    void partialCopyPatchesTheDestinationFromHeapOrFile() {
        PhysicalMemory m = new MemoryFixture().page(0x1000, 100).dwords(0x3008, 7, 8).page(0x4000, 900).build();
        assertThat(m.copy(0x4010, 0x3008, 8)).isTrue();
        assertThat(m.copy(0x4ff8, 0x1004, 8)).isTrue();
        int[] d = new int[1024];
        m.readDwords(0x4000, d, 0, 1024);
        assertThat(d).startsWith(900, 901, 902, 903, 7, 8, 906);
        assertThat(d[1021]).isEqualTo(1921);
        assertThat(d[1022]).isEqualTo(101);
        assertThat(d[1023]).isEqualTo(102);
    }

    @Test
    void copyFromANeverWrittenPageWritesZeros() {
        PhysicalMemory m = new MemoryFixture().page(0x1000, 5).build();
        long before = m.generation();
        assertThat(m.copy(0x1000, 0x9000, 12)).isTrue();
        int[] d = new int[4];
        m.readDwords(0x1000, d, 0, 4);
        assertThat(d).containsExactly(0, 0, 0, 8);
        assertThat(m.generation()).isGreaterThan(before);
    }

    @Test
    void copyRunsMayNotCrossAPage() {
        PhysicalMemory m = new MemoryFixture().page(0x1000, 0).build();
        assertThatIllegalArgumentException().isThrownBy(() -> m.copy(0x2ffc, 0x1000, 8));
        assertThatIllegalArgumentException().isThrownBy(() -> m.copy(0x2000, 0x1ffc, 8));
        assertThatIllegalArgumentException().isThrownBy(() -> m.copy(0x2000, 0x1000, 0));
    }
}
