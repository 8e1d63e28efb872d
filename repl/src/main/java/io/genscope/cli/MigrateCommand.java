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
import io.genscope.migration.transport.TcpLink;
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
@Command(name = "migrate",
        header = "Live-migrate a vGPU while its workload runs, to a recorded file or a TCP receiver, and report like QEMU.",
        description = {"The target is a file (recorded, restored in-process as it is written) or a TCP receiver"
                + " (genscope receive --listen PORT). Several policies (comma-separated) run one after another, each"
                + " on a fresh vGPU built from the same workload and seed.",
                "A recording is written to a temporary file and renamed when the run ends; an existing one is replaced"
                        + " only with --force.",
                "With --workload xe-vf[:...] an xe SR-IOV VF migrates instead, through the library's VF interface:"
                        + " the policies stop-copy, gmig and genscope (all three unless --policy names some), the xe VF"
                        + " migration data written to --to file:PATH, or sent to tcp:HOST:PORT (genscope receive --vf;"
                        + " TLS or PSK as for a vGPU, the receiver checks the stream and the source's digest), over the"
                        + " --bandwidth link, downtime and bytes in downtime reported per policy; options that mean"
                        + " nothing for a VF are refused."})
final class MigrateCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--workload", paramLabel = "SPEC", defaultValue = "synthetic",
            description = "synthetic[:memory=1G,graphics=512M,gpu-hot=64M,gpu-hot-share=0.9,gpu-rate=20000,"
                    + "cpu-rate=5000,cpu-hot=64M,cpu-hot-share=0.9,cpu-graphics-share=0.05,fill=0.6,zero-share=0.1,seed=1,compressibility=1]"
                    + " or capture:FILE.aub[.xz][,speed=1,loop,memory=1G,graphics=512M,fill=0.6,zero-share=0.1,seed=1]"
                    + " or an xe SR-IOV VF: xe-vf[:quota=4G,fill=0.6,hot=256M,hot-share=0.9,rate=50000,ggtt=64M,guc=16K,"
                    + "device=0xe20b,gpu-hold=true,seed=1,capture=FILE.aub[.xz],speed=1] (policies stop-copy, gmig,"
                    + " genscope; xe VF migration data to --to file:PATH or tcp:HOST:PORT) (default: ${DEFAULT-VALUE})")
    String workload;

    @Option(names = "--policy", paramLabel = "P[,P...]", defaultValue = "gmig",
            description = "stop-copy, precopy, gmig or genscope; several separated by commas (default: ${DEFAULT-VALUE};"
                    + " for xe-vf: stop-copy,gmig,genscope)")
    String policies;

    @Option(names = "--to", paramLabel = "TARGET", required = true, description = "file:PATH or tcp:HOST:PORT")
    String to;

    @Option(names = {"-f", "--force"}, description = "Replace the --to file:PATH recording when it exists")
    boolean force;

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

    @Option(names = "--no-jit-warm-up", description = "do not run the stop's code (re-hash, device-state encode) ahead"
            + " of the stop so that the JVM has compiled it by then; without it the first migration in a process"
            + " spends part of its downtime in the interpreter")
    boolean noJitWarmUp;

    @Option(names = "--hash-threads", paramLabel = "N", description = "threads re-hashing at the stop (default: cores)")
    Integer hashThreads;

    @Option(names = "--warmup", paramLabel = "MS", defaultValue = "1000",
            description = "let the workload run this long before migrating (default: ${DEFAULT-VALUE})")
    long warmup;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0",
            description = "after a failed attempt (link down, stream refused) try again up to N times; the source"
                    + " keeps running in between (default: ${DEFAULT-VALUE})")
    int retries;

    @picocli.CommandLine.Mixin
    SecurityOptions security = new SecurityOptions();

    @Option(names = "--write-timeout", paramLabel = "MS", defaultValue = "10000",
            description = "A TCP write that makes no progress this long fails the attempt (the guest resumes at the source)"
                    + " (default: ${DEFAULT-VALUE})")
    long writeTimeout;

    @Option(names = "--connect-timeout", paramLabel = "MS", defaultValue = "10000",
            description = "Connecting and authenticating to the destination, in milliseconds (default: ${DEFAULT-VALUE})")
    int connectTimeout;

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
        if (workload.trim().startsWith("xe-vf")) {
            return migrateVf();
        }
        Values.positive("--downtime-limit", downtimeLimit);
        Values.positive("--max-rounds", maxRounds);
        Values.notNegative("--warmup", warmup);
        Values.notNegative("--retries", retries);
        if (hashThreads != null) {
            Values.positive("--hash-threads", hashThreads);
        }
        if (compressThreads != null) {
            Values.positive("--compress-threads", compressThreads);
        }
        Values.positive("--write-timeout", writeTimeout);
        Values.positive("--connect-timeout", connectTimeout);
        TcpLink.Options tcp = TcpLink.Options.DEFAULT.withSecurity(security.security()).withWriteStallMillis(writeTimeout)
                .withConnectMillis(connectTimeout);
        Bandwidth bw = bandwidth(bandwidth);
        WorkloadSpec spec = WorkloadSpec.parse(workload);
        Target target = Target.parse(to);
        List<Policy> list = new ArrayList<>();
        for (String p : policies.split(",")) {
            list.add(Policy.parse(p));
        }
        MigrationOptions base = MigrationOptions.defaults(list.get(0)).withBandwidth(bw).withDowntimeLimit(downtimeLimit)
                .withMaxRounds(maxRounds).withVerify(verify).withHash(PageHash.parse(hash)).withSampling(sample).withGpuStop(!noGpuStop)
                .withJitWarmUp(!noJitWarmUp);
        if (hashThreads != null) {
            base = base.withHashThreads(hashThreads);
        }
        CompressionOptions compression = new CompressionOptions(Compression.parse(compress),
                io.genscope.migration.workload.SyntheticSpec.size(deltaCache, CompressionOptions.DEFAULT_DELTA_CACHE),
                compressThreads == null ? CompressionOptions.DEFAULT_THREADS : compressThreads);
        boolean terminal = System.console() != null;
        PrintStream out = System.out;
        List<MigrationReport> reports = new ArrayList<>();
        List<Path> recordings = new ArrayList<>();
        for (Policy p : list) {
            if (target instanceof Target.File f) {
                recordings.add(CliFiles.output(list.size() > 1 ? suffixed(f.path(), p.cliName()) : f.path(), force));
            }
        }
        int run = 0;
        for (Policy p : list) {
            Target t = target;
            Path recording = target instanceof Target.File ? recordings.get(run) : null;
            Path partial = recording == null ? null : CliFiles.partial(recording);
            run++;
            if (partial != null) {
                t = new Target.File(partial);
            }
            if (terminal) {
                System.err.printf("genscope: building the vGPU (%s) ...%n", spec.describe());
            }
            try (Workload w = spec.create()) {
                w.start();
                Thread.sleep(Math.max(0, warmup));
                Progress progress = new Progress(terminal, out, p.cliName());
                Target link = t;
                String named = recording == null ? t.toString() : new Target.File(recording).toString();
                MigrationReport r = Migrator.migrate(w, spec.describe(), base.withPolicy(p), named,
                        attempt -> io.genscope.migration.transport.Link.open(link, Destination.Options.DEFAULT, tcp), progress,
                        compression, retries, why -> System.err.println("genscope: migrate ("
                                + p.cliName() + "): " + why + "; the source runs on, retrying"));
                progress.clear();
                w.close();
                w.vgpu().close();
                reports.add(r);
                if (partial != null && r.completed()) {
                    CliFiles.commit(partial, recording, force);
                }
                if (!json) {
                    out.print(InfoMigrate.format(r));
                    out.println();
                }
            } finally {
                if (partial != null) {
                    java.nio.file.Files.deleteIfExists(partial);
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

    /** An xe VF's migration ({@link MigrateVf}): the options that mean nothing for a VF are refused by name. */
    private int migrateVf() throws Exception {
        List<String> other = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(o -> o.longestName()).filter(n -> !MigrateVf.OPTIONS.contains(n)).distinct().toList();
        if (!other.isEmpty()) {
            throw new CliException(String.join(", ", other) + ": not for an xe-vf workload (it takes "
                    + String.join(", ", new java.util.TreeSet<>(MigrateVf.OPTIONS)) + ")");
        }
        if (hashThreads != null) {
            Values.positive("--hash-threads", hashThreads);
        }
        Values.notNegative("--warmup", warmup);
        Values.positive("--write-timeout", writeTimeout);
        Values.positive("--connect-timeout", connectTimeout);
        String p = spec.commandLine().getParseResult().hasMatchedOption("--policy") ? policies : "stop-copy,gmig,genscope";
        return MigrateVf.run(new MigrateVf.Request(workload, p, to, force, bandwidth, verify, !noGpuStop,
                hashThreads == null ? Runtime.getRuntime().availableProcessors() : hashThreads, warmup, json,
                new MigrateVf.Link(security.security(), connectTimeout, writeTimeout)), System.out);
    }

    /** A link rate above zero, or unlimited; 0 is refused (it would mean unlimited by surprise). */
    static Bandwidth bandwidth(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Bandwidth bw;
        try {
            bw = Bandwidth.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException("--bandwidth " + e.getMessage());
        }
        if (!bw.limited() && !t.equals("unlimited") && !t.equals("none")) {
            throw new CliException("--bandwidth " + text + ": must be above 0 (or 'unlimited')");
        }
        return bw;
    }

    static Path suffixed(Path p, String policy) {
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
    static final class Progress implements MigrationHooks {
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
            out.print("\r" + line(policy, p) + "   ");
            out.flush();
            shown = true;
        }

        /**
         * The progress line: round and phase, pages and bytes sent, the rate so far, the pages still
         * dirty and the downtime they would take at that rate (QEMU's expected downtime).
         */
        static String line(String policy, MigrationHooks.Progress p) {
            double seconds = Math.max(1e-3, p.elapsedMs() / 1000);
            double rate = p.bytesSent() / seconds;
            double expectedMs = rate <= 0 ? 0 : p.pendingPages() * 4096.0 / rate * 1000;
            return String.format(Locale.ROOT, "%s: round %d (%s), %d pages, %.1f MB at %.0f MB/s, %d dirty,"
                    + " expected downtime %.0f ms", policy, p.round(), p.phase().label(), p.pagesSent(), p.bytesSent() / 1e6,
                    rate / 1e6, p.pendingPages(), expectedMs);
        }

        void clear() {
            if (shown) {
                out.print("\r" + " ".repeat(120) + "\r");
                out.flush();
            }
        }
    }
}
