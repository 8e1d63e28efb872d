package io.genscope.api;

import io.genscope.migration.Migrator;
import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.transport.Bandwidth;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticWorkload;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        Source.Synthetic s = (Source.Synthetic) source;
        SyntheticSpec spec = synthetic(s.workload());
        MigrationOptions options = MigrationOptions.defaults(policy.internal()).withBandwidth(Bandwidth.parse(bandwidth))
                .withVerify(verify);
        try (SyntheticWorkload w = SyntheticWorkload.create(spec)) {
            w.start();
            Thread.sleep(warmupMs);
            MigrationReport r = Migrator.migrate(w, spec.describe(), options, target.internal(), MigrationHooks.NONE,
                    Destination.Options.DEFAULT, CompressionOptions.of(compression.internal()));
            w.close();
            w.vgpu().close();
            return MigrationResult.of(r);
        }
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

    /** The synthetic workload a source describes; hot sets not given scale down with small memories. */
    private static SyntheticSpec synthetic(String workload) {
        String w = workload.trim();
        SyntheticSpec given = null;
        try {
            given = SyntheticSpec.parse(w.isEmpty() ? "synthetic" : "synthetic:" + w);
        } catch (IllegalArgumentException e) {
            // maybe only the default hot sets do not fit the sizes given: retried below
        }
        if (given != null) {
            return given;
        }
        java.util.Map<String, String> kv = new java.util.LinkedHashMap<>();
        for (String part : w.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                kv.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
            }
        }
        long memory = SyntheticSpec.size(kv.get("memory"), SyntheticSpec.DEFAULT.memoryBytes());
        long graphics = SyntheticSpec.size(kv.get("graphics"), SyntheticSpec.DEFAULT.graphicsBytes());
        StringBuilder sb = new StringBuilder("synthetic:").append(w);
        if (!kv.containsKey("gpu-hot")) {
            sb.append(",gpu-hot=").append(Math.min(SyntheticSpec.DEFAULT.gpuHotBytes(), graphics / 8 & ~4095L));
        }
        if (!kv.containsKey("cpu-hot")) {
            sb.append(",cpu-hot=").append(Math.min(SyntheticSpec.DEFAULT.cpuHotBytes(), memory / 8 & ~4095L));
        }
        return SyntheticSpec.parse(sb.toString());
    }

    /**
     * What to migrate: a closed set, so that sources added later are seen by every switch.
     *
     * <pre>{@code
     * LiveMigration.Source s = LiveMigration.Source.synthetic("memory=256M,graphics=64M,seed=7");
     * }</pre>
     */
    public sealed interface Source permits Source.Synthetic {
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
