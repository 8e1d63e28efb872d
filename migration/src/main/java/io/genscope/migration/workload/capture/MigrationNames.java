package io.genscope.migration.workload.capture;

import io.genscope.spec.RequiredNames;
import java.util.List;

/**
 * The spec names the migration module's Java code looks up, handed to the spec loader (listed in
 * {@code META-INF/services}) so that every spec is checked for them when it loads.
 */
public final class MigrationNames implements RequiredNames.Provider {
    @Override
    public List<RequiredNames> required() {
        return List.of(GpuWriteModel.REQUIRED, io.genscope.migration.state.EngineRegisters.Names.REQUIRED,
                io.genscope.migration.xe.XeIndirectRingState.REQUIRED);
    }
}
