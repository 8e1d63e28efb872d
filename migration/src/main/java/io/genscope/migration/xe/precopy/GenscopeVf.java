package io.genscope.migration.xe.precopy;

import io.genscope.migration.dirty.HashWorkers;
import io.genscope.migration.dirty.PageSet;
import java.io.IOException;

/**
 * genscope's policy for VRAM: gMig's copy with tags, then hash rounds while the VF runs, which
 * send the pages changed since their tag (a software dirty log, one scan of VRAM per round) and
 * learn the hot set: a page changed in two rounds running is left for the end, since it would only
 * change again. Rounds stop when they no longer shrink. Then, when the source can hold its VRAM
 * writers alone ({@link XeVfSource#pauseGpu()}), the last check runs with the writers held and the
 * vCPUs running: the hot pages go out while the hash threads check every other page, then the
 * changed ones; only then do the vCPUs stop, for the GuC state, GGTT, registers and the trailer.
 * Without the hold the same check runs in the downtime, hot pages first.
 *
 * <p>Nothing can be lost: at the last check every page either is hot (sent as it is) or has the tag
 * of the bytes the destination holds and is compared with its content while nothing writes VRAM.
 */
public record GenscopeVf() implements VfPolicy {
    /** A round sending fewer pages than this many per GiB of quota ends the hash rounds. */
    private static final int CONVERGED_PAGES_PER_GIB = 1024;

    @Override
    public String name() {
        return "genscope";
    }

    @Override
    public void run(VfRun run) throws IOException, InterruptedException {
        run.oneCopy();
        int total = run.vram.pageCount();
        PageSet hot = new PageSet(total);
        PageSet previous = new PageSet(total);
        long converged = Math.max(64, (long) CONVERGED_PAGES_PER_GIB * total / (1 << 18));
        long last = Long.MAX_VALUE;
        for (int k = 0; k < run.options.maxHashRounds(); k++) {
            run.begin("precopy");
            int[] pages = run.tagged(hot);
            PageSet now = new PageSet(total);
            PageSet before = previous;
            long sent = run.sendChanged(run.scan(pages), VfRun.chunks(pages), true, p -> {
                now.add(p);
                if (before.contains(p)) {
                    hot.add(p);
                    return false;
                }
                return true;
            }, run.budget(false));
            run.end();
            previous = now;
            if (sent < converged || sent > last - last / 5) {
                break;
            }
            last = sent;
        }
        run.hot(hot.size());
        if (run.options.gpuStop() && run.source.canPauseGpu()) {
            run.holdGpu();
            run.begin("gpu-stop");
            lastCheck(run, hot);
            run.end();
            run.stop();
            run.begin("stop-copy");
            run.state();
        } else {
            run.stop();
            run.begin("stop-copy");
            run.state();
            lastCheck(run, hot);
        }
        run.trailer();
        run.end();
    }

    /** Hot pages out while every other tagged page is re-hashed, then the changed ones. */
    private static void lastCheck(VfRun run, PageSet hot) throws IOException, InterruptedException {
        int[] pages = run.tagged(hot);
        HashWorkers.Scan scan = run.scan(pages);
        int[] h = hot.toArray();
        run.sendPages(h, h.length, false, run.budget(true) / 2);
        run.sendChanged(scan, VfRun.chunks(pages), false, p -> true, run.budget(true));
        run.stopHash(scan);
    }
}
