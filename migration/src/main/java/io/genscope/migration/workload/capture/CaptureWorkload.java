package io.genscope.migration.workload.capture;

import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.workload.GatedWorkload;
import io.genscope.migration.workload.Workload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays a capture on a vGPU, on its own thread: the capture's CPU-side memory writes through
 * {@link Vgpu#cpuWrite} (seen by the dirty log) and the GPU writes its commands imply through
 * {@link Vgpu#gpuWrite} (not seen), in capture order.
 *
 * <pre>
 * pass p, slot k (k = 0 .. submissions): at time (p x slots + k) / (60 x speed) seconds
 *   the CPU writes recorded before submission k, then the GPU writes of submission k
 *   (slot `submissions` holds the CPU writes after the last submission)
 * CPU write: the capture's own bytes (a looping replay rewrites the same bytes each pass)
 * GPU write: bytes from SplittableRandom(seed, pass, event): every pass leaves new content
 * </pre>
 * The sequence of memory states after each pass depends only on the capture and the seed; how many
 * passes land before a migration stops depends on time. Pausing waits for writes in flight
 * (writes go in batches of at most 256 page writes).
 */
public final class CaptureWorkload extends GatedWorkload {
    private static final int BATCH = 256;
    private static final long TICK_NANOS = 1_000_000;

    private final CaptureSpec spec;
    private final CaptureTrace trace;
    private final Vgpu vgpu;
    private final int[] gfnOfPage;
    private final int placedAtGgttAddress;
    private final int slots;
    private final int[] slotStart;
    private final ByteBuffer blob;
    private final ByteBuffer gpuBytes = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private volatile boolean running;
    private volatile long cpuWrites;
    private volatile long gpuWrites;
    private volatile long passes;
    private Thread thread;

    public CaptureWorkload(CaptureSpec spec, CaptureTrace trace, CaptureVgpu.Built built) {
        this.spec = spec;
        this.trace = trace;
        this.vgpu = built.vgpu();
        this.gfnOfPage = built.gfnOfPage();
        this.placedAtGgttAddress = built.placedAtGgttAddress();
        this.blob = ByteBuffer.wrap(trace.blob());
        int last = 0;
        for (int e = 0; e < trace.events(); e++) {
            last = Math.max(last, trace.submission()[e]);
        }
        this.slots = Math.max(1, Math.max(trace.submissions(), last + 1));
        this.slotStart = new int[slots + 1];
        // events are in capture order, so their slots (submission index) never decrease
        int e = 0;
        for (int s = 0; s < slots; s++) {
            slotStart[s] = e;
            while (e < trace.events() && trace.submission()[e] <= s) {
                e++;
            }
        }
        slotStart[slots] = trace.events();
    }

    /**
     * Reads the capture and builds its vGPU (not started).
     *
     * @throws IllegalArgumentException when the capture yields no write to replay
     */
    public static CaptureWorkload create(CaptureSpec spec) throws IOException {
        if (!java.nio.file.Files.isReadable(spec.file())) {
            throw new java.nio.file.NoSuchFileException(spec.file().toString(), null,
                    "capture workload: no readable capture at " + spec.file());
        }
        CaptureTrace trace = CaptureTraceReader.read(spec.file());
        if (trace.events() == 0) {
            // an empty, random or unsupported file: a migration of it would "complete" having run nothing
            throw new IllegalArgumentException("capture workload: " + spec.file() + " yields no GPU or CPU writes to replay"
                    + (trace.problems().isEmpty() ? "" : " (" + trace.problems().get(0) + ")"));
        }
        return new CaptureWorkload(spec, trace, CaptureVgpu.build(spec, trace));
    }

    @Override
    public Vgpu vgpu() {
        return vgpu;
    }

    public CaptureTrace trace() {
        return trace;
    }

    public CaptureSpec spec() {
        return spec;
    }

    /** The guest page each capture page id was placed at. */
    public int gfnOfPage(int page) {
        return gfnOfPage[page];
    }

    /** Capture pages placed at the graphics page of their own GGTT address. */
    public int placedAtGgttAddress() {
        return placedAtGgttAddress;
    }

    /** Passes completed so far. */
    public long passes() {
        return passes;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "genscope-capture-replay");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        double slotsPerSecond = CaptureSpec.SUBMISSIONS_PER_SECOND * spec.speed();
        long start = System.nanoTime();
        long slot = 0;
        while (running) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * slotsPerSecond);
            if (slot > due) {
                LockSupport.parkNanos(TICK_NANOS);
                continue;
            }
            if (!replaySlot(slot / slots, (int) (slot % slots))) {
                return;
            }
            slot++;
            if (slot % slots == 0) {
                passes++;
                if (!spec.loop()) {
                    return;
                }
            }
            if (slot < due - slotsPerSecond) {
                // more than a second behind (a paused workload): skip ahead instead of bursting
                slot = due - (due % slots);
            }
        }
    }

    /** Replays one slot under the gate, in batches; false when the workload was closed. */
    private boolean replaySlot(long pass, int s) {
        for (int e = slotStart[s]; e < slotStart[s + 1]; ) {
            int end = Math.min(slotStart[s + 1], e + BATCH);
            boolean gpuHeld = false;
            boolean gpuIn = false;
            gate.enter();
            try {
                if (!running) {
                    return false;
                }
                for (; e < end; e++) {
                    if (!gpuIn && trace.isGpu(e)) {
                        // the submission's GPU writes need the vGPU running; while it is held the
                        // application waits on the GPU, its CPU writes so far done
                        if (!gpuGate.tryEnter()) {
                            gpuHeld = true;
                            break;
                        }
                        gpuIn = true;
                    }
                    apply(pass, e);
                }
            } finally {
                if (gpuIn) {
                    gpuGate.leave();
                }
                gate.leave();
            }
            if (gpuHeld) {
                // wait, outside the shared gate, until the vGPU runs again
                gpuGate.enter();
                gpuGate.leave();
            }
        }
        return true;
    }

    /** One event of pass {@code pass}. */
    private void apply(long pass, int e) {
        int gfn = gfnOfPage[trace.page()[e]];
        int off = trace.offset()[e];
        int len = trace.length()[e];
        if (trace.isGpu(e)) {
            long x = spec.seed() * 0x9E3779B97F4A7C15L ^ (pass * 0xBF58476D1CE4E5B9L) ^ (e * 0x94D049BB133111EBL);
            for (int i = 0; i < len; i += 8) {
                x = mix(x + 0x9E3779B97F4A7C15L);
                gpuBytes.putLong(i, x);
            }
            vgpu.gpuWrite(gfn, off, gpuBytes, 0, len);
            gpuWrites++;
        } else {
            vgpu.cpuWrite(gfn, off, blob, (int) trace.data()[e], len);
            cpuWrites++;
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Replays passes {@code 0 .. n-1} at once on the calling thread (no pacing), as the thread
     * would; for tests and tools. Only while the workload is not started.
     */
    public synchronized void replayPasses(int n) {
        if (running) {
            throw new IllegalStateException("the replay thread runs");
        }
        for (int p = 0; p < n; p++) {
            for (int e = 0; e < trace.events(); e++) {
                apply(p, e);
            }
            passes++;
        }
    }

    @Override
    public WorkloadStats stats() {
        return new WorkloadStats(cpuWrites, gpuWrites);
    }

    @Override
    public void close() {
        running = false;
        openGates();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
