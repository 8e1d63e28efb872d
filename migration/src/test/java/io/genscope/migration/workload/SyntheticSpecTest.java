package io.genscope.migration.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticSpecTest {
    @Test
    void parsesEveryParameterAndKeepsDefaults() {
        SyntheticSpec s = SyntheticSpec.parse("synthetic:memory=1G,graphics=512M,gpu-hot=64M,gpu-rate=20000,cpu-rate=5000,seed=1");
        assertThat(s).isEqualTo(SyntheticSpec.DEFAULT);
        assertThat(SyntheticSpec.parse("synthetic")).isEqualTo(SyntheticSpec.DEFAULT);
        assertThat(SyntheticSpec.parse(s.describe())).isEqualTo(s);
        SyntheticSpec t = SyntheticSpec.parse("synthetic:memory=64M,graphics=16M,gpu-hot=4M,fill=0.25,zero-share=0.5,"
                + "cpu-graphics-share=0,gpu-hot-share=1,cpu-hot=1M,cpu-hot-share=0.5,seed=9");
        assertThat(t.memoryBytes()).isEqualTo(64L << 20);
        assertThat(t.fill()).isEqualTo(0.25);
        assertThat(SyntheticSpec.parse(t.describe())).isEqualTo(t);
    }

    @Test
    void refusesWhatCannotBeBuilt() {
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:memory=64M,graphics=48M")).hasMessageContaining("half");
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:colour=blue")).hasMessageContaining("colour");
        assertThatThrownBy(() -> SyntheticSpec.parse("capture:x.aub")).hasMessageContaining("unknown workload");
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:fill=2")).hasMessageContaining("between 0 and 1");
    }

    @Test
    void sizesNotGivenFollowTheOnesGiven() {
        SyntheticSpec s = SyntheticSpec.parse("synthetic:memory=512M");
        assertThat(s.graphicsBytes()).isEqualTo(256L << 20);
        assertThat(s.gpuHotBytes()).isEqualTo(32L << 20);
        assertThat(s.cpuHotBytes()).isEqualTo(64L << 20);
        SyntheticSpec small = SyntheticSpec.parse("synthetic:memory=16M");
        assertThat(small.graphicsBytes()).isEqualTo(8L << 20);
        assertThat(small.gpuHotBytes()).isEqualTo(1L << 20);
        assertThat(small.cpuHotBytes()).isEqualTo(2L << 20);
        // the default sizes are unchanged
        assertThat(SyntheticSpec.parse("synthetic:memory=1G")).isEqualTo(SyntheticSpec.DEFAULT);
    }

    @Test
    void messagesNameTheValuesThatConflict() {
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:memory=64M,graphics=48M"))
                .hasMessageContaining("graphics (48M) may be at most half of memory (64M)");
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:memory=64M,graphics=16M,gpu-hot=32M"))
                .hasMessageContaining("gpu-hot (32M)").hasMessageContaining("graphics (16M)");
        SyntheticSpec huge = new SyntheticSpec(1L << 40, 512L << 20, 64L << 20, 0.9, 0, 0, 64L << 20, 0.9, 0.05, 0.6, 0.1, 1);
        assertThatThrownBy(huge::checkFitsMachine).hasMessageContaining("memory (1024G) is larger than this machine's");
    }

    @Test
    void buildIsDeterministicAndMapsDistinctGraphicsPages() {
        SyntheticSpec s = SyntheticSpec.parse("synthetic:memory=32M,graphics=8M,gpu-hot=2M,gpu-rate=0,cpu-rate=0,seed=5");
        SyntheticVgpu.Built a = SyntheticVgpu.build(s);
        SyntheticVgpu.Built b = SyntheticVgpu.build(s);
        try (Vgpu va = a.vgpu(); Vgpu vb = b.vgpu()) {
            assertThat(a.layout().graphicsGfns()).containsExactly(b.layout().graphicsGfns());
            Set<Integer> distinct = new HashSet<>();
            for (int g : a.layout().graphicsGfns()) {
                distinct.add(g);
            }
            assertThat(distinct).hasSize(2048);
            assertThat(va.graphicsPages().size()).isEqualTo(2048);
            assertThat(va.device().gfn(77)).isEqualTo(a.layout().graphicsGfns()[77]);
            assertThat(io.genscope.migration.state.VgpuDigest.of(va)).isEqualTo(io.genscope.migration.state.VgpuDigest.of(vb));
            assertThat(va.memory().allocatedBytes()).as("sparse: not every slab is written")
                    .isLessThan(va.memory().sizeBytes());
            assertThat(va.memory().allocatedBytes() % PageStore.SLAB_BYTES).isZero();
        }
    }
}
