package io.genscope.migration.workload;

import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The synthetic workload's writers: one GPU thread and one CPU thread, each writing pages at its
 * rate (pages per second, paced in 1 ms steps). A GPU write replaces 1 KiB (a quarter page, at a
 * random quarter) of a graphics page, in the hot set with probability {@code gpu-hot-share};
 * it does not touch the dirty log. A CPU write replaces 256 bytes of a page: graphics memory with
 * probability {@code cpu-graphics-share}, else the CPU hot set with probability
 * {@code cpu-hot-share}, else any written system page; it is logged. The sequence of writes
 * depends only on the seed; how many land before the migration stops depends on time.
 */
public final class SyntheticWorkload extends GatedWorkload {
    private static final int GPU_WRITE = 1024;
    private static final int CPU_WRITE = 256;
    private static final long TICK_NANOS = 1_000_000;

    private final Vgpu vgpu;
    private final SyntheticVgpu.Layout layout;
    private final SyntheticSpec spec;
    private volatile boolean running;
    private volatile long cpuWrites;
    private volatile long gpuWrites;
    private Thread gpu;
    private Thread cpu;

    public SyntheticWorkload(SyntheticVgpu.Built built, SyntheticSpec spec) {
        this.vgpu = built.vgpu();
        this.layout = built.layout();
        this.spec = spec;
    }

    /** Builds the vGPU of {@code spec} and a workload on it (not started). */
    public static SyntheticWorkload create(SyntheticSpec spec) {
        spec.checkFitsMachine();
        return new SyntheticWorkload(SyntheticVgpu.build(spec), spec);
    }

    @Override
    public Vgpu vgpu() {
        return vgpu;
    }

    public SyntheticVgpu.Layout layout() {
        return layout;
    }

    public SyntheticSpec spec() {
        return spec;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        int writable = layout.graphicsGfns().length - SyntheticSpec.RESERVED_GRAPHICS_PAGES;
        if (spec.gpuRate() > 0 && writable > 0) {
            gpu = thread("genscope-gpu-writer", spec.gpuRate(), spec.seed() * 31 + 7, this::gpuWrite, true);
        }
        if (spec.cpuRate() > 0 && (layout.systemGfns().length > 0 || writable > 0)) {
            cpu = thread("genscope-cpu-writer", spec.cpuRate(), spec.seed() * 31 + 11, this::cpuWrite, false);
        }
    }

    private interface Writer {
        void write(SplittableRandom rnd, ByteBuffer src);
    }

    private Thread thread(String name, double rate, long seed, Writer writer, boolean isGpu) {
        Thread t = new Thread(() -> run(rate, seed, writer, isGpu), name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void run(double rate, long seed, Writer writer, boolean isGpu) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ByteBuffer src = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long start = System.nanoTime();
        long done = 0;
        long maxBacklog = Math.max(1, (long) (rate / 100));
        while (running) {
            long due = (long) ((System.nanoTime() - start) * rate / 1e9) - done;
            if (due > maxBacklog) {
                done += due - maxBacklog;
                due = maxBacklog;
            }
            if (due > 0) {
                // the GPU writer passes the GPU gate first (held alone by pauseGpu), then the
                // gate both writers share (pause)
                if (isGpu) {
                    gpuGate.enter();
                }
                gate.enter();
                try {
                    if (!running) {
                        return;
                    }
                    for (long i = 0; i < due; i++) {
                        writer.write(rnd, src);
                    }
                } finally {
                    gate.leave();
                    if (isGpu) {
                        gpuGate.leave();
                    }
                }
                done += due;
                if (isGpu) {
                    gpuWrites += due;
                } else {
                    cpuWrites += due;
                }
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
    }

    private void gpuWrite(SplittableRandom rnd, ByteBuffer src) {
        int[] g = layout.graphicsGfns();
        int reserved = SyntheticSpec.RESERVED_GRAPHICS_PAGES;
        int hot = (int) Math.min(g.length - reserved, spec.gpuHotBytes() >>> PageStore.PAGE_SHIFT);
        int index = hot > 0 && rnd.nextDouble() < spec.gpuHotShare() ? reserved + rnd.nextInt(hot)
                : reserved + rnd.nextInt(g.length - reserved);
        PageContent.fill(rnd, src, 0, GPU_WRITE, spec.compressibility());
        vgpu.gpuWrite(g[index], rnd.nextInt(PageStore.PAGE_SIZE / GPU_WRITE) * GPU_WRITE, src, 0, GPU_WRITE);
    }

    private void cpuWrite(SplittableRandom rnd, ByteBuffer src) {
        int[] g = layout.graphicsGfns();
        int reserved = SyntheticSpec.RESERVED_GRAPHICS_PAGES;
        int gfn;
        double pick = rnd.nextDouble();
        if ((pick < spec.cpuGraphicsShare() || layout.systemGfns().length == 0) && g.length > reserved) {
            gfn = g[reserved + rnd.nextInt(g.length - reserved)];
        } else if (layout.cpuHotGfns().length > 0 && rnd.nextDouble() < spec.cpuHotShare()) {
            gfn = layout.cpuHotGfns()[rnd.nextInt(layout.cpuHotGfns().length)];
        } else {
            gfn = layout.systemGfns()[rnd.nextInt(layout.systemGfns().length)];
        }
        PageContent.fill(rnd, src, 0, CPU_WRITE, spec.compressibility());
        vgpu.cpuWrite(gfn, rnd.nextInt(PageStore.PAGE_SIZE / CPU_WRITE) * CPU_WRITE, src, 0, CPU_WRITE);
    }

    @Override
    public WorkloadStats stats() {
        return new WorkloadStats(cpuWrites, gpuWrites);
    }

    @Override
    public void close() {
        running = false;
        openGates();
        join(gpu);
        join(cpu);
    }

    private static void join(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
