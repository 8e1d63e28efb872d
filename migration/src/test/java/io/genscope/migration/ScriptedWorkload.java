package io.genscope.migration;

import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.state.VgpuDigest;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticVgpu;
import io.genscope.migration.workload.Workload;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;

/**
 * A workload whose guest memory after n writes is known: write i is a fixed 8-byte value at a fixed
 * place (every 8th a logged CPU write into system memory, the others GPU writes walking graphics
 * pages one after another), done one at a time by one thread, so {@link #expectedMemory(long)}
 * rebuilds the memory any number of writes produce. Tests compare a source that survived a failed
 * migration with it.
 */
final class ScriptedWorkload implements Workload {
    private final SyntheticSpec spec;
    private final SyntheticVgpu.Built built;
    private final Object lock = new Object();
    private final ByteBuffer src = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    private boolean paused;
    private volatile boolean running;
    private volatile long writes;
    private Thread thread;

    ScriptedWorkload(SyntheticSpec quiet) {
        this.spec = quiet;
        this.built = SyntheticVgpu.build(quiet);
    }

    @Override
    public Vgpu vgpu() {
        return built.vgpu();
    }

    /** Writes done so far. */
    long writes() {
        return writes;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                synchronized (lock) {
                    while (paused && running) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (!running) {
                        return;
                    }
                    apply(built, writes, src);
                    writes++;
                }
                LockSupport.parkNanos(200_000);
            }
        }, "scripted-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code n} more writes of the script now, on the caller's thread. */
    void writeNow(int n) {
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                apply(built, writes, src);
                writes++;
            }
        }
    }

    private static void apply(SyntheticVgpu.Built b, long i, ByteBuffer src) {
        int[] graphics = b.layout().graphicsGfns();
        int[] system = b.layout().systemGfns();
        int reserved = SyntheticSpec.RESERVED_GRAPHICS_PAGES;
        src.putLong(0, (i + 1) * 0x9E3779B97F4A7C15L);
        if (i % 8 == 7 && system.length > 0) {
            long c = i / 8;
            b.vgpu().cpuWrite(system[(int) ((c * 13) % system.length)], (int) (c % 512) * 8, src, 0, 8);
        } else {
            long g = i - i / 8;
            int span = graphics.length - reserved;
            b.vgpu().gpuWrite(graphics[reserved + (int) (g % span)], (int) ((g / span) % 512) * 8, src, 0, 8);
        }
    }

    /** The memory digest of this workload's vGPU after {@code n} writes of the script. */
    VgpuDigest expectedMemory(long n) {
        SyntheticVgpu.Built fresh = SyntheticVgpu.build(spec);
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < n; i++) {
            apply(fresh, i, b);
        }
        long[] m = VgpuDigest.memory(fresh.vgpu().memory());
        fresh.vgpu().close();
        return new VgpuDigest(m[0], m[1], 0, 0);
    }

    /** The memory digest of the vGPU now (call while paused). */
    VgpuDigest memoryNow() {
        long[] m = VgpuDigest.memory(vgpu().memory());
        return new VgpuDigest(m[0], m[1], 0, 0);
    }

    @Override
    public void pause() {
        synchronized (lock) {
            paused = true;
        }
    }

    @Override
    public void resume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }

    @Override
    public WorkloadStats stats() {
        long n = writes;
        return new WorkloadStats(n / 8, n - n / 8);
    }

    @Override
    public void close() {
        running = false;
        resume();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static int pageSize() {
        return PageStore.PAGE_SIZE;
    }
}
