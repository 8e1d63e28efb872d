package io.genscope.migration;

import io.genscope.migration.workload.SyntheticSpec;

/** Small synthetic vGPUs for tests. */
final class TestVgpus {
    private TestVgpus() {
    }

    /** 32 MiB guest, 8 MiB graphics, busy writers. */
    static SyntheticSpec small(long seed) {
        return SyntheticSpec.parse("synthetic:memory=32M,graphics=8M,gpu-hot=2M,gpu-rate=20000,cpu-rate=5000,cpu-hot=4M,seed="
                + seed);
    }

    /** The same without writer threads (deterministic content). */
    static SyntheticSpec quiet(long seed) {
        return SyntheticSpec.parse("synthetic:memory=16M,graphics=4M,gpu-hot=1M,gpu-rate=0,cpu-rate=0,seed=" + seed);
    }
}
