package io.genscope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The xe VF side of the device interface: a 64 MiB synthetic VF and a VF of the test's own making
 * (VRAM in a buffer the test owns, written by a test thread without any log) migrated under each
 * policy into a destination the test holds, checked by digest and byte for byte.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VfMigrationTest {
    private static final int QUOTA = 64 << 20;

    @TempDir
    Path dir;

    private static long seed() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("VfMigrationTest seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        return seed;
    }

    @Test
    void aSyntheticVfMovesUnderEveryPolicy() throws Exception {
        long seed = seed();
        for (VfLiveMigration.Policy p : VfLiveMigration.Policy.values()) {
            try (VfWorkload vf = VfWorkload.create("xe-vf:quota=64M,hot=8M,rate=20000,seed=" + (seed & 0xffff))) {
                vf.start();
                Thread.sleep(100);
                Path file = dir.resolve(p.label() + ".xevf");
                VfLiveMigration.Result r = VfLiveMigration.of(vf).policy(p).bandwidth("10Gbit").verify(true).to(file);
                assertThat(r.policy()).isEqualTo(p.label());
                assertThat(r.quota()).isEqualTo(QUOTA);
                Sink sink = new Sink((byte) 0x5a);
                VfLiveMigration.Arrival a = VfLiveMigration.restore(file, sink);
                assertThat(a.committed()).as(a.refusal()).isTrue();
                assertThat(a.digest()).isEqualTo(r.digest()).isNotEmpty();
                assertThat(VfLiveMigration.check(file, QUOTA).digest()).isEqualTo(r.digest());
                assertThat(sink.loaded).isEqualTo(vf.deviceState());
                assertThat(sink.vram.equals(vf.vram()[0].duplicate().clear())).isTrue();
                assertThat(sink.states).containsExactly(DeviceMigrationState.RESUMING, DeviceMigrationState.RUNNING);
                if (p == VfLiveMigration.Policy.STOP_COPY) {
                    assertThat(r.bytesDowntime()).isGreaterThan(QUOTA);
                } else {
                    assertThat(r.bytesSent()).isGreaterThan(QUOTA);
                }
            }
        }
    }

    @Test
    void aVfReplayingTheLunarLakeCaptureIsAVfLikeAnyOther() throws Exception {
        String fixtures = System.getProperty("genscope.fixtures", "../fixtures");
        try (VfWorkload vf = VfWorkload.create("xe-vf:quota=64M,rate=0,capture=" + fixtures
                + "/captures/neo2-lnl.aub.xz,speed=20")) {
            vf.start();
            while (vf.writes() == 0) {
                Thread.sleep(1); // the replay has begun, however late a loaded machine schedules it
            }
            Path file = dir.resolve("lnl.xevf");
            VfLiveMigration.Result r = VfLiveMigration.of(vf).policy(VfLiveMigration.Policy.GENSCOPE).verify(true)
                    .to(file);
            Sink sink = new Sink((byte) 0);
            VfLiveMigration.Arrival a = VfLiveMigration.restore(file, sink);
            assertThat(a.committed()).as(a.refusal()).isTrue();
            assertThat(a.digest()).isEqualTo(r.digest());
            assertThat(vf.writes()).isPositive();
            assertThat(vf.describe()).contains("neo2-lnl.aub.xz");
        }
        assertThatThrownBy(() -> VfWorkload.create("xe-vf:speed=2")).hasMessageContaining("speed=2");
        assertThatThrownBy(() -> VfWorkload.create("xe-vf:quota=3G,bogus=1")).hasMessageContaining("bogus");
    }

    @Test
    void aVfTheTestOwnsMovesWhileItsThreadWritesVramUnlogged() throws Exception {
        long seed = seed();
        for (VfLiveMigration.Policy p : VfLiveMigration.Policy.values()) {
            for (boolean hold : new boolean[] {false, true}) {
                try (TestVf vf = new TestVf(seed, hold)) {
                    Path file = dir.resolve(p.label() + "-" + hold + ".xevf");
                    VfLiveMigration.Result r = VfLiveMigration.of(vf).policy(p).verify(true).to(file);
                    Sink sink = new Sink((byte) 0x33);
                    VfLiveMigration.Arrival a = VfLiveMigration.restore(file, sink);
                    assertThat(a.committed()).as(a.refusal()).isTrue();
                    assertThat(a.digest()).isEqualTo(r.digest());
                    assertThat(sink.vram.equals(vf.vram.duplicate().clear())).as(p + " hold " + hold).isTrue();
                    assertThat(sink.loaded).isEqualTo(vf.deviceState());
                    assertThat(vf.states).containsExactly(DeviceMigrationState.PRE_COPY, DeviceMigrationState.STOP_COPY,
                            DeviceMigrationState.STOP);
                    assertThat(vf.writes).isPositive();
                }
            }
        }
    }

    @Test
    void aCutOrPartialStreamIsRefusedAndTheSinkKeepsItsBytes() throws Exception {
        long seed = seed();
        Path file = dir.resolve("whole.xevf");
        try (TestVf vf = new TestVf(seed, false)) {
            VfLiveMigration.of(vf).policy(VfLiveMigration.Policy.STOP_COPY).to(file);
        }
        long size = Files.size(file);
        long cut = 24 + new SplittableRandom(seed).nextLong(size - 24);
        Path cutFile = dir.resolve("cut.xevf");
        try (FileChannel in = FileChannel.open(file); FileChannel out = FileChannel.open(cutFile,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            in.transferTo(0, cut, out);
        }
        Sink sink = new Sink((byte) 0x77);
        VfLiveMigration.Arrival a = VfLiveMigration.restore(cutFile, sink);
        assertThat(a.committed()).isFalse();
        assertThat(a.refusal()).contains("byte offset");
        assertThat(VfLiveMigration.check(cutFile, QUOTA).refusal()).isEqualTo(a.refusal());
        assertThat(sink.loaded).isNull();
        assertThat(sink.untouched((byte) 0x77)).isTrue();
        assertThat(sink.states).containsExactly(DeviceMigrationState.RESUMING, DeviceMigrationState.STOP);
        // a sink smaller than the source's quota: VRAM packets outside it refuse the stream
        Sink small = new Sink((byte) 0x11, QUOTA / 2);
        VfLiveMigration.Arrival b = VfLiveMigration.restore(file, small);
        assertThat(b.committed()).isFalse();
        assertThat(b.refusal()).contains("quota");
        assertThat(small.untouched((byte) 0x11)).isTrue();
    }

    @Test
    void overTcpTheDestinationRestoresFromTheAcceptedSocket() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                TestVf vf = new TestVf(seed(), true)) {
            Sink sink = new Sink((byte) 0x42);
            CompletableFuture<VfLiveMigration.Arrival> arrival = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel in = server.accept()) {
                    return VfLiveMigration.restore(in, sink);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            VfLiveMigration.Result r;
            try (SocketChannel out = SocketChannel.open(server.getLocalAddress())) {
                r = VfLiveMigration.of(vf).policy(VfLiveMigration.Policy.GENSCOPE).bandwidth("25Gbit").verify(true)
                        .to(out);
            }
            VfLiveMigration.Arrival a = arrival.get(60, TimeUnit.SECONDS);
            assertThat(a.committed()).as(a.refusal()).isTrue();
            assertThat(a.digest()).isEqualTo(r.digest());
            assertThat(sink.vram.equals(vf.vram.duplicate().clear())).isTrue();
        }
    }

    @Test
    void opaquePacketsTravelUnchangedAndInOrderUnderEveryPolicy() throws Exception {
        long seed = seed();
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] mediaGuc = new byte[4 * (1 + rnd.nextInt(64))];
        byte[] mediaMmio = new byte[16];
        byte[] unknown = new byte[rnd.nextInt(300)];
        rnd.nextBytes(mediaGuc);
        rnd.nextBytes(mediaMmio);
        rnd.nextBytes(unknown);
        // a media GT's GuC state and registers, and a type genscope does not know
        List<VfPacket> opaque = List.of(new VfPacket(5, 0, 1, 0, mediaGuc), new VfPacket(4, 0, 1, 0, mediaMmio),
                new VfPacket(0x42, 0, 0, rnd.nextLong(), unknown));
        for (VfLiveMigration.Policy p : VfLiveMigration.Policy.values()) {
            try (TestVf vf = new TestVf(seed, true)) {
                vf.opaque = opaque;
                Path file = dir.resolve(p.label() + "-opaque.xevf");
                VfLiveMigration.Result r = VfLiveMigration.of(vf).policy(p).verify(true).to(file);
                Sink sink = new Sink((byte) 0x21);
                VfLiveMigration.Arrival a = VfLiveMigration.restore(file, sink);
                assertThat(a.committed()).as(a.refusal()).isTrue();
                assertThat(a.digest()).isEqualTo(r.digest());
                assertThat(sink.loaded.opaque()).as(p.label()).containsExactlyElementsOf(opaque);
                assertThat(sink.loaded).isEqualTo(vf.deviceState());
                assertThat(sink.loaded.mmio()).containsExactly(1, 2, 3, (int) seed);
            }
        }
        // the digest sees them: the same VF without them digests differently
        try (TestVf vf = new TestVf(seed, false)) {
            vf.pause();
            String with = VfLiveMigration.digest(vf.vram(), new VfDeviceState(1, 0, new long[1], new int[4], new byte[4],
                    opaque));
            assertThat(VfLiveMigration.digest(vf.vram(), new VfDeviceState(1, 0, new long[1], new int[4], new byte[4])))
                    .isNotEqualTo(with);
        }
        assertThatThrownBy(() -> new VfPacket(5, 0, 0, 0, new byte[4])).hasMessageContaining("not opaque");
        assertThatThrownBy(() -> new VfPacket(0, 0, 1, 0, new byte[4])).hasMessageContaining("type");
    }

    @Test
    void anExistingFileIsNeverReplaced() throws Exception {
        Path file = dir.resolve("there.xevf");
        Files.writeString(file, "mine");
        try (TestVf vf = new TestVf(1, false)) {
            assertThatThrownBy(() -> VfLiveMigration.of(vf).to(file)).isInstanceOf(FileAlreadyExistsException.class);
            assertThat(vf.states).isEmpty();
        }
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    /** A destination VF held by the test: VRAM filled with a marker byte, the state it was given. */
    private static final class Sink implements VfSink {
        final ByteBuffer vram;
        final List<DeviceMigrationState> states = new CopyOnWriteArrayList<>();
        VfDeviceState loaded;

        Sink(byte fill) {
            this(fill, QUOTA);
        }

        Sink(byte fill, int bytes) {
            vram = ByteBuffer.allocateDirect(bytes);
            while (vram.hasRemaining()) {
                vram.put(fill);
            }
            vram.clear();
        }

        boolean untouched(byte fill) {
            for (int i = 0; i < vram.capacity(); i++) {
                if (vram.get(i) != fill) {
                    return false;
                }
            }
            return true;
        }

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
    }

    /**
     * The "guest genscope does not own": VRAM in the test's buffer, a thread writing random quarter
     * pages (mostly into the first 4 MiB) with no log at all; pausing (or holding the GPU) takes the
     * writer's lock, so no write is in flight once it returns.
     */
    private static final class TestVf implements MigratableVf, AutoCloseable {
        final ByteBuffer vram = ByteBuffer.allocateDirect(QUOTA).order(ByteOrder.LITTLE_ENDIAN);
        final List<DeviceMigrationState> states = new CopyOnWriteArrayList<>();
        final boolean canHold;
        final Object lock = new Object();
        final Thread writer;
        volatile long writes;
        final CountDownLatch firstWrites = new CountDownLatch(1);
        boolean paused;
        boolean held;
        volatile boolean closed;
        final long seed;
        List<VfPacket> opaque = List.of();

        TestVf(long seed, boolean canHold) {
            this.seed = seed;
            this.canHold = canHold;
            SplittableRandom fill = new SplittableRandom(seed);
            for (int at = 0; at < QUOTA / 2; at += 8) {
                vram.putLong(at, fill.nextLong());
            }
            writer = new Thread(this::run, "test-vf-writer");
            writer.setDaemon(true);
            writer.start();
            // the VF is "running" once its first writes are in: a loaded machine may schedule the
            // writer late, and a migration that begins before them would see a VF that never wrote
            try {
                firstWrites.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            SplittableRandom rnd = new SplittableRandom(seed ^ 0x5deece66dL);
            byte[] fresh = new byte[1024];
            while (!closed) {
                synchronized (lock) {
                    while ((paused || held) && !closed) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    for (int i = 0; i < 64; i++) {
                        int page = rnd.nextInt(8) == 0 ? rnd.nextInt(QUOTA / 4096) : rnd.nextInt(1024);
                        rnd.nextBytes(fresh);
                        vram.put(page * 4096 + rnd.nextInt(4) * 1024, fresh);
                        writes++;
                    }
                }
                firstWrites.countDown();
                Thread.onSpinWait();
            }
        }

        @Override
        public ByteBuffer[] vram() {
            return new ByteBuffer[] {vram.duplicate()};
        }

        @Override
        public VfDeviceState deviceState() {
            long[] ggtt = new long[256];
            for (int i = 0; i < ggtt.length; i++) {
                ggtt[i] = (long) i << 12 | 0x3; // valid, local memory
            }
            return new VfDeviceState(0xe20b, 4, ggtt, new int[] {1, 2, 3, (int) seed}, new byte[64], opaque);
        }

        @Override
        public void pause() {
            stop(true, true);
        }

        @Override
        public void resume() {
            stop(true, false);
        }

        @Override
        public boolean canHoldGpu() {
            return canHold;
        }

        @Override
        public void holdGpu() {
            stop(false, true);
        }

        @Override
        public void releaseGpu() {
            stop(false, false);
        }

        /** Sets the pause ({@code whole}) or the GPU hold; once it returns no write is in flight. */
        private void stop(boolean whole, boolean on) {
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
        public void stateChanged(DeviceMigrationState state) {
            states.add(state);
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            synchronized (lock) {
                lock.notifyAll();
            }
            writer.join(5000);
        }
    }
}
