package io.genscope.cli;

import io.genscope.migration.Migrator;
import io.genscope.migration.compress.Compression;
import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.dirty.PageHash;
import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.InfoMigrate;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.report.ReportJson;
import io.genscope.migration.transport.Bandwidth;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.Workload;
import io.genscope.migration.workload.WorkloadSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genscope migrate}: live-migrate a running synthetic vGPU and report like QEMU's info migrate. */
@Command(name = "migrate", description = {
        "Live-migrate a vGPU while its workload runs, to a file (recorded, restored in-process as it is",
        "written) or to a TCP receiver (genscope receive --listen PORT). Several policies (comma-separated)",
        "run one after another, each on a fresh vGPU built from the same workload and seed."})
final class MigrateCommand implements Callable<Integer> {
    @Option(names = "--workload", paramLabel = "SPEC", defaultValue = "synthetic",
            description = "synthetic[:memory=1G,graphics=512M,gpu-hot=64M,gpu-hot-share=0.9,gpu-rate=20000,"
                    + "cpu-rate=5000,cpu-hot=64M,cpu-hot-share=0.9,cpu-graphics-share=0.05,fill=0.6,zero-share=0.1,seed=1,compressibility=1]"
                    + " or capture:FILE.aub[.xz][,speed=1,loop,memory=1G,graphics=512M,fill=0.6,zero-share=0.1,seed=1]"
                    + " (default: ${DEFAULT-VALUE})")
    String workload;

    @Option(names = "--policy", paramLabel = "P[,P...]", defaultValue = "gmig",
            description = "stop-copy, precopy, gmig or genscope; several separated by commas (default: ${DEFAULT-VALUE})")
    String policies;

    @Option(names = "--to", paramLabel = "TARGET", required = true, description = "file:PATH or tcp:HOST:PORT")
    String to;

    @Option(names = "--bandwidth", paramLabel = "RATE", defaultValue = "unlimited",
            description = "emulated link rate, e.g. 10Gbit, 1Gbit, 500MB (default: ${DEFAULT-VALUE})")
    String bandwidth;

    @Option(names = "--downtime-limit", paramLabel = "MS", defaultValue = "300",
            description = "downtime the pre-copy convergence rule aims at (default: ${DEFAULT-VALUE})")
    long downtimeLimit;

    @Option(names = "--max-rounds", paramLabel = "N", defaultValue = "30",
            description = "stop after this many pre-copy rounds even if not converged (default: ${DEFAULT-VALUE})")
    int maxRounds;

    @Option(names = "--verify", description = "compare a digest of every page and the device state at source stop"
            + " with the destination's after restore; a mismatch fails the command")
    boolean verify;

    @Option(names = "--hash", paramLabel = "H", defaultValue = "xxh64",
            description = "page hash for gmig: xxh64 or xxh3 (default: ${DEFAULT-VALUE})")
    String hash;

    @Option(names = "--sample", description = "gmig: sampling pre-filter before the full hash (gMig TPDS)")
    boolean sample;

    @Option(names = "--no-gpu-stop", description = "genscope: no GPU-stop round (the vGPU held alone while the vCPUs run"
            + " and its graphics pages checked); everything is checked after the vCPUs stop, as gmig does")
    boolean noGpuStop;

    @Option(names = "--hash-threads", paramLabel = "N", description = "threads re-hashing at the stop (default: cores)")
    Integer hashThreads;

