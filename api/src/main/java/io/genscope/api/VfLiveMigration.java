package io.genscope.api;

import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.VgpuDigest;
import io.genscope.migration.transport.Bandwidth;
import io.genscope.migration.xe.precopy.RestoredVf;
import io.genscope.migration.xe.precopy.VfMigration;
import io.genscope.migration.xe.precopy.VfOptions;
import io.genscope.migration.xe.precopy.VfPolicy;
import io.genscope.migration.xe.precopy.VfRestore;
import io.genscope.migration.xe.precopy.VfResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One live migration of an xe SR-IOV VF ({@link MigratableVf}), described before it runs: the
 * policy, the emulated link rate, whether the VF's GPU may be held before the stop, whether to take a
 * digest at the stop. {@link #to} runs it and writes xe VF migration data (version 1 packets: a
 * descriptor, GGTT, MMIO, GuC, VRAM chunks, a trailer), which {@link #restore} loads into a
 * destination's {@link VfSink}. Instances are immutable: the {@code policy}, {@code bandwidth}, ...
 * methods return changed copies.
 *
 * <pre>{@code
 * VfLiveMigration.Result r = VfLiveMigration.of(sourceVf).policy(VfLiveMigration.Policy.GENSCOPE)
 *         .bandwidth("10Gbit").verify(true).to(Path.of("vf.xevf"));
 * VfLiveMigration.Arrival a = VfLiveMigration.restore(Path.of("vf.xevf"), destinationSink);
 * boolean same = a.committed() && a.digest().equals(r.digest());
 * }</pre>
 */
public final class VfLiveMigration {
    private final MigratableVf vf;
    private final Policy policy;
    private final String bandwidth;
    private final boolean holdGpu;
    private final int hashThreads;
    private final boolean verify;

    private VfLiveMigration(MigratableVf vf, Policy policy, String bandwidth, boolean holdGpu, int hashThreads,
            boolean verify) {
        this.vf = vf;
        this.policy = policy;
        this.bandwidth = bandwidth;
        this.holdGpu = holdGpu;
        this.hashThreads = hashThreads;
        this.verify = verify;
    }

    /**
     * A migration of {@code vf} with the defaults: gMig's policy, an unlimited link, the GPU held
     * before the stop when the VF can, two hashing threads, no digest.
     *
     * @param vf the running VF
     * @return the migration, not yet run
     */
    public static VfLiveMigration of(MigratableVf vf) {
        return new VfLiveMigration(Objects.requireNonNull(vf, "vf"), Policy.GMIG, "unlimited", true, 2, false);
    }

    /**
     * The same migration with another policy.
     *
     * @param p how VRAM travels
     * @return a changed copy
     */
    public VfLiveMigration policy(Policy p) {
        return new VfLiveMigration(vf, Objects.requireNonNull(p, "policy"), bandwidth, holdGpu, hashThreads, verify);
    }

    /**
     * The same migration over an emulated link of this rate.
     *
     * @param rate {@code 10Gbit}, {@code 1Gbit}, {@code 500MB} (bytes per second), or {@code unlimited}
     * @return a changed copy
     * @throws IllegalArgumentException when the rate cannot be read
     */
    public VfLiveMigration bandwidth(String rate) {
        Bandwidth.parse(rate);
        return new VfLiveMigration(vf, policy, rate, holdGpu, hashThreads, verify);
    }

    /**
     * The same migration with or without the GPU hold of the {@code GENSCOPE} policy (used only when
     * {@link MigratableVf#canHoldGpu()}).
     *
     * @param on whether the VF's VRAM writers may be held while its vCPUs run
     * @return a changed copy
     */
    public VfLiveMigration holdGpu(boolean on) {
        return new VfLiveMigration(vf, policy, bandwidth, on, hashThreads, verify);
    }

    /**
     * The same migration with this many threads hashing VRAM to find changed pages.
     *
     * @param n at least 1
     * @return a changed copy
     */
    public VfLiveMigration hashThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("hash threads " + n + ": at least 1");
        }
        return new VfLiveMigration(vf, policy, bandwidth, holdGpu, n, verify);
    }

    /**
     * The same migration with or without a digest of the VF at its stop ({@link Result#digest()}),
     * to compare with the destination's ({@link Arrival#digest()}); it reads all of VRAM once more
     * after the trailer, while the VF is stopped.
     *
     * @param v whether to take the digest
     * @return a changed copy
     */
    public VfLiveMigration verify(boolean v) {
        return new VfLiveMigration(vf, policy, bandwidth, holdGpu, hashThreads, v);
    }

    /**
     * Migrates the VF into a new file (an existing file is never replaced: the call fails instead).
     * A failed migration deletes the file it began.
     *
     * @param file where the xe VF migration data goes
     * @return what happened
     * @throws IOException when the file exists or cannot be written (the VF runs on)
     * @throws InterruptedException when interrupted (the VF runs on)
     */
    public Result to(Path file) throws IOException, InterruptedException {
        // opened before the try: a file that was there already is never deleted
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean done = false;
        try (ch) {
            Result r = to(ch);
            done = true;
            return r;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Migrates the VF onto {@code out} (a file, a socket, a pipe): the VF runs while VRAM is
     * pre-copied, then stops; on success it stays stopped ({@link DeviceMigrationState#STOP}), on
     * failure it runs again. The channel is not closed.
     *
     * @param out where the xe VF migration data goes
     * @return what happened
     * @throws IOException when writing fails (the VF runs on)
     * @throws InterruptedException when interrupted (the VF runs on)
     */
    public Result to(WritableByteChannel out) throws IOException, InterruptedException {
        Objects.requireNonNull(out, "out");
        VfSourceAdapter source = new VfSourceAdapter(vf);
        VfOptions options = new VfOptions(Bandwidth.parse(bandwidth).bytesPerSecond(), hashThreads, holdGpu,
                VfOptions.unlimited().maxHashRounds(), VfOptions.Hooks.NONE);
        vf.stateChanged(DeviceMigrationState.PRE_COPY);
        VfResult r;
        try {
            r = VfMigration.migrate(source, policy.internal(), options, out);
        } catch (IOException | InterruptedException | RuntimeException e) {
            vf.stateChanged(DeviceMigrationState.RUNNING);
            throw e;
        }
        String digest = verify ? digest(source.vram(), vf.deviceState()) : "";
        vf.stateChanged(DeviceMigrationState.STOP);
        return new Result(r.policy(), r.quota(), r.totalMs(), r.downtimeMs(), r.gpuStallMs(), r.bytesSent(),
                r.bytesDowntime(), r.pagesDowntime(), r.packets(), digest);
    }

    /**
     * Restores xe VF migration data into a destination VF, as a destination PF would: the whole stream
     * read and checked first; a stream with any problem (damaged, cut off, VRAM outside the sink's
     * quota, a descriptor, GGTT, MMIO or GuC packet missing) is refused with the packet and byte
     * offset named, and nothing reaches the sink. Otherwise all of VRAM is written into the sink and
     * the state loaded.
     *
     * @param stream the file a migration wrote
     * @param sink the destination VF
     * @return what the destination made of it
     * @throws IOException when the file cannot be read at all
     */
    public static Arrival restore(Path stream, VfSink sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        sink.stateChanged(DeviceMigrationState.RESUMING);
        try (PageStore target = PageStore.over(sink.vram());
                RestoredVf r = VfRestore.restore(stream, target.sizeBytes())) {
            Arrival a = arrive(r, state -> {
                copy(r.vram(), target);
                sink.load(state);
            });
            sink.stateChanged(a.committed() ? DeviceMigrationState.RUNNING : DeviceMigrationState.STOP);
            return a;
        }
    }

    /**
     * Restores xe VF migration data the way {@link #restore(Path, VfSink)} does, into VRAM of this
     * process that is dropped afterwards (never-written 4 MiB extents take no memory): whether a
     * destination would commit the stream, and the digest it would hold.
     *
     * <pre>{@code
     * VfLiveMigration.Arrival a = VfLiveMigration.check(Path.of("vf.xevf"), 4L << 30);
     * }</pre>
     *
     * @param stream the file a migration wrote
     * @param quota the destination VF's VRAM quota in bytes, a whole number of 4 KiB pages
     * @return what a destination would make of it
     * @throws IOException when the file cannot be read at all
     */
    public static Arrival check(Path stream, long quota) throws IOException {
        if (quota <= 0 || quota % 4096 != 0) {
            throw new IllegalArgumentException("VRAM quota " + quota + " is not a whole number of 4 KiB pages");
        }
        try (RestoredVf r = VfRestore.restore(stream, quota)) {
            return arrive(r, state -> {
            });
        }
    }

    /** Refuses {@code r} with the first reason found, else hands its state to {@code commit}. */
    private static Arrival arrive(RestoredVf r, Consumer<VfDeviceState> commit) {
        int packets = r.data().packets().size();
        String refusal = refusal(r);
        if (!refusal.isEmpty()) {
            return new Arrival(false, packets, refusal, "");
        }
        VfDeviceState state;
        try {
            state = VfSourceAdapter.external(r.state());
        } catch (IllegalArgumentException e) {
            return new Arrival(false, packets, "partial state: " + e.getMessage(), "");
        }
        try {
            commit.accept(state);
        } catch (RuntimeException e) {
            return new Arrival(false, packets, "the destination did not load the state: " + e.getMessage(), "");
        }
        return new Arrival(true, packets, "", digest(r.vram(), state));
    }

    /**
     * Restores xe VF migration data read from {@code in} (e.g. an accepted socket) to its end, as
     * {@link #restore(Path, VfSink)}: the stream is staged in a temporary file, deleted afterwards.
     *
     * @param in the stream; not closed
     * @param sink the destination VF
     * @return what the destination made of it
     * @throws IOException when reading or staging fails
     */
    public static Arrival restore(ReadableByteChannel in, VfSink sink) throws IOException {
        Path staged = Files.createTempFile("genscope-vf-", ".xevf");
        try {
            try (FileChannel ch = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.allocate(1 << 20);
                while (in.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    buf.clear();
                }
            }
            return restore(staged, sink);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * The digest migrations verify with: a 128-bit hash of all of VRAM and a SHA-256 prefix of the
     * state (its opaque packets included), as hex.
     *
     * @param vram the VRAM quota's buffers, as {@link MigratableVf#vram()}
     * @param state the state
     * @return {@code VRAMHEX/STATEHEX}
     */
    public static String digest(ByteBuffer[] vram, VfDeviceState state) {
        try (PageStore p = PageStore.over(vram)) {
            return digest(p, state);
        }
    }

    private static String digest(PageStore vram, VfDeviceState state) {
        long[] m = VgpuDigest.memory(vram);
        int opaque = 0;
        for (VfPacket p : state.opaque()) {
            opaque += 20 + p.payload().length;
        }
        ByteBuffer s = ByteBuffer.allocate(8 + 8 * state.ggtt().length + 4 * state.mmio().length + state.guc().length + 12
                + opaque).order(ByteOrder.LITTLE_ENDIAN);
        s.putInt(state.deviceId()).putInt(state.revision()).putInt(state.ggtt().length).putInt(state.mmio().length)
                .putInt(state.guc().length);
        for (long e : state.ggtt()) {
            s.putLong(e);
        }
        for (int v : state.mmio()) {
            s.putInt(v);
        }
        s.put(state.guc());
        // opaque packets only when there are some, so that a state without them keeps its digest
        for (VfPacket p : state.opaque()) {
            s.put((byte) p.type()).put((byte) p.tile()).put((byte) p.gt()).put((byte) 0).putLong(p.offset())
                    .putInt(p.payload().length).putInt(0).put(p.payload());
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.array());
            return String.format("%016x%016x/%s", m[0], m[1], HexFormat.of().formatHex(h, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first reason to refuse {@code r}, or empty. */
    private static String refusal(RestoredVf r) {
        if (!r.problems().isEmpty()) {
            return r.problems().get(0).toString() + (r.problems().size() > 1 ? " (and " + (r.problems().size() - 1)
                    + " more problems)" : "");
        }
        // the primary GT's (another GT's packets are opaque and do not stand in for them)
        String missing = r.data().descriptor().isEmpty() ? "descriptor"
                : r.state().ggtt().length == 0 ? "GGTT"
                : r.state().mmio().length == 0 ? "MMIO"
                : r.state().guc().length == 0 ? "GuC" : "";
        return missing.isEmpty() ? "" : "partial state: the stream (" + r.data().packets().size()
                + " packets) has no " + missing + " packet" + (missing.equals("descriptor") ? "" : " of tile 0, GT 0");
    }

    /** Writes every page of {@code from} into {@code to}, zeros where {@code from} never held data. */
    private static void copy(PageStore from, PageStore to) {
        for (int s = 0; s < to.slabCount(); s++) {
            int page = s << PageStore.SLAB_SHIFT;
            ByteBuffer dst = to.slab(page).duplicate().clear();
            ByteBuffer src = from.slabOrNull(page);
            if (src == null) {
                while (dst.remaining() >= 8) {
                    dst.putLong(0);
                }
                while (dst.hasRemaining()) {
                    dst.put((byte) 0);
                }
            } else {
                dst.put(src.duplicate().clear().limit(dst.capacity()));
            }
        }
    }

    /**
     * How a VF's VRAM travels.
     *
     * <pre>{@code
     * for (VfLiveMigration.Policy p : VfLiveMigration.Policy.values()) results.add(migration.policy(p).to(path(p)));
     * }</pre>
     */
    public enum Policy {
        /** xe's own: stop the VF, then send the state and all of VRAM. */
        STOP_COPY,
        /**
         * gMig's one-shot pre-copy: all of VRAM copied and hashed while the VF runs, then at the stop
         * only the pages whose hash changed.
         */
        GMIG,
        /**
         * genscope's: hash rounds while the VF runs learn a hot set, sent at the stop; with a GPU hold
         * the last check runs while the vCPUs still run.
         */
        GENSCOPE;

        /**
         * The policy called {@code name}.
         *
         * @param name {@code stop-copy}, {@code gmig} or {@code genscope} (any case)
         * @return the policy
         * @throws IllegalArgumentException naming the value when it is none of them
         */
        public static Policy parse(String name) {
            return valueOf(VfPolicy.parse(name).name().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /**
         * Its name in reports.
         *
         * @return {@code stop-copy}, {@code gmig} or {@code genscope}
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        VfPolicy internal() {
            return VfPolicy.parse(label());
        }
    }

    /**
     * What one VF migration did.
     *
     * <pre>{@code
     * System.out.printf("%s: %.1f ms down, %d bytes in downtime%n", r.policy(), r.downtimeMs(), r.bytesDowntime());
     * }</pre>
     *
     * @param policy {@code stop-copy}, {@code gmig} or {@code genscope}
     * @param quota the VRAM quota in bytes
     * @param totalMs start to trailer written
     * @param downtimeMs vCPUs stopped to trailer written
     * @param gpuStallMs VRAM writers held to trailer written (the downtime when they were not held earlier)
     * @param bytesSent every byte of the stream
     * @param bytesDowntime bytes written while the vCPUs were stopped
     * @param pagesDowntime VRAM pages written while the vCPUs were stopped
     * @param packets packets in the stream
     * @param digest the VF's digest at its stop ({@link #digest}), or empty without {@link #verify}
     */
    public record Result(String policy, long quota, double totalMs, double downtimeMs, double gpuStallMs, long bytesSent,
            long bytesDowntime, long pagesDowntime, int packets, String digest) {
    }

    /**
     * What a destination made of a VF's migration data.
     *
     * <pre>{@code
     * if (!arrival.committed()) System.err.println("refused: " + arrival.refusal());
     * }</pre>
     *
     * @param committed whether VRAM was written into the sink and its state loaded
     * @param packets packets read
     * @param refusal why the stream was refused (naming the packet and byte offset), or empty
     * @param digest the destination's digest ({@link #digest}) when committed, or empty
     */
    public record Arrival(boolean committed, int packets, String refusal, String digest) {
    }
}
