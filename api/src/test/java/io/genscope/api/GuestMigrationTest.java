package io.genscope.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The device interface with a guest of the test's own making: memory in a direct buffer the test
 * owns, a writer thread that logs its CPU writes in its own bitmap and not its GPU writes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GuestMigrationTest {
    private static final int PAGES = 4096; // 16 MiB
    private static final int GFX_FIRST = 1024;
    private static final int GFX_COUNT = 1024;

    @Test
    void aGuestMovesIntoTheSinksMemoryByteForByte() throws Exception {
        try (TestGuest guest = new TestGuest(7)) {
            Sink sink = new Sink(PAGES, (byte) 0x5a);
            try (LiveMigration.Incoming in = LiveMigration.listen(0, sink)) {
                // running means written, by CPU and GPU alike, however late a loaded machine schedules it
                while (guest.cpuWrites == 0 || guest.gpuWrites == 0) {
                    Thread.sleep(1);
                }
                MigrationResult r = LiveMigration.of(LiveMigration.Source.guest(guest)).policy(LiveMigration.Policy.GMIG)
                        .verify(true).to(LiveMigration.Target.tcp("127.0.0.1", in.port()));
                LiveMigration.Arrival a = in.await(60_000);
                assertThat(r.succeeded()).as(r.error()).isTrue();
                assertThat(r.verification()).isEqualTo(MigrationResult.Verification.MATCHED);
                assertThat(a.committed()).isTrue();
                // the source stays stopped after a completed migration: its memory is what arrived
                assertThat(sink.memory.equals(guest.memory.duplicate().clear())).isTrue();
                VgpuState sent = guest.deviceState();
                assertThat(sink.loaded.ggtt()).isEqualTo(sent.ggtt());
                assertThat(sink.loaded.pageTableRoots()).isEqualTo(sent.pageTableRoots()).hasSize(1);
                assertThat(sink.loaded.pendingWork()).isEqualTo(sent.pendingWork()).hasSize(1);
                assertThat(sink.loaded.execlistPorts()).isEqualTo(sent.execlistPorts()).hasSize(2);
                assertThat(sink.loaded.vendorBlobs()).isEqualTo(sent.vendorBlobs()).hasSize(2);
                assertThat(guest.states).containsExactly(DeviceMigrationState.PRE_COPY, DeviceMigrationState.STOP_COPY,
                        DeviceMigrationState.STOP);
                assertThat(sink.states).containsExactly(DeviceMigrationState.RESUMING, DeviceMigrationState.RUNNING);
                assertThat(guest.cpuWrites).isPositive();
                assertThat(guest.gpuWrites).isPositive();
            }
        }
    }

    @Test
    void aCaptureDrivenWorkloadIsAGuestLikeAnyOther(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String fixtures = System.getProperty("genscope.fixtures", "../fixtures");
        LiveMigration.Source capture = LiveMigration.Source.capture(fixtures + "/captures/iris-tgl.aub.xz,loop,memory=64M,graphics=16M");
        MigrationResult r = LiveMigration.of(capture).policy(LiveMigration.Policy.GENSCOPE).verify(true)
                .to(LiveMigration.Target.file(dir.resolve("capture.gsmig")));
        assertThat(r.succeeded()).as(r.error()).isTrue();
        assertThat(r.verification()).isEqualTo(MigrationResult.Verification.MATCHED);
        assertThat(r.memoryBytes()).isEqualTo(64L << 20);
        assertThat(LiveMigration.checkRecording(dir.resolve("capture.gsmig")).committed()).isTrue();
    }

    @Test
    void aSinkThatCannotTakeTheGuestGetsNothingAndTheSourceRunsOn() throws Exception {
        try (TestGuest guest = new TestGuest(11)) {
            Sink small = new Sink(PAGES / 2, (byte) 0x5a);
            try (LiveMigration.Incoming in = LiveMigration.listen(0, small)) {
                MigrationResult r = LiveMigration.of(LiveMigration.Source.guest(guest)).policy(LiveMigration.Policy.PRECOPY)
                        .to(LiveMigration.Target.tcp("127.0.0.1", in.port()));
                LiveMigration.Arrival a = in.await(60_000);
                assertThat(r.succeeded()).isFalse();
                assertThat(a.committed()).isFalse();
                assertThat(a.refusal()).contains("memory holds " + (PAGES / 2) * 4096L + " bytes");
                for (int i = 0; i < small.memory.capacity(); i++) {
                    assertThat(small.memory.get(i)).isEqualTo((byte) 0x5a);
                }
                assertThat(small.loaded).isNull();
                assertThat(guest.states).endsWith(DeviceMigrationState.RUNNING);
                assertThat(guest.paused).isFalse();
                // the source guest runs again: it keeps writing (waited for, however slow the machine)
                long before = guest.cpuWrites;
                while (guest.cpuWrites == before) {
                    Thread.sleep(10);
                }
            }
        }
    }

    /** Memory the test owns, written by one thread: a quarter GPU writes (unlogged), the rest CPU writes. */
    private static final class TestGuest implements MigratableGuest, AutoCloseable {
        final ByteBuffer memory = ByteBuffer.allocateDirect(PAGES * 4096);
        final AtomicLongArray log = new AtomicLongArray(PAGES / 64);
        final List<DeviceMigrationState> states = new ArrayList<>();
        final Thread writer;
        volatile boolean paused;
        volatile boolean stop;
        volatile long cpuWrites;
        volatile long gpuWrites;
        private boolean writing;

        TestGuest(long seed) {
            writer = new Thread(() -> run(new SplittableRandom(seed)), "test-guest");
            writer.start();
        }

        private void run(SplittableRandom rnd) {
            while (!stop) {
                synchronized (this) {
                    while (paused && !stop) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    writing = true;
                }
                for (int i = 0; i < 32; i++) {
                    boolean gpu = rnd.nextInt(4) == 0;
                    int page = gpu ? GFX_FIRST + rnd.nextInt(GFX_COUNT) : rnd.nextInt(PAGES);
                    memory.putLong(page * 4096 + 8 * rnd.nextInt(512), rnd.nextLong());
                    if (gpu) {
                        gpuWrites++;
                    } else {
                        log.getAndAccumulate(page >>> 6, 1L << page, (a, b) -> a | b);
                        cpuWrites++;
                    }
                }
                synchronized (this) {
                    writing = false;
                    notifyAll();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
        }

        @Override
        public ByteBuffer[] memory() {
            return new ByteBuffer[] {memory};
        }

        @Override
        public VgpuState deviceState() {
            long[] ggtt = new long[GFX_COUNT];
            for (int i = 0; i < GFX_COUNT; i++) {
                ggtt[i] = ((long) (GFX_FIRST + i) << 12) | 1;
            }
            int[] elsp = {0, 0, 0x4019, 0x0010_0000};
            return new VgpuState(0x1912, 0, 1 << 20, 1L << 30, 3 << 20, ggtt, new byte[] {1, 2, 3, 4})
                    .withSubmissions(List.of(new VgpuState.PageTableRoot(4, new long[] {0x7000, 0, 0, 0})),
                            List.of(new VgpuState.PendingWork(Engine.RENDER, 0x0010_4019L, elsp)),
                            List.of(new VgpuState.ExeclistPort(Engine.RENDER, 0, elsp),
                                    new VgpuState.ExeclistPort(Engine.BLITTER, 1, new int[] {1, 2, 3, 4})))
                    .withVendorBlobs(List.of(new VgpuState.VendorBlob("guc-state", new byte[] {9, 8, 7}),
                            new VgpuState.VendorBlob("empty", new byte[0])));
        }

        @Override
        public void fetchAndClearDirtyLog(long[] bitmap) {
            for (int w = 0; w < bitmap.length; w++) {
                bitmap[w] |= log.getAndSet(w, 0);
            }
        }

        @Override
        public synchronized void pause() {
            paused = true;
            while (writing) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public synchronized void resume() {
            paused = false;
            notifyAll();
        }

        @Override
        public void stateChanged(DeviceMigrationState state) {
            states.add(state);
        }

        @Override
        public void close() throws InterruptedException {
            synchronized (this) {
                stop = true;
                notifyAll();
            }
            writer.join();
        }
    }

    private static final class Sink implements MigrationSink {
        final ByteBuffer memory;
        final List<DeviceMigrationState> states = new ArrayList<>();
        volatile VgpuState loaded;

        Sink(int pages, byte fill) {
            memory = ByteBuffer.allocateDirect(pages * 4096);
            for (int i = 0; i < memory.capacity(); i++) {
                memory.put(i, fill);
            }
        }

        @Override
        public ByteBuffer[] memory() {
            return new ByteBuffer[] {memory};
        }

        @Override
        public void load(VgpuState state) {
            loaded = state;
        }

        @Override
        public void stateChanged(DeviceMigrationState state) {
            states.add(state);
        }
    }
}
