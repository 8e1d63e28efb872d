package io.genscope.migration.xe.precopy;

import java.io.IOException;

/**
 * What xe-vfio-pci does today: nothing while the VF runs; stopped, the PF saves the descriptor, the
 * GuC state, GGTT, scratch registers and the whole VRAM quota in 512 MiB chunks, then the trailer.
 */
public record XeStopCopy() implements VfPolicy {
    @Override
    public String name() {
        return "stop-copy";
    }

    @Override
    public void run(VfRun run) throws IOException {
        run.stop();
        run.begin("stop-copy");
        run.descriptor();
        run.state();
        run.sendAllStopped();
        run.trailer();
        run.end();
    }
}
