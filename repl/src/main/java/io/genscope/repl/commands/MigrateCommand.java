package io.genscope.repl.commands;

import io.genscope.migration.Migrator;
import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.InfoMigrate;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.transport.Bandwidth;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticWorkload;
import io.genscope.repl.Args;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code migrate}: live-migrates a small synthetic vGPU with one policy, verifies the destination
 * against the source and prints the report like {@code genscope migrate}. The workload is the
 * migration engine's synthetic one (a capture-driven workload is not part of the engine yet).
 */
final class MigrateCommand implements ShellCommand {
    /** Sizes that keep a run to a few seconds; the user's keys override them. */
    static final String SMALL = "memory=32M,graphics=8M,gpu-hot=2M,cpu-hot=2M";

    private static final String USAGE = "migrate [--policy gmig|precopy|stop-copy] [--workload synthetic[:KEY=VALUE,...]]"
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
                The workload is synthetic, not the open capture: the migration engine has no capture-driven
                workload yet. Shell defaults keep a run to a few seconds: synthetic:%s
                (keys given with --workload override them; see 'genscope migrate --help' for all keys).
                --bandwidth emulates a link rate (10Gbit, 1Gbit, 500MB; default unlimited).
                --to file:PATH keeps the recorded stream (default: a temporary file, deleted afterwards).
                Example:
                  migrate --policy precopy --workload synthetic:memory=64M,graphics=32M --bandwidth 10Gbit"""
                .formatted(SMALL);
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
        args.noMoreOptions();
        args.atMost(0, USAGE);
        SyntheticSpec spec;
        Policy policy;
        Bandwidth bandwidth;
        Target target;
        Path temp = null;
        try {
            spec = SyntheticSpec.parse(workload(workloadWord));
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
        try (SyntheticWorkload w = SyntheticWorkload.create(spec)) {
            w.start();
            Thread.sleep(200);
            MigrationReport r = Migrator.migrate(w, spec.describe(), options, target, MigrationHooks.NONE,
                    Destination.Options.DEFAULT);
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

    /** {@code synthetic:SMALL[,user keys]}: the user's keys come last, so they win. */
    static String workload(String typed) {
        if (typed == null || typed.trim().equals("synthetic")) {
            return "synthetic:" + SMALL;
        }
        String t = typed.trim();
        if (!t.startsWith("synthetic:")) {
            throw new IllegalArgumentException("unknown workload '" + typed + "'; the shell runs synthetic[:KEY=VALUE,...]");
        }
        return "synthetic:" + SMALL + "," + t.substring("synthetic:".length());
    }
}
