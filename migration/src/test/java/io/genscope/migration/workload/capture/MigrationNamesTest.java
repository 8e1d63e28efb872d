package io.genscope.migration.workload.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.spec.RequiredNames;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The write model's and the ring registers' names are registered, every built-in spec has them, and each definition exists somewhere. */
class MigrationNamesTest {
    @Test
    void everyBuiltInSpecHasTheWriteModelsNames() {
        assertThat(RequiredNames.all()).contains(GpuWriteModel.REQUIRED);
        List<Spec> specs = SpecLoader.BUILTIN.stream().map(SpecLoader::builtin).toList();
        for (Spec s : specs) {
            assertThat(GpuWriteModel.REQUIRED.missingIn(s)).as(s.name()).isEmpty();
        }
        assertThat(GpuWriteModel.REQUIRED.unknownIn(specs)).as("misspelt names?").isEmpty();
    }

    @Test
    void theRingRegistersAreRegisteredAndTheVgpusSpecDefinesThem() {
        RequiredNames rings = io.genscope.migration.state.EngineRegisters.Names.REQUIRED;
        assertThat(RequiredNames.all()).contains(rings);
        Spec gen9 = SpecLoader.builtin(io.genscope.migration.state.EngineRegisters.SPEC);
        assertThat(rings.unknownIn(List.of(gen9))).isEmpty();
    }
}
