package io.genscope.migration.policy;

import java.io.IOException;

/** Stop-and-copy: no live round; every page while the guest is stopped. */
final class StopCopyHandler implements PolicyHandler {
    @Override
    public void iterate(MigrationRun run) {
    }

    @Override
    public void complete(MigrationRun run) throws IOException {
        int pages = run.vgpu.memory().pageCount();
        for (int p = 0; p < pages; p++) {
            run.sender.send(p);
        }
    }
}