    @Option(names = "--warmup", paramLabel = "MS", defaultValue = "1000",
            description = "let the workload run this long before migrating (default: ${DEFAULT-VALUE})")
    long warmup;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0",
            description = "after a failed attempt (link down, stream refused) try again up to N times; the source"
                    + " keeps running in between (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--compress", paramLabel = "C", defaultValue = "none",
            description = "page compression: none, lz4 or delta (XBZRLE-style delta against the last sent copy, else"
                    + " LZ4, else raw); lz4 and delta copy, encode and send on three threads (default: ${DEFAULT-VALUE})")
    String compress;

    @Option(names = "--delta-cache", paramLabel = "SIZE", defaultValue = "256M",
            description = "--compress delta: the source's cache of last sent page copies (default: ${DEFAULT-VALUE})")
    String deltaCache;

    @Option(names = "--compress-threads", paramLabel = "N",
            description = "--compress lz4|delta: threads making LZ4 blocks in parallel (default: cores)")
    Integer compressThreads;

    @Override
    public Integer call() throws Exception {
        WorkloadSpec spec = WorkloadSpec.parse(workload);
        Target target = Target.parse(to);
        Bandwidth bw = Bandwidth.parse(bandwidth);
        List<Policy> list = new ArrayList<>();
        for (String p : policies.split(",")) {
            list.add(Policy.parse(p));
        }
        MigrationOptions base = MigrationOptions.defaults(list.get(0)).withBandwidth(bw).withDowntimeLimit(downtimeLimit)
                .withMaxRounds(maxRounds).withVerify(verify).withHash(PageHash.parse(hash)).withSampling(sample).withGpuStop(!noGpuStop);
        if (hashThreads != null) {
            base = base.withHashThreads(hashThreads);
        }
        CompressionOptions compression = new CompressionOptions(Compression.parse(compress),
                io.genscope.migration.workload.SyntheticSpec.size(deltaCache, CompressionOptions.DEFAULT_DELTA_CACHE),
                compressThreads == null ? CompressionOptions.DEFAULT_THREADS : compressThreads);
        boolean terminal = System.console() != null;
        PrintStream out = System.out;
        List<MigrationReport> reports = new ArrayList<>();
        for (Policy p : list) {
            Target t = target;
            if (list.size() > 1 && target instanceof Target.File f) {
                t = new Target.File(suffixed(f.path(), p.cliName()));
            }
            if (terminal) {
                System.err.printf("genscope: building the vGPU (%s) ...%n", spec.describe());
            }
            try (Workload w = spec.create()) {
                w.start();
                Thread.sleep(Math.max(0, warmup));
                Progress progress = new Progress(terminal, out, p.cliName());
                MigrationReport r = Migrator.migrate(w, spec.describe(), base.withPolicy(p), t, progress,
                        Destination.Options.DEFAULT, compression, retries, why -> System.err.println("genscope: migrate ("
                                + p.cliName() + "): " + why + "; the source runs on, retrying"));
                progress.clear();
                w.close();
                w.vgpu().close();
                reports.add(r);
                if (!json) {
                    out.print(InfoMigrate.format(r));
                    out.println();
                }
            }
        }
        if (json) {
            out.println(reports.size() == 1 ? ReportJson.toJson(reports.get(0)) : withComparison(reports));
        } else if (reports.size() > 1) {
            out.print(comparisonText(reports));
        }
        out.flush();
        for (MigrationReport r : reports) {
            if (!r.succeeded()) {
                System.err.println("genscope: migrate (" + r.policy() + "): " + r.error());
            }
        }
        return reports.stream().allMatch(MigrationReport::succeeded) ? 0 : 1;
    }

    private static Path suffixed(Path p, String policy) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String n = dot > 0 ? name.substring(0, dot) + "-" + policy + name.substring(dot) : name + "-" + policy;
        return p.resolveSibling(n);
    }

    private static MigrationReport find(List<MigrationReport> rs, String policy) {
        return rs.stream().filter(r -> r.policy().equals(policy) && r.completed()).findFirst().orElse(null);
    }

    private static String withComparison(List<MigrationReport> reports) {
        StringBuilder sb = new StringBuilder("{\n\"runs\": ").append(ReportJson.toJson(reports));
        MigrationReport base = find(reports, "precopy");
        MigrationReport g = find(reports, "gmig");
        if (base != null && g != null) {
            sb.append(String.format(Locale.ROOT, ",%n\"comparison\": {\"baseline\": \"precopy\", \"policy\": \"gmig\", "
                    + "\"pages_sent_downtime_reduction_pct\": %.2f, \"bytes_sent_downtime_reduction_pct\": %.2f, "
                    + "\"downtime_reduction_pct\": %.2f, \"gmig_downtime_ms\": %.3f, \"precopy_downtime_ms\": %.3f}",
                    reduction(base.pagesSentDowntime(), g.pagesSentDowntime()),
                    reduction(base.bytesSentDowntime(), g.bytesSentDowntime()), reduction(base.downtimeMs(), g.downtimeMs()),
                    g.downtimeMs(), base.downtimeMs()));
        }
        MigrationReport gs = find(reports, "genscope");
        if (g != null && gs != null) {
            sb.append(String.format(Locale.ROOT, ",%n\"comparison_genscope\": {\"baseline\": \"gmig\", \"policy\": \"genscope\", "
                    + "\"downtime_reduction_pct\": %.2f, \"bytes_sent_reduction\": %d, \"genscope_downtime_ms\": %.3f, "
                    + "\"gmig_downtime_ms\": %.3f}", reduction(g.downtimeMs(), gs.downtimeMs()), g.bytesSent() - gs.bytesSent(),
                    gs.downtimeMs(), g.downtimeMs()));
        }
        return sb.append("\n}").toString();
    }

    private static String comparisonText(List<MigrationReport> reports) {
        StringBuilder sb = new StringBuilder("comparison:\n");
        sb.append(String.format(Locale.ROOT, "  %-10s %12s %14s %16s %12s %10s%n", "policy", "downtime ms", "pages downtime",
                "kbytes downtime", "total ms", "verified"));
        for (MigrationReport r : reports) {
            sb.append(String.format(Locale.ROOT, "  %-10s %12.1f %14d %16d %12.1f %10s%n", r.policy(), r.downtimeMs(),
                    r.pagesSentDowntime(), r.bytesSentDowntime() / 1024, r.totalMs(),
                    r.verified() == null ? "-" : r.verified() ? "yes" : "NO"));
        }
        MigrationReport base = find(reports, "precopy");
        MigrationReport g = find(reports, "gmig");
        if (base != null && g != null) {
            sb.append(String.format(Locale.ROOT, "  gmig sends %.1f%% fewer pages during downtime than precopy; downtime %.1f%% shorter%n",
                    reduction(base.pagesSentDowntime(), g.pagesSentDowntime()), reduction(base.downtimeMs(), g.downtimeMs())));
        }
        MigrationReport gs = find(reports, "genscope");
        if (g != null && gs != null) {
            sb.append(String.format(Locale.ROOT, "  genscope against gmig: downtime %.1f%% shorter, %d fewer bytes sent (%.2f%%)%n",
                    reduction(g.downtimeMs(), gs.downtimeMs()), g.bytesSent() - gs.bytesSent(),
                    reduction(g.bytesSent(), gs.bytesSent())));
        }
        return sb.toString();
    }

    private static double reduction(double base, double other) {
        return base == 0 ? 0 : 100.0 * (base - other) / base;
    }

    /** A one-line progress display on a terminal (nothing otherwise). */
    private static final class Progress implements MigrationHooks {
        private final boolean on;
        private final PrintStream out;
        private final String policy;
        private boolean shown;

        Progress(boolean on, PrintStream out, String policy) {
            this.on = on;
            this.out = out;
            this.policy = policy;
        }

        @Override
        public void progress(MigrationHooks.Progress p) {
            if (!on || p.elapsedMs() < 500) {
                return;
            }
            out.printf(Locale.ROOT, "\r%s: round %d (%s), %d pages, %.1f MB sent, %.1f s, %d dirty   ", policy, p.round(),
                    p.phase().label(), p.pagesSent(), p.bytesSent() / 1e6, p.elapsedMs() / 1000, p.pendingPages());
            out.flush();
            shown = true;
        }

        void clear() {
            if (shown) {
                out.print("\r" + " ".repeat(100) + "\r");
                out.flush();
            }
        }
    }
}
