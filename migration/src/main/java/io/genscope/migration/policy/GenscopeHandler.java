package io.genscope.migration.policy;

import io.genscope.migration.stream.Phase;
import java.io.IOException;

/**
 * genscope's policy: gMig's rounds with a learned hot set ({@link GenscopeRounds}), and, when the
 * guest's mediator can hold the vGPU alone, a GPU-stop round that checks the graphics pages while
 * the vCPUs still run, so that only CPU-dirty pages remain for the stop.
 */
final class GenscopeHandler implements PolicyHandler {
    private GenscopeRounds rounds;
    /** The vGPU was held (GPU-stop round) before the vCPUs stopped. */
    private boolean gpuHeld;

    @Override
    public boolean hashes() {
        return true;
    }

    @Override
    public void setup(MigrationRun run) {
        rounds = new GenscopeRounds(run);
    }

    @Override
    public void iterate(MigrationRun run) throws IOException, InterruptedException {
        rounds.beforeStop(() -> run.precopy(run.graphics));
        if (run.workload.canPauseGpu() && run.options.gpuStop()) {
            run.stage(Stage.GPU_STOP);
            run.sender.begin(Phase.GPU_STOP);
            run.stats.gpuHoldNanos = System.nanoTime();
            run.workload.pauseGpu();
            gpuHeld = true;
            run.endWarmUp();
            rounds.checkGraphicsSendTheRest();
            run.sender.end();
            run.hooks.afterRound(Phase.GPU_STOP, run.sender.round());
        }
    }

    @Override
    public void complete(MigrationRun run) throws IOException, InterruptedException {
        if (gpuHeld) {
            rounds.stopAfterGpuStop();
        } else {
            rounds.checkGraphicsSendTheRest();
        }
    }

    @Override
    public void cleanup(MigrationRun run, boolean failed) {
        if (gpuHeld && failed) {
            run.workload.resumeGpu();
        }
    }
}
