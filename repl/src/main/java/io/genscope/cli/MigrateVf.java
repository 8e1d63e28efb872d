package io.genscope.cli;

import io.genscope.api.VfLiveMigration;
import io.genscope.api.VfWorkload;
import io.genscope.migration.transport.LinkSecurity;
import io.genscope.migration.transport.SecuredSocket;
import io.genscope.migration.transport.Target;
import io.genscope.migration.xe.precopy.VfWire;
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
 * migration data written to a file, or sent to {@code genscope receive --vf} over TCP (framed and
 * checked by {@link VfWire}, protected as a vGPU migration is), over the emulated link; downtime and
 * bytes in downtime per policy.
 */
final class MigrateVf {
    /** The options of {@code migrate} that mean something for a VF. */
    static final Set<String> OPTIONS = Set.of("--workload", "--policy", "--to", "--force", "--bandwidth", "--verify",
            "--no-gpu-stop", "--hash-threads", "--warmup", "--json", "--help", "--tls-cert", "--tls-key", "--tls-ca",
            "--allow", "--psk-file", "--write-timeout", "--connect-timeout");

    private MigrateVf() {
    }

    /** What {@code migrate} was given, as far as a VF migration reads it. */
    record Request(String workload, String policies, String to, boolean force, String bandwidth, boolean verify,
            boolean gpuHold, int hashThreads, long warmupMs, boolean json, Link link) {
    }

    /**
     * How a TCP target is reached.
     *
     * @param security the link's protection (the receiver's must match)
     * @param connectMillis connect and handshake deadline
     * @param writeMillis a write without progress this long fails the run (the VF resumes)
     */
    record Link(LinkSecurity security, int connectMillis, long writeMillis) {
    }

    /** One policy's run: where its stream went, and for TCP the destination's refusal (or empty). */
    private record Run(String where, String workload, VfLiveMigration.Result result, Boolean verified, String refusal) {
    }

    /** Runs the request; the exit code is 1 when a verification failed. */
    static int run(Request q, PrintStream out) throws IOException, InterruptedException {
        Target target;
        try {
            target = Target.parse(q.to());
        } catch (IllegalArgumentException e) {
            throw new CliException("--to " + e.getMessage());
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
            if (target instanceof Target.File f) {
                files.add(CliFiles.output(policies.size() > 1 ? MigrateCommand.suffixed(f.path(), p.label()) : f.path(),
                        q.force()));
            }
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            runs.add(target instanceof Target.Tcp t ? send(q, policies.get(i), t) : one(q, policies.get(i), files.get(i)));
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
        Path partial = CliFiles.partial(file);
        try (VfWorkload vf = workload(q)) {
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
            return new Run(file.toString(), vf.describe(), r, verified, refusal);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * One policy's run to a TCP receiver: the stream framed by {@link VfWire}, the source's digest
     * after it (always taken: the receiver checks it), then the receiver's answer. A link that fails
     * while sending leaves the VF running at the source.
     */
    private static Run send(Request q, VfLiveMigration.Policy policy, Target.Tcp to) throws IOException,
            InterruptedException {
        SecuredSocket link;
        try {
            link = SecuredSocket.connect(to.host(), to.port(), q.link().security(), q.link().connectMillis(),
                    q.link().writeMillis());
        } catch (IOException e) {
            throw new CliException(e.getMessage());
        }
        try (link; VfWorkload vf = workload(q)) {
            long quota = 0;
            for (java.nio.ByteBuffer b : vf.vram()) {
                quota += b.capacity();
            }
            vf.start();
            Thread.sleep(q.warmupMs());
            VfWire.Sender wire = new VfWire.Sender(link.out(), quota);
            VfLiveMigration.Result r;
            try {
                r = VfLiveMigration.of(vf).policy(policy).bandwidth(q.bandwidth()).holdGpu(q.gpuHold())
                        .hashThreads(q.hashThreads()).verify(true).to(wire);
                wire.finish(r.digest());
                link.shutdownOutput();
            } catch (IOException e) {
                throw new CliException("migrate (" + policy.label() + ") to " + to + ": " + refusalOr(link, e)
                        + "; the VF runs on at the source");
            }
            VfWire.Reply reply;
            try {
                reply = VfWire.readReply(link.in());
            } catch (IOException e) {
                throw new CliException("migrate (" + policy.label() + ") to " + to + ": no answer from the"
                        + " destination (" + e.getMessage() + ")");
            }
            boolean same = reply.committed() && reply.text().equals(r.digest());
            return new Run(to.toString(), vf.describe(), r, same, reply.committed()
                    ? same ? "" : "destination digest " + reply.text() + ", source " + r.digest()
                    : "refused by the destination: " + reply.text());
        }
    }

    private static VfWorkload workload(Request q) throws IOException {
        try {
            return VfWorkload.create(q.workload());
        } catch (IllegalArgumentException e) {
            throw new CliException("--workload " + e.getMessage());
        }
    }

    /** The destination's refusal when it sent one before the link broke, else the link's failure. */
    private static String refusalOr(SecuredSocket link, IOException e) {
        try {
            VfWire.Reply reply = VfWire.readReply(link.in());
            return reply.committed() ? e.getMessage() : "refused by the destination: " + reply.text();
        } catch (java.io.EOFException | RuntimeException again) {
            return CliFiles.describe(e);
        } catch (IOException again) {
            // an answer that is not a VF receiver's says more than the broken write
            return again.getMessage();
        }
    }

    private static String text(String bandwidth, List<Run> runs) {
        StringBuilder sb = new StringBuilder();
        for (Run run : runs) {
            VfLiveMigration.Result r = run.result();
            sb.append(String.format(Locale.ROOT, "xe VF migration, policy %s, workload %s, link %s%n", r.policy(),
                    run.workload(), bandwidth));
            sb.append(String.format(Locale.ROOT, "  %-19s%s (%d bytes, %d packets)%n",
                    run.where().startsWith("tcp:") ? "sent to:" : "written:", run.where(), r.bytesSent(), r.packets()));
            if (!run.refusal().isEmpty() && run.where().startsWith("tcp:")) {
                sb.append("  destination:       ").append(run.refusal()).append(System.lineSeparator());
            }
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
