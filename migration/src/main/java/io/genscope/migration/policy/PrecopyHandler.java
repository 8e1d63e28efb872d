package io.genscope.migration.policy;

import io.genscope.migration.dirty.PageSet;
import java.io.IOException;

/**
 * QEMU's iterative pre-copy: rounds of CPU-dirty pages until they converge; at the stop the
 * CPU-dirty pages and every graphics page (GPU writes reach no dirty log, so each may have changed).
 */
final class PrecopyHandler implements PolicyHandler {
    @Override
    public void iterate(MigrationRun run) throws IOException {
        run.precopy(null);
    }

    @Override
    public void complete(MigrationRun run) throws IOException {
        PageSet sent = run.sendDirty();
        for (int w = 0; w < run.dirty.wordCount(); w++) {
            run.sender.sendWord(w, run.graphics.word(w) & ~sent.word(w));
        }
    }
}
