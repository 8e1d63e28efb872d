package io.genscope.examples;

import io.genscope.api.DeviceMigrationState;
import io.genscope.api.MigratableVf;
import io.genscope.api.VfDeviceState;
import io.genscope.api.VfLiveMigration;
import io.genscope.api.VfPacket;
import io.genscope.api.VfSink;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The hypervisor's side of an xe SR-IOV VF's live migration, with a VF this program owns: its VRAM
 * is the program's own direct buffers, written by a thread of the program (the "GPU") with no dirty
 * log at all, and its state carries a media GT's GuC state that genscope does not interpret. Each
 * policy moves the running VF through {@link VfLiveMigration} over a pipe into a destination
 * {@link VfSink} of the program's, which is then checked by genscope's digest and byte for byte.
 *
 * <pre>
 * java io.genscope.examples.MigrateOwnVf [stop-copy|gmig|genscope ...]
 * </pre>
 */
public final class MigrateOwnVf {
    private static final int PART = 4 << 20;
    private static final int PARTS = 4;

    private MigrateOwnVf() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    /** Prints one block per policy to {@code out}; returns 0 when every destination holds the source's VF. */
    public static int run(String[] args, PrintStream out) throws Exception {
        List<VfLiveMigration.Policy> policies = new ArrayList<>();
        for (String a : args) {
            policies.add(VfLiveMigration.Policy.parse(a));
        }
        if (policies.isEmpty()) {
            policies.addAll(List.of(VfLiveMigration.Policy.values()));
        }
        boolean all = true;
        for (VfLiveMigration.Policy p : policies) {
            all &= one(p, out);
        }
        return all ? 0 : 1;
    }

    private static boolean one(VfLiveMigration.Policy policy, PrintStream out) throws Exception {
        try (OwnVf vf = new OwnVf()) {
            Thread.sleep(100);
            OwnSink sink = new OwnSink();
            Pipe pipe = Pipe.open();
            // the destination reads the whole stream, checks it, and only then fills the sink
            CompletableFuture<VfLiveMigration.Arrival> arrival = CompletableFuture.supplyAsync(() -> {
                try (Pipe.SourceChannel in = pipe.source()) {
                    return VfLiveMigration.restore(in, sink);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            VfLiveMigration.Result r;
            try (Pipe.SinkChannel to = pipe.sink()) {
                r = VfLiveMigration.of(vf).policy(policy).bandwidth("10Gbit").verify(true).to(to);
            }
            VfLiveMigration.Arrival a = arrival.get(60, TimeUnit.SECONDS);
            boolean digest = a.committed() && a.digest().equals(r.digest());
            boolean bytes = sink.sameVramAs(vf);
            boolean state = vf.deviceState().equals(sink.loaded);
            out.printf("policy %s: %d MiB VF, %d packets; its GPU wrote VRAM %d times, unlogged%n", r.policy(),
                    r.quota() >> 20, r.packets(), vf.writes());
            out.printf("  downtime %.1f ms, %d bytes in downtime%n", r.downtimeMs(), r.bytesDowntime());
            out.printf("  destination: %s%n", a.committed() ? "committed" : "REFUSED " + a.refusal());
            out.printf("  digest %s, VRAM byte for byte %s, state with %d opaque packet %s%n",
                    digest ? "matched" : "DIFFERS", bytes ? "equal" : "DIFFERENT",
                    vf.deviceState().opaque().size(), state ? "equal" : "DIFFERENT");
            return digest && bytes && state;
        }
    }

    /**
     * A VF whose VRAM is this program's: four 4 MiB direct buffers, and a "GPU" thread writing random
     * quarter pages into them, unlogged. Pausing (or holding the GPU) takes the writer's lock, so once
     * it returns no write is in flight.
     */
    private static final class OwnVf implements MigratableVf, AutoCloseable {
        private final ByteBuffer[] vram = new ByteBuffer[PARTS];
        private final byte[] mediaGuc = new byte[256];
        private final Object lock = new Object();
        private final Thread gpu;
        private boolean paused;
        private boolean held;
        private volatile boolean closed;
        private volatile long writes;

        OwnVf() {
            Random rnd = new Random(7);
            for (int i = 0; i < PARTS; i++) {
                vram[i] = ByteBuffer.allocateDirect(PART);
                byte[] fill = new byte[PART / 2];
                rnd.nextBytes(fill);
                vram[i].put(fill).clear();
            }
            rnd.nextBytes(mediaGuc);
            gpu = new Thread(this::draw, "own-vf-gpu");
            gpu.setDaemon(true);
            gpu.start();
        }

        private void draw() {
            Random rnd = new Random(11);
            byte[] quarter = new byte[1024];
            while (!closed) {
                synchronized (lock) {
                    while ((paused || held) && !closed) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    // mostly a small render target, sometimes anywhere
                    int page = rnd.nextInt(10) == 0 ? rnd.nextInt(PARTS * PART / 4096) : rnd.nextInt(256);
                    rnd.nextBytes(quarter);
                    vram[page / (PART / 4096)].put(page % (PART / 4096) * 4096 + rnd.nextInt(4) * 1024, quarter);
                    writes++;
                }
                Thread.onSpinWait();
            }
        }

        long writes() {
            return writes;
        }

        @Override
        public ByteBuffer[] vram() {
            ByteBuffer[] parts = new ByteBuffer[PARTS];
            for (int i = 0; i < PARTS; i++) {
                parts[i] = vram[i].duplicate();
            }
            return parts;
        }

        @Override
        public VfDeviceState deviceState() {
            long[] ggtt = new long[1024];
            for (int i = 0; i < ggtt.length; i++) {
                ggtt[i] = (long) i << 12 | 0x3; // present, in local memory
            }
            // the media GT's GuC state (type 5 on GT 1): carried, not interpreted
            return new VfDeviceState(0xe20b, 0, ggtt, new int[] {0, 0, 0, 1}, new byte[512],
                    List.of(new VfPacket(5, 0, 1, 0, mediaGuc)));
        }

        @Override
        public void pause() {
            set(true, true);
        }

        @Override
        public void resume() {
            set(true, false);
        }

        @Override
        public boolean canHoldGpu() {
            return true;
        }

        @Override
        public void holdGpu() {
            set(false, true);
        }

        @Override
        public void releaseGpu() {
            set(false, false);
        }

        private void set(boolean whole, boolean on) {
            synchronized (lock) {
                if (whole) {
                    paused = on;
                } else {
                    held = on;
                }
                lock.notifyAll();
            }
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            synchronized (lock) {
                lock.notifyAll();
            }
            gpu.join(5000);
        }
    }

    /** The destination VF: VRAM in one buffer of this program's, the state it was handed. */
    private static final class OwnSink implements VfSink {
        private final ByteBuffer vram = ByteBuffer.allocateDirect(PARTS * PART);
        private VfDeviceState loaded;
        private final List<DeviceMigrationState> states = new ArrayList<>();

        @Override
        public ByteBuffer[] vram() {
            return new ByteBuffer[] {vram.duplicate()};
        }

        @Override
        public void load(VfDeviceState state) {
            loaded = state;
        }

        @Override
        public void stateChanged(DeviceMigrationState state) {
            states.add(state);
        }

        boolean sameVramAs(OwnVf source) {
            ByteBuffer[] parts = source.vram();
            for (int i = 0; i < parts.length; i++) {
                if (!vram.duplicate().position(i * PART).limit((i + 1) * PART).equals(parts[i].clear())) {
                    return false;
                }
            }
            return states.get(states.size() - 1) == DeviceMigrationState.RUNNING;
        }
    }
}
