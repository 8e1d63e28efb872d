package io.genscope.migration.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticVgpu;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class VgpuDigestTest {
    @Test
    void digestFollowsContentNotAllocation() {
        SyntheticSpec spec = SyntheticSpec.parse("synthetic:memory=8M,graphics=2M,gpu-rate=0,cpu-rate=0,gpu-hot=512K,seed=2");
        try (Vgpu a = SyntheticVgpu.build(spec).vgpu(); Vgpu b = SyntheticVgpu.build(spec).vgpu()) {
            VgpuDigest da = VgpuDigest.of(a);
            assertThat(VgpuDigest.of(b)).isEqualTo(da);
            int zeroPage = -1;
            for (int p = 0; p < a.memory().pageCount() && zeroPage < 0; p++) {
                if (a.memory().slabOrNull(p) == null) {
                    zeroPage = p;
                }
            }
            if (zeroPage >= 0) {
                b.memory().writeLong(zeroPage, 0, 0);
                assertThat(b.memory().slabOrNull(zeroPage)).isNotNull();
                assertThat(VgpuDigest.of(b)).as("an allocated zero page digests like a never-written one").isEqualTo(da);
            }
            ByteBuffer one = ByteBuffer.allocate(8).putLong(0, 1);
            b.gpuWrite(100, 4088, one, 0, 8);
            VgpuDigest changed = VgpuDigest.of(b);
            assertThat(changed.memoryHex()).isNotEqualTo(da.memoryHex());
            assertThat(changed.deviceHex()).isEqualTo(da.deviceHex());
        }
    }
}
