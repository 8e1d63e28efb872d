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
    private MemoryWriter writer;

    @BeforeEach
    void setUp() {
        MappedBytes file = MappedBytes.wrap(new byte[4 * PAGE]);
        physical = new PhysicalMemory(file);
        Ggtt ggtt = new Ggtt();
        ggtt.usePaging(new Paging(4, true));
        writer = new MemoryWriter(file, physical, ggtt, new ProblemLog(new AubListener() { }));
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
}
