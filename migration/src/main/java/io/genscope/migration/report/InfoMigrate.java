package io.genscope.migration.report;

import java.util.List;
import java.util.Locale;

/**
 * The human form of a report, laid out like QEMU's HMP {@code info migrate}: labelled lines, sizes
 * in kbytes, times in ms; then the vGPU-specific lines and the rounds.
 */
public final class InfoMigrate {
    private InfoMigrate() {
    }

    public static String format(MigrationReport r) {
        StringBuilder sb = new StringBuilder(1024);
        line(sb, "Migration status", r.status() + (r.error() != null ? " (" + r.error() + ")" : ""));
        line(sb, "policy", r.policy());
        line(sb, "transport", r.transport() + ", bandwidth " + (r.bandwidthLimitMbps() > 0
                ? String.format(Locale.ROOT, "%.0f mbps", r.bandwidthLimitMbps()) : "unlimited"));
        line(sb, "workload", r.workload());
        line(sb, "total time", ms(r.totalMs()));
        line(sb, "expected downtime", r.expectedDowntimeMs() < 0 ? "-" : ms(r.expectedDowntimeMs()));
        line(sb, "downtime", ms(r.downtimeMs()) + " (limit " + r.downtimeLimitMs() + " ms; device state "
                + ms(r.deviceStateMs()) + ", END to resumed " + ms(r.resumeWaitMs()) + ")");
        if (r.gpuStallMs() > r.downtimeMs()) {
            line(sb, "gpu stall", ms(r.gpuStallMs()) + " (vGPU held alone, vCPUs running, then the downtime)");
        }
        line(sb, "setup", ms(r.setupMs()));
        line(sb, "transferred ram", kb(r.bytesSent()));
        line(sb, "throughput", String.format(Locale.ROOT, "%.2f mbps", r.throughputMbps()));
        line(sb, "remaining ram", kb(0));
        line(sb, "total ram", kb(r.memoryBytes()));
        line(sb, "duplicate", r.zeroPages() + " pages");
        line(sb, "normal", (r.pagesSent() - r.zeroPages()) + " pages");
        line(sb, "normal bytes", kb((r.pagesSent() - r.zeroPages()) * 4096));
        line(sb, "dirty sync count", Integer.toString(r.dirtySyncCount()));
        line(sb, "page size", "4 kbytes");
        line(sb, "dirty pages rate", String.format(Locale.ROOT, "%.0f pages", r.dirtyPagesRate()));
        line(sb, "precopy ram", kb(r.bytesSent() - r.bytesSentDowntime()));
        line(sb, "downtime ram", kb(r.bytesSentDowntime()));
        line(sb, "vgpu graphics memory", kb(r.graphicsBytes()));
        line(sb, "vgpu device state", kb(r.deviceStateBytes()));
        line(sb, "pages sent", Long.toString(r.pagesSent()));
        line(sb, "pages sent in downtime", Long.toString(r.pagesSentDowntime()));
        line(sb, "pages skipped by hash", Long.toString(r.pagesSkippedByHash()));
        line(sb, "pages hashed", r.pagesHashed() + (r.pagesSampledOut() > 0 ? " (+" + r.pagesSampledOut()
                + " found changed by sampling)" : ""));
        line(sb, "hash time", ms(r.hashMs()) + " (" + ms(r.stopHashMs()) + " while stopped)");
        line(sb, "workload writes", r.cpuWrites() + " cpu, " + r.gpuWrites() + " gpu pages");
        CompressionReport c = r.compression();
        if (c != null) {
            PageCounts t = c.totals();
            line(sb, "compression", c.mode() + String.format(Locale.ROOT, ", ratio %.2f (%s kbytes of pages as %s kbytes),"
                    + " encode %.1f ms", t.ratio(), t.bytesBefore() / 1024, t.bytesAfter() / 1024, t.encodeMs()));
            line(sb, "compressed pages", t.lz4() + " lz4, " + t.delta() + " delta, " + t.raw() + " raw, " + t.zero()
                    + " zero" + (c.deltaLookups() > 0 ? " (delta cache " + c.deltaCacheBytes() / 1024 + " kbytes: "
                    + c.deltaHits() + " of " + c.deltaLookups() + " pages found)" : ""));
        }
        line(sb, "verified", r.verified() == null ? "not asked (--verify)" : r.verified() ? "yes" : "NO");
        if (r.sourceDigest() != null) {
            line(sb, "source digest", r.sourceDigest());
            line(sb, "destination digest", r.destinationDigest() == null ? "-" : r.destinationDigest());
        }
        List<RoundReport> rounds = r.rounds();
        if (!rounds.isEmpty()) {
            sb.append("rounds:\n");
            sb.append(String.format(Locale.ROOT, "  %5s  %-10s %10s %10s %12s %10s%n", "round", "phase", "pages", "zero",
                    "kbytes", "ms"));
            for (RoundReport x : rounds) {
                sb.append(String.format(Locale.ROOT, "  %5d  %-10s %10d %10d %12d %10.1f", x.round(), x.phase(), x.pages(),
                        x.zeroPages(), x.bytes() / 1024, x.ms()));
                PageCounts e = x.encoding();
                if (e != null) {
                    sb.append(String.format(Locale.ROOT, "  lz4 %d, delta %d, raw %d, ratio %.2f", e.lz4(), e.delta(), e.raw(),
                            e.ratio()));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(label).append(": ").append(value).append('\n');
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f ms", v);
    }

    private static String kb(long bytes) {
        return (bytes / 1024) + " kbytes";
    }
}
