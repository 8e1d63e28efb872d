package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.memory.Ggtt;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.parser.memory.Paging;
import io.genscope.parser.memory.PhysicalMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where a page was last written whole, also after later writes patched parts of it. */
class MemoryWriterTest {
    private static final int PAGE = PhysicalMemory.PAGE_SIZE;
    private static final int SYSTEM = 2;
    private static final int LOCAL = 1;

    private PhysicalMemory physical;
    private Ggtt ggtt;
    private MemoryWriter writer;

    @BeforeEach
    void setUp() {
        writer = writerFor(new Paging(4, true));
    }

    @Test
    void aPatchKeepsTheLastWholeWrite() {
        writer.write(0, SYSTEM, 0x10000, 0, PAGE);
        assertThat(writer.lastWholeWrite(0x10000)).isZero();
        writer.write(0, SYSTEM, 0x1001c, PAGE, 4);
        assertThat(physical.fileOffset(0x10000)).as("patched: a heap page now").isEqualTo(-1);
        assertThat(writer.lastWholeWrite(0x10abc)).isZero();
        writer.write(0, SYSTEM, 0x10000, 2 * PAGE, PAGE);
        writer.write(0, SYSTEM, 0x10010, PAGE, 8);
        assertThat(writer.lastWholeWrite(0x10000)).as("the newer whole write").isEqualTo(2 * PAGE);
    }

    @Test
    void firstAndLastPagesOfAWriteMayBePatches() {
        writer.write(0, SYSTEM, 0x20000, 0, 2 * PAGE);
        writer.write(0, SYSTEM, 0x20ff0, 3 * PAGE, 0x20);
        assertThat(writer.lastWholeWrite(0x20000)).isZero();
        assertThat(writer.lastWholeWrite(0x21000)).isEqualTo(PAGE);
        writer.write(0, SYSTEM, 0x30000, 0, PAGE + 0x800);
        assertThat(writer.lastWholeWrite(0x30000)).isZero();
        assertThat(writer.lastWholeWrite(0x31000)).as("only ever written in part").isEqualTo(-1);
        assertThat(writer.lastWholeWrite(0x40000)).as("never written").isEqualTo(-1);
    }

    @Test
    void localAndSystemPagesAtOneAddressAreApart() {
        writer.write(0, LOCAL, 0x7000, 0, PAGE);
        writer.write(0, SYSTEM, 0x7000, PAGE, PAGE);
        writer.write(0, LOCAL, 0x701c, 2 * PAGE, 4);
        assertThat(writer.lastWholeWrite(0x7000 | PhysicalMemory.LOCAL)).isZero();
        assertThat(writer.lastWholeWrite(0x7000)).isEqualTo(PAGE);
    }

    /**
     * NEO on DG1 writes a GGTT page and a PPGTT page to the same local address; its comments say
     * which is which. The GGTT entry's local bit reads the one, the local store the other.
     */
    @Test
    void neoDg1GgttAndPpgttPagesAtOneLocalAddressAreApart() {
        MemoryWriter w = writerFor(new Paging(4, true, true));
        ggtt.setEntry(7, 0x7000 | Paging.GGTT_LOCAL_BIT | 1);
        w.write(0, LOCAL, 0x2000_0000, PAGE, 8); // a page table before any comment: the PPGTT store
        w.comment("ggtt: 0x7000");
        w.write(0, LOCAL, 0x7000, 0, PAGE);
        w.comment("kernel name"); // not an allocation: the GGTT allocation goes on
        w.write(0, LOCAL, 0x701c, 3 * PAGE, 4);
        w.comment("ppgtt: 0x7f0000000000 end address: 0x7f0000001000 cpu address: 0x1000 size: 4096");
        w.write(0, LOCAL, 0x7000, PAGE, PAGE);
        assertThat(ggtt.physicalPage(0x7000)).isEqualTo(0x7000 | PhysicalMemory.LOCAL_APART);
        assertThat(w.lastWholeWrite(0x7000 | PhysicalMemory.LOCAL_APART)).as("the GGTT page, patched since").isZero();
        assertThat(physical.fileOffset(0x7000 | PhysicalMemory.LOCAL)).as("the PPGTT page").isEqualTo(PAGE);
        assertThat(physical.isWritten(0x2000_0000 | PhysicalMemory.LOCAL)).isTrue();
        assertThat(physical.isWritten(0x2000_0000 | PhysicalMemory.LOCAL_APART)).isFalse();
        assertThat(w.ggttNumberedWrites()).isEqualTo(2);
    }

    /** With one numbering of local memory (NEO on DG2, Mesa) the comments change nothing: the later write wins. */
    @Test
    void oneNumberingIgnoresTheComments() {
        MemoryWriter w = writerFor(new Paging(4, true));
        ggtt.setEntry(7, 0x7000 | Paging.GGTT_LOCAL_BIT | 1);
        w.comment("ggtt: 0x7000");
        w.write(0, LOCAL, 0x7000, 0, PAGE);
        w.comment("ppgtt: 0x7f0000000000 end address: 0x7f0000001000 cpu address: 0x1000 size: 4096");
        w.write(0, LOCAL, 0x7000, PAGE, PAGE);
        assertThat(ggtt.physicalPage(0x7000)).isEqualTo(0x7000 | PhysicalMemory.LOCAL);
        assertThat(physical.fileOffset(0x7000 | PhysicalMemory.LOCAL)).isEqualTo(PAGE);
        assertThat(physical.isWritten(0x7000 | PhysicalMemory.LOCAL_APART)).isFalse();
        assertThat(w.ggttNumberedWrites()).isZero();
    }

    private MemoryWriter writerFor(Paging paging) {
        MappedBytes file = MappedBytes.wrap(new byte[4 * PAGE]);
        physical = new PhysicalMemory(file);
        ggtt = new Ggtt();
        ggtt.usePaging(paging);
        return new MemoryWriter(file, physical, ggtt, new ProblemLog(new AubListener() { }));
    }
}
