package io.genscope.api;

import io.genscope.migration.Migrator;
import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.transport.Bandwidth;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.state.DeviceState;
import io.genscope.migration.state.ExeclistPort;
import io.genscope.migration.state.PendingWorkload;
import io.genscope.migration.state.PpgttRoot;
import io.genscope.migration.state.VendorBlob;
import io.genscope.migration.state.GraphicsWindows;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.transport.ReceiverServer;
import io.genscope.migration.workload.ExternalWorkload;
import io.genscope.migration.workload.GuestControl;
import io.genscope.migration.workload.GuestHandover;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.WorkloadSpec;
import io.genscope.migration.workload.Workload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One live migration of a running vGPU, described before it runs: the source, the policy (when to
 * send what), the link rate and whether to verify. {@link #to} runs it. Instances are immutable: the
 * {@code policy}, {@code bandwidth}, ... methods return changed copies.
 *
 * <pre>{@code
 * MigrationResult r = LiveMigration.of(LiveMigration.Source.synthetic("memory=64M,graphics=16M"))
 *         .policy(LiveMigration.Policy.GMIG)
 *         .bandwidth("10Gbit")
 *         .verify(true)
 *         .to(LiveMigration.Target.file(Path.of("run.gsmig")));
 * LiveMigration.RecordingCheck check = LiveMigration.checkRecording(Path.of("run.gsmig"));
 * }</pre>
 */
public final class LiveMigration {
    private final Source source;
    private final Policy policy;
    private final String bandwidth;
    private final boolean verify;
    private final long warmupMs;
    private final Compression compression;

    private LiveMigration(Source source, Policy policy, String bandwidth, boolean verify, long warmupMs,
            Compression compression) {
        this.source = source;
        this.policy = policy;
        this.bandwidth = bandwidth;
        this.verify = verify;
        this.warmupMs = warmupMs;
        this.compression = compression;
    }

    /**
     * A migration of {@code source} with the defaults: gMig's policy, an unlimited link, no
     * verification, 200 ms of workload before the migration starts.
     *
     * @param source what to migrate
     * @return the migration, not yet run
     */
    public static LiveMigration of(Source source) {
        return new LiveMigration(Objects.requireNonNull(source, "source"), Policy.GMIG, "unlimited", false, 200,
                Compression.NONE);
    }

    /**
     * The same migration with another policy.
     *
     * @param p when to send what
     * @return a changed copy
     */
    public LiveMigration policy(Policy p) {
        return new LiveMigration(source, Objects.requireNonNull(p, "policy"), bandwidth, verify, warmupMs, compression);
    }

    /**
     * The same migration over an emulated link of this rate.
     *
     * @param rate {@code 10Gbit}, {@code 1Gbit}, {@code 500MB} (bytes per second), or {@code unlimited}
     * @return a changed copy
     * @throws IllegalArgumentException when the rate cannot be read
     */
    public LiveMigration bandwidth(String rate) {
        Bandwidth.parse(rate);
        return new LiveMigration(source, policy, rate, verify, warmupMs, compression);
    }

    /**
     * The same migration, verified or not: after the move a digest of every page and of the device
     * state at the source's stop is compared with the destination's.
     *
     * @param v whether to verify
     * @return a changed copy
     */
    public LiveMigration verify(boolean v) {
        return new LiveMigration(source, policy, bandwidth, v, warmupMs, compression);
    }

    /**
     * The same migration after letting the workload run this long first.
     *
     * @param ms milliseconds, at least 0
     * @return a changed copy
     */
    public LiveMigration warmup(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("warm-up must not be negative");
        }
        return new LiveMigration(source, policy, bandwidth, verify, ms, compression);
    }

    /**
     * The same migration with page compression: pages are copied, compressed and sent by stages on
     * separate threads.
     *
     * <pre>{@code
     * migration.compress(LiveMigration.Compression.LZ4).bandwidth("1Gbit").to(target);
     * }</pre>
     *
     * @param c none, LZ4, or a delta against the last sent copy of the page (else LZ4)
     * @return a changed copy
     */
    public LiveMigration compress(Compression c) {
        return new LiveMigration(source, policy, bandwidth, verify, warmupMs, Objects.requireNonNull(c, "compression"));
    }

    /**
     * Builds the source's vGPU, starts its workload, migrates it to {@code target} and releases it.
     * Takes about as long as the copy plus the warm-up.
     *
     * @param target where the stream goes
     * @return what happened; a failed migration is a result with {@link MigrationResult#succeeded()} false
     * @throws IOException when the target cannot be opened (nothing was migrated)
     * @throws InterruptedException when interrupted during the warm-up
     */
    public MigrationResult to(Target target) throws IOException, InterruptedException {
        Objects.requireNonNull(target, "target");
        MigrationOptions options = MigrationOptions.defaults(policy.internal()).withBandwidth(Bandwidth.parse(bandwidth))
                .withVerify(verify);
        if (source instanceof Source.Guest g) {
            return migrateGuest(g.guest(), null, options, target);
        }
        // genscope's own workloads take the hypervisor's path too: they are guests like any other
        WorkloadSpec spec = source instanceof Source.Synthetic s ? new WorkloadSpec.Synthetic(synthetic(s.workload()))
                : WorkloadSpec.parse("capture:" + ((Source.Capture) source).workload());
        Workload w = spec.create();
        try {
            WorkloadGuest guest = new WorkloadGuest(w, vgpu -> external(vgpu.deviceSnapshot()));
            w.start();
            Thread.sleep(warmupMs);
            return migrateGuest(guest, spec.describe(), options, target);
        } finally {
            w.close();
            w.vgpu().close();
        }
    }

    /** A hypervisor's guest, moved in place: memory read where it is, the guest's own controls. */
    private MigrationResult migrateGuest(MigratableGuest guest, String name, MigrationOptions options, Target target)
            throws IOException {
        VgpuState at = guest.deviceState();
        PageStore memory = PageStore.over(guest.memory());
        Vgpu vgpu = new Vgpu(memory, internal(at));
        GuestControl control = new GuestControl() {
            @Override
            public void pause() {
                guest.pause();
                // the state that travels is the one the stopped guest holds
                vgpu.setDevice(internal(guest.deviceState()));
            }

            @Override
            public void resume() {
                guest.resume();
            }

            @Override
            public boolean canPauseGpu() {
                return guest.canPauseVgpu();
            }

            @Override
            public void pauseGpu() {
                guest.pauseVgpu();
            }

            @Override
            public void resumeGpu() {
                guest.resumeVgpu();
            }
        };
        MigrationHooks states = new MigrationHooks() {
            @Override
            public void stopped() {
                guest.stateChanged(DeviceMigrationState.STOP_COPY);
            }
        };
        Workload w = new ExternalWorkload(vgpu, guest::fetchAndClearDirtyLog, control);
        guest.stateChanged(DeviceMigrationState.PRE_COPY);
        MigrationReport r;
        try {
            r = Migrator.migrate(w, name != null ? name : "guest: " + at, options, target.internal(), states, Destination.Options.DEFAULT,
                    CompressionOptions.of(compression.internal()));
        } catch (IOException | RuntimeException e) {
            guest.stateChanged(DeviceMigrationState.RUNNING);
            throw e;
        } finally {
            vgpu.close();
        }
        guest.stateChanged(r.completed() ? DeviceMigrationState.STOP : DeviceMigrationState.RUNNING);
        return MigrationResult.of(r);
    }

    private static DeviceState internal(VgpuState s) {
        List<PpgttRoot> roots = s.pageTableRoots().stream().map(r -> new PpgttRoot(r.levels(), r.roots())).toList();
        List<PendingWorkload> work = s.pendingWork().stream()
                .map(w -> new PendingWorkload(internal(w.engine()), w.contextDescriptor(), w.elsp())).toList();
        List<ExeclistPort> ports = s.execlistPorts().stream()
                .map(p -> new ExeclistPort(internal(p.engine()), p.dwords(), p.index())).toList();
        List<VendorBlob> blobs = s.vendorBlobs().stream().map(b -> new VendorBlob(b.name(), b.bytes())).toList();
        return DeviceState.forGuest(1, s.pciDeviceId(), new GraphicsWindows(s.apertureBase(), s.apertureSize(),
                s.hiddenBase(), s.hiddenSize()), s.ggtt(), s.registers(), roots, work, ports, blobs);
    }

    private static io.genscope.spec.Engine internal(Engine e) {
        return io.genscope.spec.Engine.valueOf(e.name());
    }

    private static VgpuState external(DeviceState d) {
        GraphicsWindows w = d.windows();
        return new VgpuState(d.config().deviceId(), w.apertureBase(), w.apertureSize(), w.hiddenBase(), w.hiddenSize(),
                d.ggtt(), d.mmio().image(),
                d.ppgttRoots().stream().map(r -> new VgpuState.PageTableRoot(r.level(), r.pdps())).toList(),
                d.workloads().stream().map(x -> new VgpuState.PendingWork(Engine.of(x.engine()), x.descriptor(), x.elsp()))
                        .toList(),
                d.execlists().stream().map(x -> new VgpuState.ExeclistPort(Engine.of(x.engine()), x.index(), x.dwords()))
                        .toList(),
                d.vendorBlobs().stream().map(b -> new VgpuState.VendorBlob(b.name(), b.bytes())).toList());
    }

    /**
     * Listens on the loopback address for one migration into {@code sink} and returns at once; the
     * stream is received, checked and handed to the sink on a thread of its own. A source connects
     * with {@link Target#tcp}.
     *
     * @param port the port, or 0 for any free one ({@link Incoming#port()} tells which)
     * @param sink where the guest goes
     * @return the listener; close it to stop listening
     * @throws IOException when the port cannot be bound
     */
    public static Incoming listen(int port, MigrationSink sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Destination.Options options = new Destination.Options(Receiver.Options.DEFAULT, c -> {
        }, committed -> {
            sink.stateChanged(DeviceMigrationState.RESUMING);
            PageStore target = PageStore.over(sink.memory());
            String why = GuestHandover.refusal(committed.vgpu(), target);
            if (why != null) {
                sink.stateChanged(DeviceMigrationState.STOP);
                return why;
            }
            GuestHandover.copy(committed.vgpu(), target);
            try {
                sink.load(external(committed.vgpu().device()));
            } catch (RuntimeException e) {
                sink.stateChanged(DeviceMigrationState.ERROR);
                return "the destination could not load the device state: " + e.getMessage();
            }
            sink.stateChanged(DeviceMigrationState.RUNNING);
            return null;
        });
        ReceiverServer server = new ReceiverServer("127.0.0.1", port, options, 60_000);
        CompletableFuture<Arrival> arrival = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                server.serve(1, r -> arrival.complete(arrival(r)));
                arrival.complete(new Arrival(false, 0, "the listener closed before a migration arrived", ""));
            } catch (IOException | RuntimeException e) {
                arrival.complete(new Arrival(false, 0, "the listener failed: " + e.getMessage(), ""));
            }
        }, "genscope-listen-" + server.port());
        t.setDaemon(true);
        t.start();
        return new Incoming(server, t, arrival);
    }

    private static Arrival arrival(Destination.Result r) {
        Receiver.Stats st = r.outcome().stats();
        String refusal = r.outcome() instanceof Receiver.Rejected rej ? rej.rejection().toString() : "";
        return new Arrival(r.committed(), st.pages(), refusal, r.digest() == null ? "" : r.digest().toString());
    }

    /**
     * A destination waiting for one migration ({@link #listen}).
     *
     * <pre>{@code
     * try (LiveMigration.Incoming in = LiveMigration.listen(0, sink)) {
     *     startSourceMigration(in.port());
     *     System.out.println(in.await(60_000));
     * }
     * }</pre>
     */
    public static final class Incoming implements AutoCloseable {
        private final ReceiverServer server;
        private final Thread thread;
        private final CompletableFuture<Arrival> arrival;

        private Incoming(ReceiverServer server, Thread thread, CompletableFuture<Arrival> arrival) {
            this.server = server;
            this.thread = thread;
            this.arrival = arrival;
        }

        /**
         * The port it listens on.
         *
         * @return the bound port
         */
        public int port() {
            return server.port();
        }

        /**
         * Waits for the migration to arrive and be committed or refused.
         *
         * @param timeoutMs how long to wait at most
         * @return what arrived
         * @throws InterruptedException when interrupted while waiting
         * @throws TimeoutException when nothing was decided in time
         */
        public Arrival await(long timeoutMs) throws InterruptedException, TimeoutException {
            try {
                return arrival.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        /**
         * Stops listening (a migration under way is cut off and refused) and waits for the
         * listener's thread.
         *
         * @throws IOException when the socket cannot be closed
         */
        @Override
        public void close() throws IOException {
            server.close();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What a destination made of one incoming migration.
     *
     * <pre>{@code
     * if (!arrival.committed()) System.err.println("refused: " + arrival.refusal());
     * }</pre>
     *
     * @param committed whether the guest was written into the sink and its state loaded
     * @param pages page records received
     * @param refusal why the stream was refused, or empty
     * @param digest the destination's digest when the source asked for verification, or empty
     */
    public record Arrival(boolean committed, long pages, String refusal, String digest) {
    }

    /**
     * Restores a recorded migration ({@link Target.File}) the way a destination would, and says
     * whether the whole stream is there and sound. Nothing is kept.
     *
     * @param recording the file a migration was recorded into
     * @return the outcome; a damaged or cut-off file gives {@code committed == false} with the reason
     * @throws IOException when the file cannot be opened
     */
    public static RecordingCheck checkRecording(Path recording) throws IOException {
        try (FileChannel in = FileChannel.open(recording, StandardOpenOption.READ)) {
            Destination.Result r = Destination.serve(in, reply -> {
            }, Destination.Options.DEFAULT);
            Receiver.Stats st = r.outcome().stats();
            String refusal = r.outcome() instanceof Receiver.Rejected rej ? rej.rejection().toString() : "";
            return new RecordingCheck(r.committed(), st.records(), st.pages(), st.rounds(),
                    r.digest() == null ? "" : r.digest().toString(), refusal);
        }
    }

    /** The synthetic workload a source describes; sizes not given scale with the ones given. */
    private static SyntheticSpec synthetic(String workload) {
        String w = workload.trim();
        return SyntheticSpec.parse(w.isEmpty() ? "synthetic" : "synthetic:" + w);
    }

    /**
     * What to migrate: a closed set, so that sources added later are seen by every switch.
     *
     * <pre>{@code
     * LiveMigration.Source s = LiveMigration.Source.synthetic("memory=256M,graphics=64M,seed=7");
     * }</pre>
     */
    public sealed interface Source permits Source.Synthetic, Source.Capture, Source.Guest {
        /**
         * A hypervisor's running guest: its memory, dirty log, pause controls and device state
         * (see {@link MigratableGuest}).
         *
         * @param guest the guest
         * @return the source
         */
        static Source guest(MigratableGuest guest) {
            return new Guest(Objects.requireNonNull(guest, "guest"));
        }

        /**
         * A hypervisor's guest (see {@link Source#guest}).
         *
         * <pre>{@code
         * if (source instanceof LiveMigration.Source.Guest g) g.guest().pause();
         * }</pre>
         *
         * @param guest the guest
         */
        record Guest(MigratableGuest guest) implements Source {
        }

        /**
         * A synthetic vGPU: guest memory with graphics pages mapped through a GGTT, rings, context
         * images and batches, written by emulated CPU and GPU threads while it migrates.
         *
         * @param workload comma-separated {@code KEY=VALUE}: memory, graphics, gpu-hot, gpu-hot-share,
         *     gpu-rate, cpu-rate, cpu-hot, cpu-hot-share, cpu-graphics-share, fill, zero-share, seed
         *     (empty for the defaults: 1 GiB memory, 512 MiB graphics); the hot sets not given are
         *     an eighth of their memory, at most 64 MiB
         * @return the source
         * @throws IllegalArgumentException when a key or value is wrong
         */
        static Source synthetic(String workload) {
            LiveMigration.synthetic(workload);
            return new Synthetic(workload);
        }

        /**
         * A synthetic vGPU (see {@link Source#synthetic}).
         *
         * <pre>{@code
         * if (source instanceof LiveMigration.Source.Synthetic s) System.out.println(s.workload());
         * }</pre>
         *
         * @param workload the workload's keys and values
         */
        record Synthetic(String workload) implements Source {
        }

        /**
         * A vGPU running a real capture: the capture's pages placed in graphics memory, its CPU
         * writes and the GPU writes its commands imply replayed while it migrates.
         *
         * @param workload {@code FILE[,loop][,speed=N][,memory=SIZE][,graphics=SIZE]}
         * @return the source
         * @throws IllegalArgumentException when a key or value is wrong
         */
        static Source capture(String workload) {
            WorkloadSpec.parse("capture:" + Objects.requireNonNull(workload, "workload"));
            return new Capture(workload);
        }

        /**
         * A capture-driven vGPU (see {@link Source#capture}).
         *
         * <pre>{@code
         * LiveMigration.Source s = LiveMigration.Source.capture("fixtures/captures/iris-tgl.aub.xz,loop");
         * }</pre>
         *
         * @param workload the capture file and its keys and values
         */
        record Capture(String workload) implements Source {
        }
    }

    /**
     * Where the migration stream goes.
     *
     * <pre>{@code
     * LiveMigration.Target t = LiveMigration.Target.tcp("dest-host", 4444);   // genscope receive --listen 4444
     * }</pre>
     */
    public sealed interface Target permits Target.File, Target.Tcp {
        /**
         * A recording: the stream is written to a file and restored in-process as it is written (the
         * in-process destination verifies and acknowledges it).
         *
         * @param path the file
         * @return the target
         */
        static Target file(Path path) {
            return new File(path);
        }

        /**
         * A destination listening on TCP ({@code genscope receive --listen PORT}).
         *
         * @param host the host name or address
         * @param port the port
         * @return the target
         */
        static Target tcp(String host, int port) {
            return new Tcp(host, port);
        }

        /**
         * A recording file.
         *
         * <pre>{@code
         * LiveMigration.Target t = new LiveMigration.Target.File(Path.of("run.gsmig"));
         * }</pre>
         *
         * @param path the file
         */
        record File(Path path) implements Target {
        }

        /**
         * A TCP destination.
         *
         * <pre>{@code
         * LiveMigration.Target t = new LiveMigration.Target.Tcp("10.0.0.2", 4444);
         * }</pre>
         *
         * @param host the host
         * @param port the port, 1..65535
         */
        record Tcp(String host, int port) implements Target {
            /**
             * Checks the port.
             *
             * @param host the host
             * @param port the port
             */
            public Tcp {
                Objects.requireNonNull(host, "host");
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("port " + port + " is not 1..65535");
                }
            }
        }

        private io.genscope.migration.transport.Target internal() {
            if (this instanceof File f) {
                return new io.genscope.migration.transport.Target.File(f.path());
            }
            Tcp t = (Tcp) this;
            return new io.genscope.migration.transport.Target.Tcp(t.host(), t.port());
        }
    }

    /**
     * When to send what.
     *
     * <pre>{@code
     * for (LiveMigration.Policy p : LiveMigration.Policy.values()) results.add(migration.policy(p).to(target));
     * }</pre>
     */
    public enum Policy {
        /** Stop the vGPU at once and send everything. */
        STOP_COPY,
        /**
         * QEMU-style iterative pre-copy of CPU-dirty pages; at the stop every graphics page is sent
         * again, since GPU writes never reach the dirty log.
         */
        PRECOPY,
        /**
         * gMig: pre-copy, one late round that copies and hashes every graphics page, then at the stop
         * only the graphics pages whose hash changed.
         */
        GMIG,
        /**
         * gMig plus a hot set learned by hashing graphics memory during pre-copy: hot pages skip the
         * one-shot round and go first at the stop; CPU-dirty graphics pages are checked by hash.
         */
        GENSCOPE;

        io.genscope.migration.policy.Policy internal() {
            return io.genscope.migration.policy.Policy.parse(name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

    /**
     * How pages travel.
     *
     * <pre>{@code
     * LiveMigration.of(source).compress(LiveMigration.Compression.DELTA);
     * }</pre>
     */
    public enum Compression {
        /** Raw pages (zero pages as zero records). */
        NONE,
        /** Each page compressed with LZ4 when that makes it smaller. */
        LZ4,
        /** A word delta against the last sent copy of the page when it pays, else LZ4, else raw. */
        DELTA;

        io.genscope.migration.compress.Compression internal() {
            return io.genscope.migration.compress.Compression.parse(name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * What restoring a recording found.
     *
     * <pre>{@code
     * LiveMigration.RecordingCheck c = LiveMigration.checkRecording(Path.of("run.gsmig"));
     * if (!c.committed()) System.err.println(c.refusal());
     * }</pre>
     *
     * @param committed whether the whole stream restored and would be committed
     * @param records stream records read
     * @param pages page records read
     * @param rounds rounds read
     * @param digest the restored vGPU's digest, or empty
     * @param refusal why it was refused, naming the record, or empty
     */
    public record RecordingCheck(boolean committed, long records, long pages, int rounds, String digest, String refusal) {
    }
}
