package io.genscope.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EngineBasesTest {
    @Test
    void everyBuiltinStatesRenderAndBlitterAndVideo() {
        for (String name : SpecLoader.BUILTIN) {
            EngineBases b = SpecLoader.builtin(name).engineBases();
            assertThat(b.spec()).isEqualTo(name);
            assertThat(b.base(Engine.RENDER)).as(name).isEqualTo(0x2000);
            assertThat(b.base(Engine.BLITTER)).as(name).isEqualTo(0x22000);
            assertThat(b.has(Engine.VIDEO)).as(name).isTrue();
            b.byBase().forEach((base, engine) -> assertThat(b.engineAt(base)).isEqualTo(engine));
        }
    }

    @Test
    void mediaBlocksMoveAtGen11AndComputeJoinsAtGen12() {
        EngineBases gen9 = SpecLoader.builtin("gen9").engineBases();
        assertThat(gen9.bases(Engine.VIDEO)).containsExactly(0x12000, 0x1c000);
        assertThat(gen9.engineAt(0x1a000)).isEqualTo(Engine.VIDEOENHANCE);
        assertThatThrownBy(() -> gen9.base(Engine.COMPUTE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gen9");
        EngineBases gen11 = SpecLoader.builtin("gen11").engineBases();
        assertThat(gen11.base(Engine.VIDEO)).isEqualTo(0x1c0000);
        assertThat(gen11.engineAt(0x1a000)).isNull();
        assertThat(SpecLoader.builtin("gen12").engineBases().engineAt(0x1a000)).isEqualTo(Engine.COMPUTE);
        assertThat(SpecLoader.builtin("gen125").engineBases().bases(Engine.COMPUTE))
                .isEqualTo(List.of(0x1a000, 0x1c000, 0x1e000, 0x26000));
        assertThat(SpecLoader.builtin("gen7").engineBases().has(Engine.VIDEOENHANCE)).isFalse();
        assertThat(SpecLoader.builtin("gen75").engineBases().base(Engine.VIDEOENHANCE)).isEqualTo(0x1a000);
    }

    @Test
    void aSpecWithoutTheTableFailsLoudly() {
        Spec bare = SpecLoader.fromText("bare.gspec", "generation bare version 9;\n");
        assertThatThrownBy(bare::engineBases).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bare").hasMessageContaining(EngineBases.ENUM);
    }

    @Test
    void aTableNamingNoEngineFailsLoudly() {
        Spec odd = SpecLoader.fromText("odd.gspec", "generation odd version 9;\n"
                + "enum \"Engine MMIO Bases\" {\n  0x2000 \"render\";\n  0x3000 \"display\";\n}\n");
        assertThatThrownBy(odd::engineBases).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("odd").hasMessageContaining("display");
    }

    @Test
    void orElseKeepsTheFirstTableWhereTheyDisagree() {
        EngineBases merged = SpecLoader.builtin("gen12").engineBases()
                .orElse(SpecLoader.builtin("gen9").engineBases());
        assertThat(merged.engineAt(0x1a000)).isEqualTo(Engine.COMPUTE);
        assertThat(merged.engineAt(0x12000)).isEqualTo(Engine.VIDEO);
        assertThat(merged.base(Engine.VIDEO)).isEqualTo(0x1c0000);
    }
}
