package io.genscope.migration.xe.precopy;

import io.genscope.migration.dirty.HashWorkers;
import java.io.IOException;

/**
 * gMig's one-shot pre-copy with software dirty pages, on VRAM: while the VF runs every page is
 * copied once, hashed (its tag) and sent; stopped, every page is re-hashed on the hash threads and
 * only those whose hash changed are sent, chunk by chunk as the hashing goes.
 */
public record GmigOneShot() implements VfPolicy {
    @Override
    public String name() {
        return "gmig";
    }

    @Override
    public void run(VfRun run) throws IOException, InterruptedException {
        run.oneCopy();
        run.stop();
        run.begin("stop-copy");
        int[] pages = run.tagged(null);
        HashWorkers.Scan scan = run.scan(pages);
        run.state();
        run.sendChanged(scan, VfRun.chunks(pages), false, p -> true, run.budget(true));
        run.stopHash(scan);
        run.trailer();
        run.end();
    }
}
