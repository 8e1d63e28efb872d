package io.genscope.migration.replay;

import io.genscope.migration.dirty.PageSet;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.RoundReport;
import io.genscope.migration.state.DeviceState;
import io.genscope.migration.state.PendingWorkloadWalk;
import io.genscope.migration.stream.EndInfo;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.stream.SetupInfo;
import io.genscope.migration.transport.Bandwidth;
import io.genscope.parser.aub.Device;
import io.genscope.spec.SpecLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text {@code genscope replay} and the shell's {@code replay} print for a recording. */
public final class ReplayText {
    private ReplayText() {
    }

    /**
     * Writes the recording's summary, rounds, device regions and pending workloads (decoded in
     * full when {@code full}), then one simulated run per policy in {@code simulate} next to the
     * recorded one.
     */
    public static void write(Replay.Result r, String name, Appendable out, List<Policy> simulate, Bandwidth bandwidth,
            boolean full) throws IOException {
        Receiver.Stats st = r.outcome().stats();
        RecordingHistory h = r.history();
        out.append(String.format(Locale.ROOT, "recording %s: %d bytes, %d records, %d pages (%d zero) in %d rounds: %s%n", name,
                r.fileBytes(), st.records(), st.pages(), st.zeroPages(), st.rounds(),
                r.committed() ? "restored (every check passed)" : "REFUSED, nothing kept"));
        if (r.outcome() instanceof Receiver.Rejected rej) {
            out.append("  ").append(rej.rejection().toString()).append('\n');
        }
        SetupInfo s = h.setup();
        if (s != null) {
            out.append(String.format(Locale.ROOT, "policy %s, guest memory %d MiB, aperture 0x%x+%d KiB, hidden 0x%x+%d KiB, "
                    + "digest requested: %s%n", s.policy(), s.memoryBytes() >> 20, s.windows().apertureBase(),
                    s.windows().apertureSize() >> 10, s.windows().hiddenBase(), s.windows().hiddenSize() >> 10,
                    s.digestRequested() ? "yes" : "no"));
        }
        out.append(String.format(Locale.ROOT, "%-6s %-10s %10s %10s %14s%n", "round", "phase", "pages", "zero", "bytes"));
        for (RecordedRound x : h.rounds()) {
            out.append(String.format(Locale.ROOT, "%-6d %-10s %10d %10d %14d%n", x.round(), x.phase().label(), x.pages().length,
                    x.zeroPages(), x.bytes()));
        }
        EndInfo end = h.end();
        if (end != null) {
            out.append("device regions:\n");
            for (EndInfo.RegionSum sum : end.regions()) {
                out.append(String.format(Locale.ROOT, "  %-9s %9d bytes  CRC-32C 0x%08x%n", sum.region(), sum.length(),
                        sum.crc32c()));
            }
        }
        if (!(r.outcome() instanceof Receiver.Committed c)) {
            return;
        }
        DeviceState d = c.vgpu().device();
        String spec = Device.byPciId(d.config().deviceId()).map(Device::spec).orElse("gen9");
        out.append(String.format(Locale.ROOT, "vGPU %d (8086:%04x, %s): %d PPGTT roots, %d execlist ports, %d pending workloads%n",
                d.vgtId(), d.config().deviceId(), spec, d.ppgttRoots().size(), d.execlists().size(), d.workloads().size()));
        PendingWorkloadWalk.print(c.vgpu(), SpecLoader.builtin(spec), out, full);
        if (simulate.isEmpty()) {
            return;
        }
        PageSet graphics = c.vgpu().graphicsPages();
        int pages = c.vgpu().memory().pageCount();
        double rate = bandwidth.limited() ? bandwidth.bytesPerSecond() : 10e9 / 8;
        out.append(String.format(Locale.ROOT, "%nthe recorded history under other policies (link times at %s; "
                + "docs/migration.md, 'Recorded migrations'):%n", bandwidth.limited() ? bandwidth : Bandwidth.parse("10Gbit")));
        List<PolicySimulation.Run> runs = new ArrayList<>();
        for (Policy p : simulate) {
            runs.add(PolicySimulation.simulate(h, graphics, pages, p, rate));
        }
        for (PolicySimulation.Run run : runs) {
            out.append(String.format(Locale.ROOT, "%s (%s):%n", run.policy(), run.note()));
            for (RoundReport x : run.rounds()) {
                out.append(String.format(Locale.ROOT, "  round %-3d %-10s %10d pages %8d zero %14d bytes %10.2f ms%n", x.round(),
                        x.phase(), x.pages(), x.zeroPages(), x.bytes(), x.ms()));
            }
        }
        out.append(String.format(Locale.ROOT, "%-12s %8s %12s %16s %16s %14s%n", "policy", "rounds", "pages", "pages stopped",
                "bytes stopped", "stop link ms"));
        for (PolicySimulation.Run run : runs) {
            out.append(String.format(Locale.ROOT, "%-12s %8d %12d %16d %16d %14.2f%n", run.policy(), run.rounds().size(),
                    run.pagesSent(), run.pagesDowntime(), run.bytesDowntime(), run.downtimeLinkMs()));
        }
    }
}
