package io.genscope.migration.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import org.junit.jupiter.api.Test;

/** The vGPU's ring registers are where the gen9 spec puts them. */
class EngineRegistersTest {
    @Test
    void basesAndRingRegistersAreTheGen9Specs() {
        Spec gen9 = SpecLoader.builtin(EngineRegisters.SPEC);
        assertThat(EngineRegisters.bases()).isEqualTo(gen9.engineBases());
        String[] prefixes = {"RCS", "BCS", "VCS", "VECS"};
        Engine[] engines = {Engine.RENDER, Engine.BLITTER, Engine.VIDEO, Engine.VIDEOENHANCE};
        for (int i = 0; i < engines.length; i++) {
            int base = EngineRegisters.base(engines[i]);
            assertThat(base).isEqualTo(gen9.engineBases().bases(engines[i]).get(0));
            assertThat(gen9.register(prefixes[i] + "_RING_BUFFER_START").offset()).isEqualTo(base + EngineRegisters.START);
            assertThat(gen9.register(prefixes[i] + "_RING_BUFFER_CTL").offset()).isEqualTo(base + EngineRegisters.CTL);
            assertThat(gen9.register(prefixes[i] + "_HWS_PGA").offset()).isEqualTo(base + EngineRegisters.HWS_PGA);
        }
        assertThatThrownBy(() -> EngineRegisters.base(Engine.COMPUTE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("compute");
    }
}
