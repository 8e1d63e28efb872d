package io.genscope.migration;

import io.genscope.migration.dirty.PageHasher;
import io.genscope.migration.workload.SyntheticSpec;
import java.nio.ByteBuffer;

/** Small synthetic vGPUs for tests. */
final class TestVgpus {
    /** A page hash that gives every page the same value: every changed page looks unchanged. */
    static final PageHasher COLLIDING = new PageHasher() {
        public long hash(ByteBuffer b, int off) {
            return 42;
        }

        public long zeroPage() {
            return 42;
        }

        public String name() {
            return "constant";
        }
    };

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
