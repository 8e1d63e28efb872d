package io.genscope.migration.report;

import io.genscope.parser.print.Json;
import java.util.List;
import java.util.Locale;

/** The JSON form of a {@link MigrationReport} (snake_case keys, one object). */
public final class ReportJson {
    private ReportJson() {
    }

    public static String toJson(MigrationReport r) {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("{\n");
        str(sb, "policy", r.policy());
        str(sb, "status", r.status());
        str(sb, "error", r.error());
        str(sb, "workload", r.workload());
        str(sb, "transport", r.transport());
        num(sb, "bandwidth_limit_mbps", r.bandwidthLimitMbps());
        num(sb, "downtime_limit_ms", r.downtimeLimitMs());
        num(sb, "memory_bytes", r.memoryBytes());
        num(sb, "graphics_bytes", r.graphicsBytes());
        num(sb, "total_ms", r.totalMs());
        num(sb, "setup_ms", r.setupMs());
        num(sb, "downtime_ms", r.downtimeMs());
        num(sb, "gpu_stall_ms", r.gpuStallMs());
        num(sb, "expected_downtime_ms", r.expectedDowntimeMs());
        sb.append("  \"rounds\": [");
        List<RoundReport> rounds = r.rounds();
        for (int i = 0; i < rounds.size(); i++) {
            RoundReport x = rounds.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "    {\"round\": %d, \"phase\": \"%s\", \"pages\": %d, \"zero_pages\": %d, \"bytes\": %d, \"ms\": %.3f%s}",
                    x.round(), x.phase(), x.pages(), x.zeroPages(), x.bytes(), x.ms(), encoding(x.encoding())));
        }
        sb.append(rounds.isEmpty() ? "],\n" : "\n  ],\n");
        num(sb, "pages_sent", r.pagesSent());
        num(sb, "zero_pages", r.zeroPages());
        num(sb, "pages_sent_downtime", r.pagesSentDowntime());
        num(sb, "bytes_sent", r.bytesSent());
        num(sb, "bytes_sent_downtime", r.bytesSentDowntime());
        num(sb, "device_state_bytes", r.deviceStateBytes());
        num(sb, "device_state_ms", r.deviceStateMs());
        num(sb, "resume_wait_ms", r.resumeWaitMs());
        num(sb, "pages_skipped_by_hash", r.pagesSkippedByHash());
        num(sb, "pages_hashed", r.pagesHashed());
        num(sb, "pages_sampled_out", r.pagesSampledOut());
        num(sb, "hash_ms", r.hashMs());
        num(sb, "stop_hash_ms", r.stopHashMs());
        num(sb, "throughput_mbps", r.throughputMbps());
        num(sb, "dirty_pages_rate", r.dirtyPagesRate());
        num(sb, "dirty_sync_count", r.dirtySyncCount());
        num(sb, "cpu_writes", r.cpuWrites());
        num(sb, "gpu_writes", r.gpuWrites());
        sb.append("  \"compression\": ").append(compression(r.compression())).append(",\n");
        sb.append("  \"verified\": ").append(r.verified() == null ? "null" : r.verified().toString()).append(",\n");
        str(sb, "source_digest", r.sourceDigest());
        sb.append("  \"destination_digest\": ");
        if (r.destinationDigest() == null) {
            sb.append("null");
        } else {
            Json.string(sb, r.destinationDigest());
        }
        return sb.append("\n}").toString();
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

    private static void str(StringBuilder sb, String key, String value) {
        sb.append("  \"").append(key).append("\": ");
        if (value == null) {
            sb.append("null");
        } else {
            Json.string(sb, value);
        }
        sb.append(",\n");
    }

    private static void num(StringBuilder sb, String key, double value) {
        sb.append("  \"").append(key).append("\": ");
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            sb.append((long) value);
        } else {
            sb.append(String.format(Locale.ROOT, "%.3f", value));
        }
        sb.append(",\n");
    }
}
