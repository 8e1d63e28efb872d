package io.genscope.cli;

import io.genscope.api.VfLiveMigration;
import io.genscope.api.VfWorkload;
import io.genscope.migration.transport.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code genscope migrate --workload xe-vf[:...]}: an xe SR-IOV VF migrated through the library's
 * device interface ({@link VfLiveMigration}) under each policy given, each on a fresh VF, the xe VF
 * migration data written to a file over the emulated link; downtime and bytes in downtime per policy.
 */
final class MigrateVf {
    /** The options of {@code migrate} that mean something for a VF. */
    static final Set<String> OPTIONS = Set.of("--workload", "--policy", "--to", "--force", "--bandwidth", "--verify",
            "--no-gpu-stop", "--hash-threads", "--warmup", "--json", "--help");

    private MigrateVf() {
    }

    /** What {@code migrate} was given, as far as a VF migration reads it. */
    record Request(String workload, String policies, String to, boolean force, String bandwidth, boolean verify,
            boolean gpuHold, int hashThreads, long warmupMs, boolean json) {
    }

    /** One policy's run. */
    private record Run(Path file, String workload, VfLiveMigration.Result result, Boolean verified, String refusal) {
    }

    /** Runs the request; the exit code is 1 when a verification failed. */
    static int run(Request q, PrintStream out) throws IOException, InterruptedException {
        Target target = Target.parse(q.to());
        if (!(target instanceof Target.File f)) {
            throw new CliException("--to " + q.to() + ": an xe-vf workload is written to file:PATH (the xe VF"
                    + " migration data; genscope receive reads genscope's own stream only)");
        }
        List<VfLiveMigration.Policy> policies = new ArrayList<>();
        for (String p : q.policies().split(",")) {
            try {
                policies.add(VfLiveMigration.Policy.parse(p));
            } catch (IllegalArgumentException e) {
                throw new CliException("--policy " + e.getMessage());
            }
        }
        MigrateCommand.bandwidth(q.bandwidth());
        List<Path> files = new ArrayList<>();
        for (VfLiveMigration.Policy p : policies) {
            files.add(CliFiles.output(policies.size() > 1 ? MigrateCommand.suffixed(f.path(), p.label()) : f.path(),
                    q.force()));
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            runs.add(one(q, policies.get(i), files.get(i)));
        }
        out.print(q.json() ? json(runs) : text(q.bandwidth(), runs));
        out.flush();
        for (Run r : runs) {
            if (Boolean.FALSE.equals(r.verified())) {
                System.err.println("genscope: migrate (" + r.result().policy() + "): the destination's digest differs"
                        + (r.refusal().isEmpty() ? "" : ": " + r.refusal()));
            }
        }
        return runs.stream().anyMatch(r -> Boolean.FALSE.equals(r.verified())) ? 1 : 0;
    }

    private static Run one(Request q, VfLiveMigration.Policy policy, Path file) throws IOException, InterruptedException {
        VfWorkload vf;
        try {
            vf = VfWorkload.create(q.workload());
        } catch (IllegalArgumentException e) {
            throw new CliException("--workload " + e.getMessage());
        }
        Path partial = CliFiles.partial(file);
        try (vf) {
            vf.start();
            Thread.sleep(q.warmupMs());
            VfLiveMigration.Result r;
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                r = VfLiveMigration.of(vf).policy(policy).bandwidth(q.bandwidth()).holdGpu(q.gpuHold())
                        .hashThreads(q.hashThreads()).verify(q.verify()).to(ch);
            }
            Boolean verified = null;
            String refusal = "";
            if (q.verify()) {
                VfLiveMigration.Arrival a = VfLiveMigration.check(partial, r.quota());
                verified = a.committed() && a.digest().equals(r.digest());
                refusal = a.refusal();
            }
            CliFiles.commit(partial, file, q.force());
            return new Run(file, vf.describe(), r, verified, refusal);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static String text(String bandwidth, List<Run> runs) {
        StringBuilder sb = new StringBuilder();
        for (Run run : runs) {
            VfLiveMigration.Result r = run.result();
            sb.append(String.format(Locale.ROOT, "xe VF migration, policy %s, workload %s, link %s%n", r.policy(),
                    run.workload(), bandwidth));
            sb.append(String.format(Locale.ROOT, "  written:           %s (%d bytes, %d packets)%n", run.file(),
                    r.bytesSent(), r.packets()));
            sb.append(String.format(Locale.ROOT, "  VRAM quota:        %d MiB%n", r.quota() >> 20));
            sb.append(String.format(Locale.ROOT, "  total time:        %.1f ms%n", r.totalMs()));
            sb.append(String.format(Locale.ROOT, "  downtime:          %.1f ms (GPU held %.1f ms)%n", r.downtimeMs(),
                    r.gpuStallMs()));
            sb.append(String.format(Locale.ROOT, "  bytes in downtime: %d (%d VRAM pages)%n", r.bytesDowntime(),
                    r.pagesDowntime()));
            sb.append(String.format(Locale.ROOT, "  verified:          %s%n%n", verified(run)));
        }
        if (runs.size() > 1) {
            sb.append(String.format(Locale.ROOT, "  %-10s %12s %18s %12s %10s%n", "policy", "downtime ms",
                    "bytes in downtime", "total ms", "verified"));
            for (Run run : runs) {
                VfLiveMigration.Result r = run.result();
                sb.append(String.format(Locale.ROOT, "  %-10s %12.1f %18d %12.1f %10s%n", r.policy(), r.downtimeMs(),
                        r.bytesDowntime(), r.totalMs(), verified(run)));
            }
            Run stop = runs.stream().filter(r -> r.result().policy().equals("stop-copy")).findFirst().orElse(null);
            for (Run run : runs) {
                if (stop != null && run != stop && stop.result().bytesDowntime() > 0) {
                    sb.append(String.format(Locale.ROOT, "  %s: %.3f%% fewer bytes in downtime than stop-copy%n",
                            run.result().policy(), 100.0 * (stop.result().bytesDowntime() - run.result().bytesDowntime())
                                    / stop.result().bytesDowntime()));
                }
            }
        }
        return sb.toString();
    }

    private static String verified(Run run) {
        return run.verified() == null ? "-" : run.verified() ? "yes" : "NO";
    }

    private static String json(List<Run> runs) {
        StringJoiner all = new StringJoiner(",\n  ", "[\n  ", "\n]\n");
        for (Run run : runs) {
            VfLiveMigration.Result r = run.result();
            all.add(String.format(Locale.ROOT, "{\"policy\": \"%s\", \"quota\": %d, \"total_ms\": %.3f, \"downtime_ms\": %.3f,"
                    + " \"gpu_stall_ms\": %.3f, \"bytes_sent\": %d, \"bytes_downtime\": %d, \"pages_downtime\": %d,"
                    + " \"packets\": %d, \"verified\": %s}", r.policy(), r.quota(), r.totalMs(), r.downtimeMs(),
                    r.gpuStallMs(), r.bytesSent(), r.bytesDowntime(), r.pagesDowntime(), r.packets(),
                    run.verified() == null ? "null" : run.verified().toString()));
        }
        return all.toString();
    }
}
