package io.genscope.migration.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a chart shows of one migration run: its policy, pages per round (with the phase of each
 * round) and downtime, read back from a JSON report ({@code genscope migrate --json}).
 *
 * @param label the policy, with the file it came from when two runs share a policy
 * @param policy the policy alone (what the run's colour follows)
 * @param failed whether the run failed (its downtime is then no result)
 * @param phases phase of each round, in order
 * @param pages page records of each round
 * @param downtimeMs source stop to destination resumed
 * @param pagesDowntime pages sent while stopped
 * @param gpuStallMs vGPU held to destination resumed ({@code gpu_stall_ms}; the downtime when the
 *     report has no such key or the vGPU was not held before the vCPUs stopped)
 */
public record ChartRun(String label, String policy, boolean failed, List<String> phases, List<Long> pages,
        double downtimeMs, long pagesDowntime, double gpuStallMs) {
    public ChartRun {
        phases = List.copyOf(phases);
        pages = List.copyOf(pages);
    }

    /**
     * The runs in a report file's text: one report object, an array of them, or
     * {@code {"runs": [...], ...}} as {@code migrate --policy a,b --json} prints.
     *
     * @throws IllegalArgumentException when the text is not such a report
     */
    public static List<ChartRun> read(String json) {
        Object v = JsonValue.parse(json);
        List<ChartRun> out = new ArrayList<>();
        collect(v, out);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no migration report (an object with \"policy\" and \"rounds\") in it");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object v, List<ChartRun> out) {
        if (v instanceof List<?> l) {
            for (Object o : l) {
                collect(o, out);
            }
        } else if (v instanceof Map<?, ?> m) {
            if (m.containsKey("runs")) {
                collect(m.get("runs"), out);
            } else if (m.get("vgpu") instanceof Map<?, ?> vgpu) {
                // query-migrate's shape: genscope's figures are in its vgpu object
                collect(vgpu, out);
            } else if (m.get("policy") instanceof String p && m.get("rounds") instanceof List<?> rounds) {
                List<String> phases = new ArrayList<>();
                List<Long> pages = new ArrayList<>();
                for (Object r : rounds) {
                    if (r instanceof Map<?, ?> round) {
                        phases.add(round.get("phase") instanceof String s ? s : "?");
                        pages.add(round.get("pages") instanceof Double d ? d.longValue() : 0L);
                    }
                }
                double downtime = number((Map<String, Object>) m, "downtime_ms");
                double stall = Math.max(downtime, number((Map<String, Object>) m, "gpu_stall_ms"));
                boolean failed = "failed".equals(m.get("status"));
                out.add(new ChartRun(p, p, failed, phases, pages, downtime,
                        (long) number((Map<String, Object>) m, "pages_sent_downtime"), stall));
            }
        }
    }

    private static double number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Double d ? d : 0;
    }

    /** The same run under another label. */
    public ChartRun labelled(String l) {
        return new ChartRun(l, policy, failed, phases, pages, downtimeMs, pagesDowntime, gpuStallMs);
    }
}
