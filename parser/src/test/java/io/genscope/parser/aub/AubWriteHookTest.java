package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.MappedBytes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The low-level write hooks report every write with the file offsets of its parts, before it applies. */
class AubWriteHookTest {

    private static final class Hooks implements AubListener {
        final List<String> events = new ArrayList<>();
        final MappedBytes bytes;

        Hooks(MappedBytes bytes) {
            this.bytes = bytes;
        }

        @Override
        public void memoryWrite(long packetOffset, long addressOffset, int space, long address, long dataOffset,
                long size) {
            // what the offsets point at must be what the hook says
            assertThat(bytes.getLong(addressOffset)).isEqualTo(address);
            events.add(String.format("mem %d %d %d 0x%x %d %d 0x%08x", packetOffset, addressOffset, space, address,
                    dataOffset, size, bytes.getInt(dataOffset)));
        }

        @Override
        public void registerWrite(long packetOffset, int offset, int value, long valueOffset) {
            assertThat(bytes.getInt(valueOffset)).isEqualTo(value);
            events.add(String.format("reg %d 0x%x 0x%x %d", packetOffset, offset, value, valueOffset));
        }

        @Override
        public void submission(Submission s, ContextMemory memoryNow) {
            events.add("submit " + Long.toHexString(s.lrca()));
        }
    }

    @Test
    void memoryAndRegisterWritesComeWithTheirOffsets() {
        AubBuilder b = new AubBuilder().version("hooks");
        int versionBytes = b.size();
        b.write(2, 0x5000, 0x11111111, 0x22222222);
        int second = b.size();
        b.register64(0x100000, 0x0000_2000_0000_1001L);
        int third = b.size();
        // a discontiguous write with two used entries
        int[] packet = new int[190 + 3];
        packet[0] = 2 << 28 | 2 << 4;
        packet[1] = 0x7000;
        packet[3] = 4;
        packet[4] = 0x8000;
        packet[6] = 8;
        packet[190] = 0xaaaa0001;
        packet[191] = 0xbbbb0002;
        packet[192] = 0xbbbb0003;
        b.memtrace(AubBuilder.DISCONTIGUOUS, packet);
        MappedBytes bytes = b.mapped();
        Hooks hooks = new Hooks(bytes);
        new AubReader().read(bytes, hooks);
        assertThat(hooks.events).containsExactly(
                String.format("mem %d %d 2 0x5000 %d 8 0x11111111", versionBytes, versionBytes + 4, versionBytes + 20),
                String.format("reg %d 0x100000 0x1001 %d", second, second + 20),
                String.format("reg %d 0x100004 0x2000 %d", second, second + 24),
                String.format("mem %d %d 2 0x7000 %d 4 0xaaaa0001", third, third + 8, third + 4 * 191),
                String.format("mem %d %d 2 0x8000 %d 8 0xbbbb0002", third, third + 20, third + 4 * 192));
    }

    @Test
    void registerWriteIsReportedBeforeTheSubmissionItCompletes() {
        AubBuilder b = GpuScenario.setUp(new AubBuilder().version("hooks"));
        GpuScenario.submitElsp(b, 0x2000);
        Hooks hooks = new Hooks(b.mapped());
        new AubReader().read(b.mapped(), hooks);
        List<String> tail = hooks.events.subList(hooks.events.size() - 2, hooks.events.size());
        assertThat(tail.get(0)).startsWith("reg ").contains(" 0x2230 0x2339 ");
        assertThat(tail.get(1)).isEqualTo("submit 2000");
    }
}
