package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.memory.Paging;
import org.junit.jupiter.api.Test;

/** Which captures read with local memory and 5-level tables. */
class DeviceMemoryTest {
    private static AubHeader neo(int device) {
        return new AubHeader(0, Dialect.NEO, 1, 0, "NEO", device, "", "NEO");
    }

    private static AubHeader mesa(int pciId) {
        return new AubHeader(0, Dialect.MESA, 1, pciId, "app", 0, "", "PCI-ID=" + pciId + " app");
    }

    @Test
    void byDeviceAndWriter() {
        assertThat(DeviceMemory.paging(neo(30))).as("NEO DG1: local memory numbered twice")
                .isEqualTo(new Paging(4, true, true));
        assertThat(DeviceMemory.paging(neo(36))).as("NEO DG2").isEqualTo(new Paging(4, true));
        assertThat(DeviceMemory.paging(neo(43))).as("aubstream Battlemage").isEqualTo(new Paging(5, true));
        assertThat(DeviceMemory.paging(neo(45))).as("aubstream Lunar Lake").isEqualTo(new Paging(5, false));
        assertThat(DeviceMemory.paging(neo(51))).as("aubstream Panther Lake").isEqualTo(new Paging(5, false));
        assertThat(DeviceMemory.paging(neo(42))).as("aubstream Meteor Lake").isEqualTo(Paging.DEFAULT);
        assertThat(DeviceMemory.paging(neo(22))).as("NEO Tiger Lake").isEqualTo(Paging.DEFAULT);
        assertThat(DeviceMemory.paging(neo(200))).as("unknown device").isEqualTo(Paging.DEFAULT);
        assertThat(DeviceMemory.paging(mesa(0x56a0))).as("Mesa DG2: 4-level tables").isEqualTo(new Paging(4, true));
        assertThat(DeviceMemory.paging(mesa(0x4905))).as("Mesa DG1: one numbering").isEqualTo(new Paging(4, true));
        assertThat(DeviceMemory.paging(mesa(0x64a0))).as("Mesa Lunar Lake: 4-level tables").isEqualTo(Paging.DEFAULT);
        assertThat(DeviceMemory.paging(mesa(0x9a49))).as("Mesa Tiger Lake").isEqualTo(Paging.DEFAULT);
    }
}
