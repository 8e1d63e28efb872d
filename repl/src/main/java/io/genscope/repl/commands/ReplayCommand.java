package io.genscope.repl.commands;

import io.genscope.migration.policy.Policy;
import io.genscope.migration.replay.Replay;
import io.genscope.migration.replay.ReplayText;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.transport.Bandwidth;
import io.genscope.repl.Args;
import io.genscope.repl.Completions;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code replay}: a recorded migration restored offline and listed (rounds, pages per round, device
 * regions, pending workloads decoded), optionally re-run under other policies; the same text as
 * {@code genscope replay}.
 */
final class ReplayCommand implements ShellCommand {
    private static final String USAGE = "replay FILE [--policy P[,P...]] [--bandwidth RATE] [--full]";

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String synopsis() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "a recorded migration's rounds, device regions and pending workloads; other policies on its history";
    }

    @Override
    public String help() {
        return """
                Restores a recorded migration (migrate --to file:PATH, or genscope migrate --to file:PATH)
                offline with every check a destination makes, and lists its rounds (phase, pages, zero
                pages, bytes), its device regions (size, CRC-32C) and its pending workloads, decoded one
                line per command (--full: every field). Nothing is kept: the restored vGPU is released.
                --policy re-runs the recording's dirty history under other policies (stop-copy, precopy,
                gmig) and prints pages and bytes per round and in downtime, with link times at
                --bandwidth (default 10Gbit); docs/migration.md explains the model and its limits.
                Example:
                  migrate --to file:run.gsmig
                  replay run.gsmig --policy precopy,gmig""";
    }

    @Override
    public boolean needsCapture() {
        return false;
    }

    @Override
    public void run(ShellContext ctx, Args args) throws Exception {
        String policyWord = args.option("--policy");
        String bandwidthWord = args.option("--bandwidth");
        boolean full = args.flag("--full");
        args.noMoreOptions();
        args.atMost(1, USAGE);
        if (args.isEmpty()) {
            throw new ShellError("usage: " + USAGE);
        }
        Path file = ctx.path(args.get(0));
        if (Files.isDirectory(file)) {
            throw new ShellError(file + ": is a directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new ShellError(file + ": no such file");
        }
        List<Policy> policies = new ArrayList<>();
        Bandwidth bandwidth;
        try {
            if (policyWord != null) {
                for (String p : policyWord.split(",")) {
                    policies.add(Policy.parse(p));
                }
            }
            bandwidth = Bandwidth.parse(bandwidthWord == null ? "10Gbit" : bandwidthWord);
        } catch (IllegalArgumentException e) {
            throw new ShellError(e.getMessage());
        }
        try (Replay.Result r = Replay.open(file, Receiver.Options.DEFAULT)) {
            StringBuilder sb = new StringBuilder();
            try {
                ReplayText.write(r, args.get(0), sb, policies, bandwidth, full);
            } catch (IllegalArgumentException e) {
                ctx.out().text(sb.toString());
                throw new ShellError(e.getMessage());
            }
            ctx.out().text(sb.toString());
            if (!r.committed()) {
                throw new ShellError("replay: " + args.get(0) + " was refused; nothing kept");
            }
        }
    }

    @Override
    public void complete(ShellContext ctx, List<String> words, int index, Completions out) {
        if (index >= 2 && words.get(index - 1).equals("--policy")) {
            out.words("policies", "stop-copy", "precopy", "gmig", "precopy,gmig");
            return;
        }
        String typed = index < words.size() ? words.get(index) : "";
        if (typed.startsWith("-")) {
            out.words("options", "--policy", "--bandwidth", "--full");
        } else {
            out.paths(typed, ctx.workingDirectory());
        }
    }
}
