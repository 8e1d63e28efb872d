package io.genscope.migration.policy;

import io.genscope.migration.dirty.HashWorkers;
import io.genscope.migration.dirty.PageSet;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.stream.StreamWriter;
import java.io.IOException;
import java.util.Arrays;

/**
 * gMig (VEE'18): pre-copy rounds of system memory, one one-shot round of every graphics page with
 * its hash kept as a tag, and at the stop the CPU-dirty pages plus the graphics pages whose hash
 * changed, re-hashed in parallel and sent chunk by chunk as they are found.
 */
final class GmigHandler implements PolicyHandler {
    /** Every graphics page in order: the stop's re-hash list, made before the stop. */
    private int[] graphicsList;

    @Override
    public boolean hashes() {
        return true;
    }

    @Override
    public void setup(MigrationRun run) {
        // made now: code that runs only near the stop would still be compiling during it
        graphicsList = run.graphics.toArray();
    }

    @Override
    public void iterate(MigrationRun run) throws IOException {
        run.precopy(run.graphics);
        oneShot(run);
    }

    /**
     * Every graphics page, copied, hashed and sent once. Like gMig's walk, which goes through the
     * CPU dirty bitmap and the GPU bitmap together in address order, the round also sends the
     * CPU-dirty pages it passes (those outside graphics memory; a graphics page goes once, tagged,
     * whether the CPU wrote it or not), so that they do not wait for the stop.
     */
    private static void oneShot(MigrationRun run) throws IOException {
        run.stage(Stage.GPU_COPY);
        run.sender.begin(Phase.GPU_COPY);
        run.syncDirtyLog();
        StreamWriter.PageTap tap = run::tag;
        for (int w = 0; w < run.dirty.wordCount(); w++) {
            long bits = run.graphics.word(w);
            run.sender.sendWord(w, run.dirty.harvestWord(w, bits));
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int page = (w << 6) + b;
                run.dirty.clear(page);
                run.sender.sendTagged(page, tap);
            }
        }
        run.sender.end();
        run.hooks.afterRound(Phase.GPU_COPY, run.sender.round());
    }

    /**
     * Takes the CPU-dirty pages (sent anyway), starts re-hashing every other graphics page on the
     * hash threads (they leave out the CPU-dirty ones), sends the CPU-dirty pages meanwhile, then
     * the changed ones.
     */
    @Override
    public void complete(MigrationRun run) throws IOException, InterruptedException {
        run.syncDirtyLog();
        PageSet sent = new PageSet(run.vgpu.memory().pageCount());
        int[] dirtyPages = new int[Math.max(16, run.dirty.count())];
        int d = 0;
        int dirtyGraphics = 0;
        for (int w = 0; w < run.dirty.wordCount(); w++) {
            long bits = run.dirty.harvestWord(w, 0);
            if (bits == 0) {
                continue;
            }
            sent.addWord(w, bits);
            dirtyGraphics += Long.bitCount(bits & run.graphics.word(w));
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (d == dirtyPages.length) {
                    dirtyPages = Arrays.copyOf(dirtyPages, d * 2);
                }
                dirtyPages[d++] = (w << 6) + b;
            }
        }
        int compared = graphicsList.length - dirtyGraphics;
        long t = System.nanoTime();
        HashWorkers.Scan s = run.workers.scan(graphicsList, sent, run.vgpu.memory(), run.tags(), run.options.hash());
        for (int i = 0; i < d; i++) {
            run.sender.send(dirtyPages[i]);
        }
        long changed = run.sendChanged(s);
        run.stats.stopHashNanos = System.nanoTime() - t;
        run.stats.addScan(s);
        run.stats.skippedByHash = compared - changed;
    }
}
