package io.genscope.repl.commands;

import io.genscope.migration.Migrator;
import io.genscope.migration.compress.Compression;
import io.genscope.migration.compress.CompressionOptions;
import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.InfoMigrate;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.transport.Bandwidth;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.Workload;
import io.genscope.migration.workload.WorkloadSpec;
import io.genscope.repl.Args;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code migrate}: live-migrates a small synthetic vGPU with one policy, verifies the destination
 * against the source and prints the report like {@code genscope migrate}. The workload is the
 * migration engine's synthetic one, or the open capture replayed in a loop ({@code --workload capture}).
 */
final class MigrateCommand implements ShellCommand {
    /** Sizes that keep a run to a few seconds; the user's keys override them. */
    static final String SMALL = "memory=32M,graphics=8M,gpu-hot=2M,cpu-hot=2M";

    /** Sizes for the open capture as a workload. */
    static final String SMALL_CAPTURE = "loop,memory=128M,graphics=64M";

    private static final String USAGE = "migrate [--policy gmig|genscope|precopy|stop-copy]"
            + " [--workload synthetic[:KEY=VALUE,...]|capture[:KEY=VALUE,...]] [--compress none|lz4|delta]"
            + " [--bandwidth RATE] [--to file:PATH]";

    @Override
    public String name() {
        return "migrate";
    }

    @Override
    public String synopsis() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "live-migrate a small synthetic vGPU with a policy and show the verified report";
    }

    @Override
    public String help() {
        return """
                Runs one migration policy (default gmig) on a synthetic vGPU while its workload runs, restores
                it in-process from the recorded stream, compares every page and the device state with the
                source, and prints the report as 'genscope migrate' does.
                The workload is synthetic (shell defaults keep a run to a few seconds: synthetic:%s), or with
                --workload capture the open capture replayed in a loop: its CPU writes and the GPU writes its
                commands imply (capture:FILE,%s); keys given with --workload override the defaults (see
                'genscope migrate --help' for all keys).
                --compress lz4 or delta copies, compresses and sends pages on separate threads.
                --bandwidth emulates a link rate (10Gbit, 1Gbit, 500MB; default unlimited).
                --to file:PATH keeps the recorded stream (default: a temporary file, deleted afterwards).
                Example:
                  migrate --policy precopy --workload synthetic:memory=64M,graphics=32M --bandwidth 10Gbit
                  migrate --policy genscope --workload capture --compress lz4"""
                .formatted(SMALL, SMALL_CAPTURE);
    }

    @Override
    public boolean needsCapture() {
        return false;
    }

    @Override
    public void run(ShellContext ctx, Args args) throws Exception {
        String policyWord = args.option("--policy");
        String workloadWord = args.option("--workload");
        String bandwidthWord = args.option("--bandwidth");
        String toWord = args.option("--to");
        String compressWord = args.option("--compress");
        args.noMoreOptions();
        args.atMost(0, USAGE);
        WorkloadSpec spec;
        CompressionOptions compression;
        Policy policy;
        Bandwidth bandwidth;
        Target target;
        Path temp = null;
        try {
            spec = WorkloadSpec.parse(isCapture(workloadWord) ? captureWorkload(ctx, workloadWord) : workload(workloadWord));
            compression = CompressionOptions.of(Compression.parse(compressWord == null ? "none" : compressWord));
            policy = Policy.parse(policyWord == null ? "gmig" : policyWord);
            bandwidth = Bandwidth.parse(bandwidthWord == null ? "unlimited" : bandwidthWord);
            if (toWord == null) {
                temp = Files.createTempFile("genscope-shell-migrate", ".gsmig");
                target = new Target.File(temp);
            } else if (toWord.startsWith("file:")) {
                target = new Target.File(ctx.path(toWord.substring("file:".length())));
            } else {
                throw new ShellError("--to takes file:PATH in the shell (tcp targets: genscope migrate)");
            }
        } catch (IllegalArgumentException e) {
            throw new ShellError(e.getMessage());
        }
        MigrationOptions options = MigrationOptions.defaults(policy).withBandwidth(bandwidth).withVerify(true);
        try (Workload w = create(spec)) {
            w.start();
            MigrationReport r = runCancellable(ctx, w, spec, options, target, compression);
            w.close();
            w.vgpu().close();
            ctx.out().text(InfoMigrate.format(r));
            if (!r.succeeded()) {
                throw new ShellError("migrate (" + r.policy() + "): " + r.error());
            }
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Runs the migration on its own thread while this one watches Ctrl-C: on a cancel the migration
     * stops at its next page batch or round (its hooks throw), the workload is stopped, and the shell
     * is back within a second even if the migration thread is still unwinding.
     */
    private static MigrationReport runCancellable(ShellContext ctx, Workload w, WorkloadSpec spec, MigrationOptions options,
            Target target, CompressionOptions compression) throws Exception {
        MigrationHooks hooks = new MigrationHooks() {
            @Override
            public void progress(MigrationHooks.Progress p) {
                ctx.cancel().check();
            }

            @Override
            public void afterRound(io.genscope.migration.stream.Phase phase, int round) {
                ctx.cancel().check();
            }
        };
        java.util.concurrent.FutureTask<MigrationReport> task = new java.util.concurrent.FutureTask<>(() -> {
            Thread.sleep(200);
            ctx.cancel().check();
            return Migrator.migrate(w, spec.describe(), options, target, hooks, Destination.Options.DEFAULT, compression);
        });
        Thread t = new Thread(task, "genscope-shell-migrate");
        t.setDaemon(true);
        t.start();
        while (true) {
            try {
                return task.get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (ctx.cancel().isCancelled()) {
                    w.close();
                    t.interrupt();
                    t.join(800);
                    throw new io.genscope.repl.model.Cancelled();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof Exception x) {
                    throw x;
                }
                throw e;
            }
        }
    }

    private static Workload create(WorkloadSpec spec) {
        try {
            return spec.create();
        } catch (IOException | IllegalArgumentException e) {
            throw new ShellError("migrate: " + e.getMessage());
        }
    }

    private static boolean isCapture(String typed) {
        return typed != null && (typed.trim().equals("capture") || typed.trim().startsWith("capture:"));
    }

    /** {@code capture:OPEN-FILE,SMALL_CAPTURE[,user keys]}: the open capture, the user's keys last. */
    static String captureWorkload(ShellContext ctx, String typed) {
        String t = typed.trim();
        String keys = t.equals("capture") ? "" : t.substring("capture:".length());
        return "capture:" + ctx.capture().file() + "," + SMALL_CAPTURE + (keys.isEmpty() ? "" : "," + keys);
    }

    /** {@code synthetic:SMALL[,user keys]}: the user's keys come last, so they win. */
    static String workload(String typed) {
        if (typed == null || typed.trim().equals("synthetic")) {
            return "synthetic:" + SMALL;
        }
        String t = typed.trim();
        if (!t.startsWith("synthetic:")) {
            throw new IllegalArgumentException("unknown workload '" + typed
                    + "'; the shell runs synthetic[:KEY=VALUE,...] or capture[:KEY=VALUE,...] (the open capture)");
        }
        return "synthetic:" + SMALL + "," + t.substring("synthetic:".length());
    }
}
