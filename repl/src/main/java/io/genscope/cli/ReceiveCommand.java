package io.genscope.cli;

import io.genscope.migration.remap.HostRemap;
import io.genscope.migration.warmup.RestoreWarmUp;
import io.genscope.migration.remap.HostRemapText;
import io.genscope.migration.state.DeviceState;
import io.genscope.migration.state.PendingWorkloadWalk;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.ReceiverServer;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.parser.aub.Device;
import io.genscope.parser.print.Json;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genscope receive}: the destination of a migration (TCP), or the restore of a recorded one. */
@Command(name = "receive",
        header = "Be the destination of a live migration (--listen PORT), or restore a recorded one (--from FILE).",
        description = {"--listen PORT accepts streams from genscope migrate --to tcp:HOST:PORT. Nothing is kept unless"
                + " the whole stream arrives and every check passes; a refused stream is reported with its record and"
                + " byte offset.",
                "--host-aperture/--host-hidden must lie inside the 4 GiB global GTT, as for genscope remap.",
                "--vf receives an xe SR-IOV VF instead (genscope migrate --workload xe-vf --to tcp:HOST:PORT): the"
                        + " stream staged whole, its packets checked as a destination PF restores them, the source's"
                        + " digest compared, and only then written to -o FILE (never over a file without --force)."})
