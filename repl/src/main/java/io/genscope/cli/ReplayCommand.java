package io.genscope.cli;

import io.genscope.migration.policy.Policy;
import io.genscope.migration.replay.Replay;
import io.genscope.migration.replay.ReplayText;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.transport.Bandwidth;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genscope replay X.gsmig}: a recorded migration restored offline, listed, and re-run under other policies. */
@Command(name = "replay",
        header = "Restore a recorded migration offline and list its rounds, device regions and pending workloads.",
        description = {"The recording is what genscope migrate --to file:PATH wrote. Listed: rounds, pages per round,"
                + " device regions (sizes, CRC-32C) and pending workloads (decoded).",
                "--policy re-runs the recorded dirty history under other policies, to compare them on the same history."})
final class ReplayCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(paramLabel = "FILE.gsmig", description = "a recorded migration")
    Path file;

    @Option(names = "--policy", paramLabel = "P[,P...]", description = "simulate these policies on the recorded history")
    String policies;

    @Option(names = "--bandwidth", paramLabel = "RATE", defaultValue = "10Gbit",
            description = "link rate for the simulated times (default: ${DEFAULT-VALUE})")
    String bandwidth;

    @Option(names = "--headers", description = "pending workloads as one line per command instead of every field")
    boolean headers;

    @Override
    public Integer call() throws Exception {
        List<Policy> list = new ArrayList<>();
        if (policies != null) {
            for (String p : policies.split(",")) {
                list.add(Policy.parse(p));
            }
        }
        Bandwidth bw = Bandwidth.parse(bandwidth);
        CliFiles.input(file);
        PrintStream out = System.out;
        try (Replay.Result r = Replay.open(file, Receiver.Options.DEFAULT)) {
            if (r.outcome() instanceof Receiver.Rejected rej && rej.stats().records() < 1) {
                System.err.println("genscope: replay: " + file + ": not a genscope migration recording ("
                        + rej.rejection() + ")");
                return Main.PROBLEMS;
            }
            StringBuilder sb = new StringBuilder();
            try {
                ReplayText.write(r, file.toString(), sb, list, bw, !headers);
            } catch (IllegalArgumentException e) {
                out.print(sb);
                out.flush();
                System.err.println("genscope: replay: " + e.getMessage());
                return 1;
            }
            out.print(sb);
            out.flush();
            if (!r.committed()) {
                System.err.println("genscope: replay: " + file + ": the recording was refused");
                return 1;
            }
        }
        return 0;
    }
}
