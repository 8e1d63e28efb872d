package io.genscope.parser.aub;

import io.genscope.parser.memory.Paging;
import java.util.Optional;
import java.util.Set;

/**
 * How the device a capture names lays out its memory ({@link Paging}), by platform.
 *
 * <pre>
 * local memory    dg1 sg1 (gen12), dg2 atsm xehp pvc (gen12.5), bmg (Xe2)
 * NEO numbers     dg1 sg1 (gen12 with local memory): GGTT pages by the system counter, local PPGTT
 * local twice     pages by the local one, both from 0x1000 ({@link NeoGen12LpLocalNumberings})
 * 5-level PPGTT   lnl bmg (Xe2), ptl wcl (Xe3), in captures of Intel's own writers (NEO, aubstream);
 *                 Mesa's intel_dump_gpu builds 4-level tables for every generation
 * </pre>
 *
 * A capture that names no device known here reads as an integrated part with 4-level tables.
 */
final class DeviceMemory {
    private static final Set<String> LOCAL_MEMORY = Set.of("dg1", "sg1", "dg2", "atsm", "xehp", "pvc", "bmg");
    private static final Set<String> FIVE_LEVELS = Set.of("lnl", "bmg", "ptl", "wcl");
    private static final Set<String> NEO_LOCAL_TWICE = Set.of("dg1", "sg1");

    private DeviceMemory() {
    }

    /** The paging of the device {@code header} names. */
    static Paging paging(AubHeader header) {
        Optional<String> platform = header.device().map(Device::platform)
                .or(() -> header.product().map(SimulatorDevice::platform));
        if (platform.isEmpty()) {
            return Paging.DEFAULT;
        }
        String p = platform.get();
        boolean intelWriter = header.dialect() == Dialect.NEO;
        return new Paging(intelWriter && FIVE_LEVELS.contains(p) ? 5 : 4, LOCAL_MEMORY.contains(p),
                intelWriter && NEO_LOCAL_TWICE.contains(p));
    }
}