final class ReceiveCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--vf", description = "Receive an xe SR-IOV VF (genscope migrate --workload xe-vf --to tcp:HOST:PORT):"
            + " the whole stream staged, its packets and the source's digest checked, only then kept (docs/cli.md)")
    boolean vf;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "--vf: where the checked xe VF migration data"
            + " goes (later sessions: FILE-2, FILE-3, ...); without it the VF is restored in memory and dropped")
    Path output;

    @Option(names = {"-f", "--force"}, description = "--vf: replace --output when it exists")
    boolean force;

    static final class Source {
        @Option(names = "--listen", paramLabel = "PORT", description = "TCP port to listen on (1-65535; 0 picks a free one)")
        Integer port;

        @Option(names = "--from", paramLabel = "FILE", description = "a recorded migration (migrate --to file:FILE)")
        Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "1",
            description = "migrations to accept before exiting; 0 = until killed (default: ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--max-memory", paramLabel = "SIZE", defaultValue = "64G",
            description = "refuse streams announcing more guest memory (default: ${DEFAULT-VALUE})")
    String maxMemory;

    @Option(names = "--idle-timeout", paramLabel = "MS", defaultValue = "30000",
            description = "drop a connection silent for this long (default: ${DEFAULT-VALUE})")
    long idleTimeout;

    @picocli.CommandLine.Mixin
    SecurityOptions security = new SecurityOptions();

    @Option(names = "--insecure",
            description = "Listen on an address other than loopback without --tls-* or --psk-file (anyone who can connect"
                    + " could commit a guest)")
    boolean insecure;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "4",
            description = "Sessions served at once; a connection beyond them is told the receiver is busy (a REJECTED"
                    + " reply naming the limit) and closed (default: ${DEFAULT-VALUE})")
    int maxSessions;

    @Option(names = "--session-timeout", paramLabel = "MS", defaultValue = "3600000",
            description = "The longest one session may last, in milliseconds (default: ${DEFAULT-VALUE})")
    long sessionTimeout;

    @Option(names = "--no-jit-warm-up", description = "do not decode a made-up device state and remap a small vGPU"
            + " ahead of the first stream so that the JVM has compiled that code before the downtime")
    boolean noJitWarmUp;

    @Option(names = "--json", description = "one JSON object per session")
    boolean json;

    @Option(names = "--host-aperture", paramLabel = "BASE",
            description = "place the vGPU's aperture window at this host graphics address (with --host-hidden):"
                    + " GGTT entries, registers, descriptors and pending workloads are remapped (DGAR)")
    String hostAperture;

    @Option(names = "--host-hidden", paramLabel = "BASE", description = "host graphics address of the hidden window")
    String hostHidden;

    @Option(names = "--relocations", paramLabel = "N", defaultValue = "8",
            description = "relocations listed after a remapped restore (default: ${DEFAULT-VALUE})")
    int relocationsShown;

    private final java.util.Map<io.genscope.migration.state.Vgpu, HostRemap.HostView> views =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    private final PrintStream out = System.out;
    private String remapJson;
    private volatile long remapNanos;
    private Spec gen9;

    @Override
    public Integer call() throws Exception {
        if (vf) {
            return receiveVf();
        }
        if (output != null || force) {
            throw new CliException("--output and --force are for --vf (a vGPU is restored, not written)");
        }
        Receiver.Options limits = new Receiver.Options(SyntheticSpec.size(maxMemory, 64L << 30));
        List<String> summary = new ArrayList<>();
        if ((hostAperture == null) != (hostHidden == null)) {
            System.err.println("genscope: receive: --host-aperture and --host-hidden go together");
            return 2;
        }
        Destination.Restore restore = null;
        if (source.port != null && (source.port < 0 || source.port > 65535)) {
            throw new CliException("--listen " + source.port + ": a TCP port is 1 to 65535");
        }
        Values.notNegative("--sessions", sessions);
        Values.positive("--idle-timeout", idleTimeout);
        Values.positive("--max-sessions", maxSessions);
        Values.positive("--session-timeout", sessionTimeout);
        Values.notNegative("--relocations", relocationsShown);
        if (source.file != null) {
            CliFiles.input(source.file);
        }
        if (hostAperture != null) {
            long ap = Values.number("--host-aperture", hostAperture);
            long hid = Values.number("--host-hidden", hostHidden);
            Values.insideGgtt("--host-aperture", ap, 0);
            Values.insideGgtt("--host-hidden", hid, 0);
            if (!noJitWarmUp) {
                RestoreWarmUp.hostRemap(SpecLoader.builtin("gen9"));
            }
            restore = c -> {
                long t0 = System.nanoTime();
                HostRemap.HostView view = HostRemap.remap(c.vgpu(), ap, hid, spec(c.vgpu()));
                views.put(c.vgpu(), view);
                remapNanos = System.nanoTime() - t0;
                return HostRemap.auditRefusal(view);
            };
        }
        RestoreWarmUp.enable(!noJitWarmUp);
        Destination.Options options = new Destination.Options(limits, c -> summary.add(describe(c)), restore);
        List<Destination.Result> results = new ArrayList<>();
        if (source.file != null) {
            try (FileChannel in = FileChannel.open(source.file, StandardOpenOption.READ)) {
                Destination.Result r = Destination.serve(in, reply -> {
                }, options);
                print(r, summary, source.file.toString());
                results.add(r);
            }
        } else {
            ReceiverServer opened;
            try {
                opened = new ReceiverServer(ReceiverServer.Options.defaults(bind, source.port, options)
                        .withIdleMillis(idleTimeout).withSecurity(security.security()).withInsecure(insecure)
                        .withMaxSessions(maxSessions).withSessionMillis(sessionTimeout));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            } catch (java.net.BindException e) {
                String why = String.valueOf(e.getMessage());
                throw new CliException(why.contains("in use") ? "port " + source.port + " already in use (on " + bind + ")"
                        : "cannot listen on " + bind + ":" + source.port + ": " + why.toLowerCase(Locale.ROOT));
            }
            try (ReceiverServer server = opened) {
                if (!json) {
                    out.println("genscope: listening on " + bind + ":" + server.port());
                    out.flush();
                }
                server.serve(sessions, r -> {
                    print(r, summary, "tcp");
                    results.add(r);
                    summary.clear();
                });
            }
        }
        return results.stream().allMatch(Destination.Result::committed) ? 0 : 1;
    }

    /** {@code --vf} ({@link ReceiveVf}): the options that mean nothing for a VF are refused by name. */
    private int receiveVf() throws java.io.IOException {
        List<String> other = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(o -> o.longestName()).filter(n -> !ReceiveVf.OPTIONS.contains(n)).distinct().toList();
        if (!other.isEmpty()) {
            throw new CliException(String.join(", ", other) + ": not for --vf (it takes "
                    + String.join(", ", new java.util.TreeSet<>(ReceiveVf.OPTIONS)) + ")");
        }
        if (source.port == null) {
            throw new CliException("--vf receives over TCP (--listen PORT); a VF recording is checked with genscope"
                    + " decode FILE");
        }
        if (source.port < 0 || source.port > 65535) {
            throw new CliException("--listen " + source.port + ": a TCP port is 1 to 65535");
        }
        Values.notNegative("--sessions", sessions);
        Values.positive("--idle-timeout", idleTimeout);
        return ReceiveVf.run(new ReceiveVf.Request(bind, source.port, sessions, SyntheticSpec.size(maxMemory, 64L << 30),
                idleTimeout, security.security(), insecure, json, output, force), out);
    }

    private void print(Destination.Result r, List<String> summary, String from) {
        Receiver.Stats s = r.outcome().stats();
        if (json) {
            StringBuilder sb = new StringBuilder("{");
            sb.append("\"from\": ");
            Json.string(sb, from);
            sb.append(", \"committed\": ").append(r.committed());
            sb.append(String.format(Locale.ROOT, ", \"records\": %d, \"bytes\": %d, \"pages\": %d, \"zero_pages\": %d, "
                    + "\"rounds\": %d, \"commit_ms\": %.3f", Math.max(0, s.records()), s.bytes(), s.pages(), s.zeroPages(), s.rounds(),
                    s.commitNanos() / 1e6));
            if (r.outcome() instanceof Receiver.Rejected rej) {
                sb.append(", \"rejected\": ");
                Json.string(sb, rej.rejection().toString());
                sb.append(String.format(Locale.ROOT, ", \"record_index\": %d, \"byte_offset\": %d",
                        rej.rejection().recordIndex(), rej.rejection().offset()));
            }
            if (remapJson != null) {
                sb.append(", \"remap\": ").append(remapJson);
                remapJson = null;
            }
            if (r.digest() != null) {
                sb.append(", \"digest\": ");
                Json.string(sb, r.digest().toString());
            }
            out.println(sb.append("}"));
        } else {
            if (s.records() < 1) {
                out.printf(Locale.ROOT, "received %d bytes, no records%n", s.bytes());
            } else {
                out.printf(Locale.ROOT, "received %d records, %d bytes: %d pages (%d zero) in %d rounds%n", s.records(),
                        s.bytes(), s.pages(), s.zeroPages(), s.rounds());
            }
            if (r.outcome() instanceof Receiver.Rejected rej) {
                out.println("REFUSED, nothing kept: " + rej.rejection());
            } else {
                out.printf(Locale.ROOT, "committed and resumed (commit %.2f ms)%n", s.commitNanos() / 1e6);
                summary.forEach(out::print);
                if (r.digest() != null) {
                    out.println("digest: " + r.digest() + " (sent to the source)");
                }
            }
            if (r.replyFailure() != null) {
                out.println(r.replyFailure());
            }
        }
        out.flush();
    }

    private String describe(Receiver.Committed c) {
        DeviceState d = c.vgpu().device();
        StringBuilder sb = new StringBuilder();
        String name = Device.byPciId(d.config().deviceId()).map(Device::name).orElse("unknown device");
        sb.append(String.format(Locale.ROOT, "vGPU %d: %s (8086:%04x), guest memory %d MiB, aperture 0x%x+%d MiB, "
                + "hidden 0x%x+%d MiB, policy %s%n", d.vgtId(), name, d.config().deviceId(), c.vgpu().memory().sizeBytes() >> 20,
                d.windows().apertureBase(), d.windows().apertureSize() >> 20, d.windows().hiddenBase(),
                d.windows().hiddenSize() >> 20, c.setup().policy()));
        sb.append(String.format(Locale.ROOT, "device state: %d PPGTT roots, %d execlist ports, %d pending workloads%n",
                d.ppgttRoots().size(), d.execlists().size(), d.workloads().size()));
        if (!d.workloads().isEmpty()) {
            if (gen9 == null) {
                gen9 = SpecLoader.builtin("gen9");
            }
            for (PendingWorkloadWalk.Walked w : PendingWorkloadWalk.walk(c.vgpu(), gen9)) {
                sb.append(String.format(Locale.ROOT, "  %s context 0x%x: %s%s%n", w.workload().engine().specName(),
                        w.workload().lrca(), String.join(", ", w.commands()),
                        w.problems().isEmpty() ? "" : " (" + w.problems().size() + " problems: " + w.problems().get(0) + ")"));
            }
        }
        HostRemap.HostView view = views.remove(c.vgpu());
        if (view != null) {
            sb.append(String.format(Locale.ROOT, "host view built in %.2f ms, before resuming%n", remapNanos / 1e6));
            sb.append(HostRemapText.summary(view, c.vgpu(), spec(c.vgpu()), relocationsShown));
            remapJson = HostRemapText.json(view, relocationsShown);
        }
        return sb.toString();
    }

    private static Spec spec(io.genscope.migration.state.Vgpu vgpu) {
        return SpecLoader.builtin(Device.byPciId(vgpu.device().config().deviceId()).map(Device::spec).orElse("gen9"));
    }
}
