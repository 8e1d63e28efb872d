package io.genscope.migration.xe.precopy;

import io.genscope.migration.state.PageStore;
import io.genscope.migration.workload.RunGate;
import io.genscope.migration.xe.XeGgttPte;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * A VF running the synthetic workload of a {@link VfSpec}: its VRAM quota in direct buffers (1 GiB
 * parts), data in a {@code fill} share of its 4 MiB extents, and one writer thread that makes
 * {@code rate} GPU page writes a second (1 KiB of fresh bytes at a random quarter page), most into
 * the hot set (2 MiB extents scattered over the quota), paced in 1 ms steps. No write is logged
 * anywhere. Writes hold a {@link RunGate}, so {@link #pause()} and {@link #pauseGpu()} return once
 * none is in flight; every writer of this VF's VRAM is a GPU writer, so holding the GPU holds VRAM.
 */
public final class SyntheticVf implements XeVfSource, AutoCloseable {
    private static final int PART_BYTES = 1 << 30;
    private static final int EXTENT_PAGES = 512;
    private static final int BATCH = 256;

    private final VfSpec spec;
    private final ByteBuffer[] parts;
    private final PageStore vram;
    private final int[] hotExtents;
    private final RunGate gate = new RunGate();
    private final AtomicLong writes = new AtomicLong();
    private final List<Writer> others = new CopyOnWriteArrayList<>();
    private volatile long[] ggtt;
    private volatile boolean closed;
    private Thread writer;

    /** Another writer of this VF's VRAM (a capture's replay): started, counted and closed with the VF. */
    public interface Writer {
        /** Starts its thread. */
        void start();

        /** Its writes so far. */
        long writes();

        /** Stops its thread; true once it wrote its last, false when it is still held at a gate. */
        boolean close();
    }

    private SyntheticVf(VfSpec spec) {
        this.spec = spec;
        int n = (int) ((spec.quota() + PART_BYTES - 1) / PART_BYTES);
        parts = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            parts[i] = ByteBuffer.allocateDirect((int) Math.min(PART_BYTES, spec.quota() - (long) i * PART_BYTES))
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
        vram = PageStore.over(parts);
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        int extents = spec.pages() / EXTENT_PAGES;
        // a seeded partial shuffle picks the hot extents without repeats
        int[] order = IntStream.range(0, extents).toArray();
        int hot = (int) (spec.hot() / (EXTENT_PAGES * 4096L));
        for (int i = 0; i < hot; i++) {
            int j = i + rnd.nextInt(extents - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        hotExtents = java.util.Arrays.copyOf(order, hot);
    }

    /** A VF whose VRAM holds the spec's initial content; its writer does not run until {@link #start()}. */
    public static SyntheticVf create(VfSpec spec) {
        SyntheticVf vf = new SyntheticVf(spec);
        vf.fill();
        return vf;
    }

    private void fill() {
        // whether a 4 MiB extent holds data, and what, depends on (seed, extent) alone: filled in parallel
        IntStream.range(0, vram.slabCount()).parallel().forEach(s -> {
            SplittableRandom r = new SplittableRandom(spec.seed() * 0x9e3779b97f4a7c15L + s);
            if (r.nextDouble() >= spec.fill()) {
                return;
            }
            ByteBuffer slab = vram.slab(s << PageStore.SLAB_SHIFT);
            for (int at = 0; at < slab.capacity(); at += 8) {
                slab.putLong(at, r.nextLong());
            }
        });
    }

    /** Adds a writer, started with {@link #start()} and closed with the VF; writes hold {@link #gated}. */
    void attach(Writer w) {
        others.add(w);
    }

    /** Replaces the GGTT range {@link #state()} reports (a capture's). */
    void ggtt(long[] entries) {
        ggtt = entries.clone();
    }

    /** Starts the writer thread (none when the rate is 0) and the attached writers. */
    public synchronized void start() {
        others.forEach(Writer::start);
        if (writer != null || spec.rate() == 0) {
            return;
        }
        writer = new Thread(this::run, "xe-vf-gpu-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void run() {
        SplittableRandom rnd = new SplittableRandom(spec.seed() ^ 0x5851f42d4c957f2dL);
        long t0 = System.nanoTime();
        long done = 0;
        while (!closed) {
            long due = (long) ((System.nanoTime() - t0) / 1e9 * spec.rate());
            if (due - done > spec.rate()) {
                done = due - (long) spec.rate() / 1000; // paused for over a second: skip ahead, no burst
            }
            while (done < due && !closed) {
                int n = (int) Math.min(BATCH, due - done);
                gate.enter();
                try {
                    for (int i = 0; i < n; i++) {
                        write(pickPage(rnd), rnd.nextInt(4), rnd);
                    }
                } finally {
                    gate.leave();
                }
                done += n;
                writes.addAndGet(n);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private int pickPage(SplittableRandom rnd) {
        if (hotExtents.length > 0 && rnd.nextDouble() < spec.hotShare()) {
            return hotExtents[rnd.nextInt(hotExtents.length)] * EXTENT_PAGES + rnd.nextInt(EXTENT_PAGES);
        }
        return rnd.nextInt(spec.pages());
    }

    private void write(int page, int quarter, SplittableRandom rnd) {
        ByteBuffer slab = vram.slab(page);
        int at = PageStore.offsetInSlab(page) + quarter * 1024;
        for (int i = 0; i < 1024; i += 8) {
            slab.putLong(at + i, rnd.nextLong());
        }
    }

    /**
     * One GPU write of 1 KiB at quarter {@code quarter} of {@code page}, bytes from {@code seed}: for
     * tests, which write while the writer thread does not run.
     */
    public void gpuWrite(int page, int quarter, long seed) {
        gate.enter();
        try {
            write(page, quarter & 3, new SplittableRandom(seed));
            writes.incrementAndGet();
        } finally {
            gate.leave();
        }
    }

    /** Runs {@code writes} as one batch of VRAM writes: it waits while the VF is held or stopped. */
    void gated(Runnable writes) {
        gate.enter();
        try {
            writes.run();
        } finally {
            gate.leave();
        }
    }

    /** Writes {@code len} bytes of {@code src} from {@code from} at byte {@code offset} of {@code page} (within it). */
    void write(int page, int offset, byte[] src, int from, int len) {
        ByteBuffer slab = vram.slab(page);
        slab.put(PageStore.offsetInSlab(page) + offset, src, from, len);
    }

    /** Waits up to 5 s for a writer thread (null: none) to end; whether it did. */
    static boolean ended(Thread t) {
        if (t == null) {
            return true;
        }
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    /** VRAM writes made so far: the synthetic writer's (1 KiB each) and the attached writers'. */
    public long writes() {
        return writes.get() + others.stream().mapToLong(Writer::writes).sum();
    }

    /** The spec it was made from. */
    public VfSpec spec() {
        return spec;
    }

    /** The hot set's first pages (2 MiB extents), for tests. */
    public int[] hotExtentPages() {
        return IntStream.of(hotExtents).map(e -> e * EXTENT_PAGES).toArray();
    }

    @Override
    public ByteBuffer[] vram() {
        ByteBuffer[] out = new ByteBuffer[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parts[i].duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
        return out;
    }

    @Override
    public XeVfState state() {
        SplittableRandom r = new SplittableRandom(spec.seed() + 0x6775635f73746174L);
        long[] ggtt = this.ggtt;
        if (ggtt == null) {
            ggtt = new long[(int) (spec.ggtt() >>> 12)];
            for (int i = 0; i < ggtt.length; i++) {
                ggtt[i] = XeGgttPte.of((long) i << 12, true, 0).raw();
            }
        }
        int[] mmio = {0, 1, (int) spec.seed(), 0};
        byte[] guc = new byte[spec.gucBytes()];
        for (int i = 0; i < guc.length; i++) {
            guc[i] = (byte) r.nextInt(256);
        }
        return new XeVfState(spec.deviceId(), 0, ggtt, mmio, guc);
    }

    @Override
    public void pause() {
        gate.close();
    }

    @Override
    public void resume() {
        gate.open();
    }

    @Override
    public boolean canPauseGpu() {
        return spec.gpuHold();
    }

    @Override
    public void pauseGpu() {
        if (!spec.gpuHold()) {
            throw new UnsupportedOperationException("this VF's VRAM writers cannot be held alone (gpu-hold=false)");
        }
        gate.close();
    }

    @Override
    public void resumeGpu() {
        gate.open();
    }

    /** Stops the writer and frees the VRAM. */
    @Override
    public void close() {
        closed = true;
        Thread w;
        synchronized (this) {
            w = writer;
        }
        gate.open();
        boolean ended = ended(w);
        for (Writer o : others) {
            ended &= o.close();
        }
        if (!ended) {
            return; // a writer held at a gate another thread closed: VRAM stays allocated rather than freed under it
        }
        vram.close();
        for (ByteBuffer b : parts) {
            PageStore.release(b);
        }
    }
}
