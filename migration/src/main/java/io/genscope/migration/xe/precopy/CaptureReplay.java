package io.genscope.migration.xe.precopy;

import io.genscope.migration.workload.capture.CaptureTrace;
import io.genscope.migration.workload.capture.CaptureTraceReader;
import io.genscope.migration.xe.XeGgttPte;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The capture-driven model: a real capture's command stream replayed in a loop on a VF. The VF is
 * that of a {@link VfSpec} (quota, background content, and its synthetic writer when the spec's
 * rate is not 0), with every page the capture uses placed in its VRAM, as a discrete GPU's driver
 * places its buffers in local memory: the GGTT-mapped pages first, in GGTT order (as in a VF
 * image, docs/xe-vf-migration.md), then the pages only the PPGTT reaches. The VF's GGTT range is the
 * capture's, each mapped page a valid local-memory entry. VRAM starts with the memory the capture
 * leaves after one pass; the replay then makes, for each submission in turn at 60 submissions a
 * second times {@code speed}, the capture's CPU writes (the same bytes each pass) and the GPU
 * writes the command model derives from its commands (post-syncs, stores, context saves, render
 * targets: fresh bytes each pass). None is logged: CPU writes into VRAM go through the BAR.
 */
public final class CaptureReplay implements SyntheticVf.Writer {
    private static final double SUBMISSIONS_PER_SECOND = 60;
    private final SyntheticVf vf;
    private final CaptureTrace trace;
    private final int[] vramPage;
    /** Events of slot s (submission s, and the CPU writes before it) are [slotStart[s], slotStart[s + 1]). */
    private final int[] slotStart;
    private final double speed;
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closed;
    private Thread thread;

    private CaptureReplay(SyntheticVf vf, CaptureTrace trace, double speed) {
        this.vf = vf;
        this.trace = trace;
        this.speed = speed;
        if (trace.pages() > vf.spec().pages()) {
            throw new IllegalArgumentException("the capture uses " + trace.pages() + " pages, more than the VF's quota of "
                    + vf.spec().pages());
        }
        vramPage = place(trace);
        vf.ggtt(ggtt(trace, vramPage, (int) (vf.spec().ggtt() >>> 12)));
        int slots = Math.max(1, trace.submissions());
        for (int e = 0; e < trace.events(); e++) {
            slots = Math.max(slots, trace.submission()[e] + 1);
        }
        // events come in capture order, so a slot's events are contiguous: count them, then sum
        slotStart = new int[slots + 1];
        for (int e = 0; e < trace.events(); e++) {
            slotStart[trace.submission()[e] + 1]++;
        }
        Arrays.parallelPrefix(slotStart, Integer::sum);
    }

    /** VRAM page of each capture page: GGTT-mapped ones first in GGTT order, then the rest in capture order. */
    private static int[] place(CaptureTrace trace) {
        Integer[] order = new Integer[trace.pages()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(trace.pageGma()[a], trace.pageGma()[b]));
        int[] page = new int[trace.pages()];
        for (int k = 0; k < order.length; k++) {
            page[order[k]] = k;
        }
        return page;
    }

    /** The capture's GGTT range (at most {@code max} entries from its first mapped page), local-memory entries. */
    private static long[] ggtt(CaptureTrace trace, int[] vramPage, int max) {
        long first = Arrays.stream(trace.pageGma()).filter(g -> g >= 0).map(g -> g >>> 12).min().orElse(0);
        long last = Arrays.stream(trace.pageGma()).filter(g -> g >= 0).map(g -> g >>> 12).max().orElse(0);
        long[] entries = new long[(int) Math.min(last - first + 1, max)];
        for (int i = 0; i < trace.pages(); i++) {
            long gma = trace.pageGma()[i];
            if (gma >= 0 && (gma >>> 12) - first < entries.length) {
                entries[(int) ((gma >>> 12) - first)] = XeGgttPte.of((long) vramPage[i] << 12, true, 0).raw();
            }
        }
        return entries;
    }

    /**
     * Reads the capture (AUB, plain or {@code .xz}) and makes the VF that replays it; the replay runs
     * from the VF's {@link SyntheticVf#start()} until its close.
     *
     * @param speed replay rate: 1 is 60 submissions a second
     */
    public static CaptureReplay create(Path capture, VfSpec spec, double speed) throws IOException {
        if (!(speed > 0 && speed <= 1000)) {
            throw new IllegalArgumentException("speed " + speed + " outside (0, 1000]");
        }
        CaptureTrace trace = CaptureTraceReader.read(capture);
        SyntheticVf vf = SyntheticVf.create(spec);
        try {
            CaptureReplay r = new CaptureReplay(vf, trace, speed);
            for (int s = 0; s < r.slotStart.length - 1; s++) {
                r.slot(s, 0, true);
            }
            vf.attach(r);
            return r;
        } catch (RuntimeException e) {
            vf.close();
            throw e;
        }
    }

    /** The VF the capture replays on (closing it ends the replay). */
    public SyntheticVf vf() {
        return vf;
    }

    /** The capture as read (pages, events, problems). */
    public CaptureTrace trace() {
        return trace;
    }

    @Override
    public synchronized void start() {
        if (thread == null && trace.events() > 0) {
            thread = new Thread(this::run, "xe-vf-capture-replay");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        int slots = slotStart.length - 1;
        double perSecond = SUBMISSIONS_PER_SECOND * speed;
        long t0 = System.nanoTime();
        long slot = 0;
        while (!closed) {
            long due = (long) ((System.nanoTime() - t0) / 1e9 * perSecond);
            if (slot > due) {
                LockSupport.parkNanos(1_000_000);
                continue;
            }
            if (slot < due - perSecond) {
                slot = due; // held or stopped for over a second: skip ahead, no burst
            }
            slot((int) (slot % slots), slot / slots + 1, false);
            slot++;
        }
    }

    /** One slot's events of pass {@code pass}: CPU writes always, GPU writes unless {@code cpuOnly}. */
    private void slot(int s, long pass, boolean cpuOnly) {
        vf.gated(() -> {
            byte[] fresh = new byte[4096];
            for (int e = slotStart[s]; e < slotStart[s + 1] && !closed; e++) {
                int len = trace.length()[e];
                if (!trace.isGpu(e)) {
                    vf.write(vramPage[trace.page()[e]], trace.offset()[e], trace.blob(), (int) trace.data()[e], len);
                } else if (!cpuOnly) {
                    new SplittableRandom(vf.spec().seed() ^ pass * 0x9e3779b97f4a7c15L ^ e).nextBytes(fresh);
                    vf.write(vramPage[trace.page()[e]], trace.offset()[e], fresh, 0, len);
                } else {
                    continue;
                }
                writes.incrementAndGet();
            }
        });
    }

    @Override
    public long writes() {
        return writes.get();
    }

    @Override
    public boolean close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        return SyntheticVf.ended(t);
    }
}
