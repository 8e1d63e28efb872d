package io.genscope.migration;

import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.workload.Workload;

/** Hooks for tests whose assertions need the workload to have written while the migration ran. */
public final class LiveRounds {
    private LiveRounds() {
    }

    /**
     * Holds the first live round's end until the workload's GPU has written once more, so that the
     * migration sees GPU writes racing it however late a loaded machine schedules the workload.
     */
    public static MigrationHooks untilTheGpuHasWritten(Workload w) {
        return new MigrationHooks() {
            private boolean waited;

            @Override
            public void afterRound(Phase phase, int round) {
                if (waited || (phase != Phase.PRECOPY && phase != Phase.GPU_COPY)) {
                    return; // only live rounds: in the others the workload is stopped or its GPU held
                }
                waited = true;
                long before = w.stats().gpuWrites();
                while (w.stats().gpuWrites() == before) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        };
    }
}
