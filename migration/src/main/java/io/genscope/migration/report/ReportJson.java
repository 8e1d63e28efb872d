package io.genscope.migration.report;

import io.genscope.parser.print.Json;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of a {@link MigrationReport}: one object in the shape of QEMU's
 * {@code query-migrate} answer, so that tools written for QMP read it as they are:
 *
 * <pre>
 * { "status", "total-time", "setup-time", "downtime", "expected-downtime"   (milliseconds, whole)
 *   "ram":  { "transferred", "remaining", "total", "duplicate", "normal", "normal-bytes", "mbps",
 *             "dirty-sync-count", "page-size", "precopy-bytes", "downtime-bytes",
 *             "pages-per-second", "dirty-pages-rate" }
 *   "vgpu": { genscope's own figures, snake_case: policy, rounds, exact times, hashing, ... } }
 * </pre>
 *
 * {@code ram.remaining} is 0 for a completed migration and null for a failed one (what was left
 * is not known once the link is gone).
 */
public final class ReportJson {
    /** The page size of {@code ram.page-size}. */
    private static final int PAGE_SIZE = 4096;
    private static final String IN = "    ";

    private ReportJson() {
    }

    public static String toJson(MigrationReport r) {
        StringBuilder sb = new StringBuilder(3072);
        sb.append("{\n");
        str(sb, "  ", "status", r.status());
        num(sb, "  ", "total-time", Math.round(r.totalMs()));
        num(sb, "  ", "setup-time", Math.round(r.setupMs()));
        num(sb, "  ", "downtime", Math.round(r.downtimeMs()));
        num(sb, "  ", "expected-downtime", Math.round(r.expectedDowntimeMs()));
        ram(sb, r);
        sb.append("  \"vgpu\": {\n");
        vgpu(sb, r);
        return sb.append("\n  }\n}").toString();
    }

    /** query-migrate's {@code ram} object. */
    private static void ram(StringBuilder sb, MigrationReport r) {
        long normal = r.pagesSent() - r.zeroPages();
        double seconds = Math.max(0, r.totalMs() - r.setupMs()) / 1000;
        sb.append("  \"ram\": {\n");
        num(sb, IN, "transferred", r.bytesSent() - r.deviceStateBytes());
        sb.append(IN).append("\"remaining\": ").append(r.completed() ? "0" : "null").append(",\n");
        num(sb, IN, "total", r.memoryBytes());
        num(sb, IN, "duplicate", r.zeroPages());
        num(sb, IN, "normal", normal);
        num(sb, IN, "normal-bytes", normal * PAGE_SIZE);
        num(sb, IN, "mbps", r.throughputMbps());
        num(sb, IN, "dirty-sync-count", r.dirtySyncCount());
        num(sb, IN, "page-size", PAGE_SIZE);
        num(sb, IN, "precopy-bytes", r.bytesSent() - r.bytesSentDowntime());
        num(sb, IN, "downtime-bytes", r.bytesSentDowntime());
        num(sb, IN, "pages-per-second", seconds > 0 ? Math.round(r.pagesSent() / seconds) : 0);
        sb.append(IN).append("\"dirty-pages-rate\": ");
        number(sb, Math.round(r.dirtyPagesRate()));
        sb.append("\n  },\n");
    }

    /** genscope's own figures. */
    private static void vgpu(StringBuilder sb, MigrationReport r) {
        String i = IN;
        str(sb, i, "policy", r.policy());
        str(sb, i, "status", r.status());
        str(sb, i, "error", r.error());
        str(sb, i, "workload", r.workload());
        str(sb, i, "transport", r.transport());
        num(sb, i, "bandwidth_limit_mbps", r.bandwidthLimitMbps());
        num(sb, i, "downtime_limit_ms", r.downtimeLimitMs());
        num(sb, i, "memory_bytes", r.memoryBytes());
        num(sb, i, "graphics_bytes", r.graphicsBytes());
        num(sb, i, "total_ms", r.totalMs());
        num(sb, i, "setup_ms", r.setupMs());
        num(sb, i, "downtime_ms", r.downtimeMs());
        num(sb, i, "gpu_stall_ms", r.gpuStallMs());
        num(sb, i, "expected_downtime_ms", r.expectedDowntimeMs());
        sb.append(i).append("\"rounds\": [");
        List<RoundReport> rounds = r.rounds();
        for (int k = 0; k < rounds.size(); k++) {
            RoundReport x = rounds.get(k);
            sb.append(k == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "      {\"round\": %d, \"phase\": \"%s\", \"pages\": %d, \"zero_pages\": %d, \"bytes\": %d, \"ms\": %.3f%s}",
                    x.round(), x.phase(), x.pages(), x.zeroPages(), x.bytes(), x.ms(), encoding(x.encoding())));
        }
        sb.append(rounds.isEmpty() ? "],\n" : "\n" + i + "],\n");
        num(sb, i, "pages_sent", r.pagesSent());
        num(sb, i, "zero_pages", r.zeroPages());
        num(sb, i, "pages_sent_downtime", r.pagesSentDowntime());
        num(sb, i, "bytes_sent", r.bytesSent());
        num(sb, i, "bytes_sent_downtime", r.bytesSentDowntime());
        num(sb, i, "device_state_bytes", r.deviceStateBytes());
        num(sb, i, "device_state_ms", r.deviceStateMs());
        num(sb, i, "resume_wait_ms", r.resumeWaitMs());
        num(sb, i, "pages_skipped_by_hash", r.pagesSkippedByHash());
        num(sb, i, "pages_hashed", r.pagesHashed());
        num(sb, i, "pages_sampled_out", r.pagesSampledOut());
        num(sb, i, "hash_ms", r.hashMs());
        num(sb, i, "stop_hash_ms", r.stopHashMs());
        num(sb, i, "throughput_mbps", r.throughputMbps());
        num(sb, i, "dirty_pages_rate", r.dirtyPagesRate());
        num(sb, i, "dirty_sync_count", r.dirtySyncCount());
        num(sb, i, "cpu_writes", r.cpuWrites());
        num(sb, i, "gpu_writes", r.gpuWrites());
        sb.append(i).append("\"compression\": ").append(compression(r.compression())).append(",\n");
        sb.append(i).append("\"verified\": ").append(r.verified() == null ? "null" : r.verified().toString()).append(",\n");
        str(sb, i, "source_digest", r.sourceDigest());
        sb.append(i).append("\"destination_digest\": ");
        if (r.destinationDigest() == null) {
            sb.append("null");
        } else {
            Json.string(sb, r.destinationDigest());
        }
    }

    /** The per-kind keys of a round with compression on ("" when off). */
    private static String encoding(PageCounts c) {
        if (c == null) {
            return "";
        }
        return String.format(Locale.ROOT, ", \"raw_pages\": %d, \"lz4_pages\": %d, \"delta_pages\": %d, "
                + "\"page_bytes_before\": %d, \"page_bytes_after\": %d, \"ratio\": %.3f, \"encode_ms\": %.3f", c.raw(),
                c.lz4(), c.delta(), c.bytesBefore(), c.bytesAfter(), c.ratio(), c.encodeMs());
    }

    /** The compression object, or null when compression was off. */
    private static String compression(CompressionReport c) {
        if (c == null) {
            return "null";
        }
        PageCounts t = c.totals();
        StringBuilder sb = new StringBuilder("{\"mode\": ");
        Json.string(sb, c.mode());
        sb.append(String.format(Locale.ROOT, ", \"raw_pages\": %d, \"zero_pages\": %d, \"lz4_pages\": %d, "
                + "\"delta_pages\": %d, \"page_bytes_before\": %d, \"page_bytes_after\": %d, \"ratio\": %.3f, "
                + "\"encode_ms\": %.3f, \"delta_cache_bytes\": %d, \"delta_cache_lookups\": %d, \"delta_cache_hits\": %d, "
                + "\"lz4_implementation\": ", t.raw(), t.zero(), t.lz4(), t.delta(), t.bytesBefore(), t.bytesAfter(),
                t.ratio(), t.encodeMs(), c.deltaCacheBytes(), c.deltaLookups(), c.deltaHits()));
        Json.string(sb, c.lz4Implementation());
        return sb.append('}').toString();
    }

    /** Several reports as a JSON array. */
    public static String toJson(List<MigrationReport> reports) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < reports.size(); i++) {
            sb.append(i == 0 ? "\n" : ",\n").append(toJson(reports.get(i)));
        }
        return sb.append("\n]").toString();
    }

    private static void str(StringBuilder sb, String indent, String key, String value) {
        sb.append(indent).append('"').append(key).append("\": ");
        if (value == null) {
            sb.append("null");
        } else {
            Json.string(sb, value);
        }
        sb.append(",\n");
    }

    private static void num(StringBuilder sb, String indent, String key, double value) {
        sb.append(indent).append('"').append(key).append("\": ");
        number(sb, value);
        sb.append(",\n");
    }

    private static void number(StringBuilder sb, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            sb.append((long) value);
        } else {
            sb.append(String.format(Locale.ROOT, "%.3f", value));
        }
    }
}
