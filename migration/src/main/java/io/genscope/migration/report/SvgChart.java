package io.genscope.migration.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws migration runs as one SVG image, written here without a library: on the left the pages
 * sent in each round (grouped by phase, so every run's stop round stands beside the others', one
 * bar per run, logarithmic axis because the bulk round is orders of magnitude larger than the
 * rest), on the right the downtime of each run (linear axis) with the pages sent while stopped
 * under it. A policy has one colour in every chart; a failed run is drawn pale and says so.
 *
 * <pre>
 * +-------------------------------------------------------------------------------+
 * | title                                      legend: [] precopy  [] gmig ...     |
 * |  pages per round (log)                |  downtime (ms)                         |
 * |  10^5 |#                              |  300 |  #                              |
 * |  10^3 |# #  #                         |      |  #     #                        |
 * |       +-precopy-|gpu-copy|stop-copy-    |      +--precopy--gmig--                |
 * +-------------------------------------------------------------------------------+
 * </pre>
 * Every bar carries its value as text (and a tooltip naming run, round and phase), so the numbers
 * can be read from the image and found by a program.
 */
public final class SvgChart {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf",
        "#7f7f7f"};
    private static final String[] POWERS = {"1", "10", "100", "1k", "10k", "100k", "1M", "10M", "100M", "1G", "10G"};
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 480;
    private static final int TOP = 80;
    private static final int BOTTOM = 400;
    private static final int LEFT_X0 = 90;
    private static final int LEFT_X1 = 680;
    private static final int RIGHT_X0 = 780;
    private static final int RIGHT_X1 = 1070;
    /** Rounds are grouped by phase in this order; phases a report names besides them follow. */
    private static final List<String> PHASE_ORDER = List.of("precopy", "gpu-copy", "gpu-stop", "stop-copy");
    /** The policies, in the order of their colours. */
    private static final List<String> PHASE_POLICIES = List.of("stop-copy", "precopy", "gmig", "genscope");
    private static final double MIN_GROUP = 70;
    private static final double CHAR_WIDTH = 6.5;

    private SvgChart() {
    }

    /** The SVG document for {@code runs} (at least one). */
    public static String render(String title, List<ChartRun> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to draw");
        }
        StringBuilder sb = new StringBuilder(16384);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        sb.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        text(sb, 20, 28, "start", 16, "bold", title);
        legend(sb, runs);
        roundsPanel(sb, runs);
        downtimePanel(sb, runs);
        return sb.append("</svg>\n").toString();
    }

    /** One entry per policy: a policy has one colour in every chart. */
    private static void legend(StringBuilder sb, List<ChartRun> runs) {
        int x = 20;
        for (String policy : runs.stream().map(ChartRun::policy).distinct().toList()) {
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"42\" width=\"14\" height=\"14\" fill=\"%s\"/>%n", x,
                    color(policy)));
            text(sb, x + 20, 54, "start", 13, "normal", policy);
            x += 40 + 8 * policy.length();
        }
        if (runs.stream().anyMatch(ChartRun::failed)) {
            text(sb, x, 54, "start", 12, "normal", "pale, \"failed\": a run that did not complete");
        }
    }

    /**
     * Rounds grouped by phase, so that the same phase of every run stands together: pre-copy rounds,
     * the one-shot round, the GPU stop, the stop round. A group is at least wide enough for its name.
     */
    private static void roundsPanel(StringBuilder sb, List<ChartRun> runs) {
        long max = 1;
        List<String> phases = new ArrayList<>(PHASE_ORDER);
        for (ChartRun r : runs) {
            for (long p : r.pages()) {
                max = Math.max(max, p);
            }
            for (String ph : r.phases()) {
                if (!phases.contains(ph)) {
                    phases.add(ph);
                }
            }
        }
        int decades = Math.max(1, (int) Math.ceil(Math.log10(max + 1)));
        text(sb, (LEFT_X0 + LEFT_X1) / 2, TOP - 8, "middle", 13, "bold", "pages sent per round");
        axes(sb, LEFT_X0, LEFT_X1);
        for (int d = 0; d <= decades; d++) {
            double y = logY(Math.pow(10, d), decades);
            grid(sb, LEFT_X0, LEFT_X1, y);
            text(sb, LEFT_X0 - 6, y + 4, "end", 11, "normal", POWERS[Math.min(d, POWERS.length - 1)]);
        }
        verticalLabel(sb, 24, (TOP + BOTTOM) / 2.0, "pages (log scale, 0 drawn at the axis)");
        // rounds of each phase per run: the group is as wide as the run with the most
        Map<String, Integer> units = new LinkedHashMap<>();
        for (String ph : phases) {
            int most = 0;
            for (ChartRun r : runs) {
                most = Math.max(most, (int) r.phases().stream().filter(ph::equals).count());
            }
            if (most > 0) {
                units.put(ph, most);
            }
        }
        if (units.isEmpty()) {
            return;
        }
        int total = units.values().stream().mapToInt(Integer::intValue).sum();
        double width = LEFT_X1 - LEFT_X0;
        double least = Math.min(MIN_GROUP, width / units.size());
        double spare = width - least * units.size();
        double x0 = LEFT_X0;
        for (Map.Entry<String, Integer> g : units.entrySet()) {
            double w = least + spare * g.getValue() / total;
            double slot = w / g.getValue();
            double bar = Math.max(2, Math.min(40, (slot - 6) / runs.size()));
            for (int r = 0; r < runs.size(); r++) {
                ChartRun run = runs.get(r);
                int j = 0;
                for (int k = 0; k < run.pages().size(); k++) {
                    if (!run.phases().get(k).equals(g.getKey())) {
                        continue;
                    }
                    double x = x0 + j * slot + (slot - bar * runs.size()) / 2 + r * bar;
                    roundBar(sb, run, k, x, bar, decades);
                    j++;
                }
            }
            String name = g.getValue() > 1 ? g.getKey() + " (" + g.getValue() + ")" : g.getKey();
            text(sb, x0 + w / 2, BOTTOM + 16, "middle", 11, "normal", fit(name, w));
            if (x0 > LEFT_X0) {
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999999\""
                        + " stroke-dasharray=\"2 3\"/>%n", x0, TOP, x0, BOTTOM + 4));
            }
            x0 += w;
        }
        text(sb, (LEFT_X0 + LEFT_X1) / 2, BOTTOM + 36, "middle", 12, "normal",
                "rounds by phase (outlined: stop-copy, sent while the vGPU is stopped)");
    }

    private static void roundBar(StringBuilder sb, ChartRun run, int k, double x, double bar, int decades) {
        long p = run.pages().get(k);
        String phase = run.phases().get(k);
        double y = p <= 0 ? BOTTOM : logY(p, decades);
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"%s%s>"
                + "<title>%s round %d (%s): %d pages%s</title></rect>%n", x, y, bar - 1, BOTTOM - y, color(run.policy()),
                phase.equals("stop-copy") ? " stroke=\"black\" stroke-width=\"1.5\"" : "",
                run.failed() ? " fill-opacity=\"0.35\"" : "", escape(run.label()), k + 1, escape(phase), p,
                run.failed() ? " (the run failed)" : ""));
        if (bar >= 11) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
                    + "transform=\"rotate(-90 %.1f %.1f)\">%d</text>%n", x + bar / 2 + 3, y - 3, x + bar / 2 + 3, y - 3, p));
        }
    }

    /** {@code s} cut to what fits in {@code width} pixels at the 11-pixel font (about 6.5 pixels a character). */
    private static String fit(String s, double width) {
        int chars = (int) (width / CHAR_WIDTH);
        return s.length() <= chars ? s : chars <= 1 ? "" : s.substring(0, chars - 1) + "\u2026";
    }

    private static void downtimePanel(StringBuilder sb, List<ChartRun> runs) {
        double max = 1;
        for (ChartRun r : runs) {
            max = Math.max(max, Math.max(r.downtimeMs(), r.gpuStallMs()));
        }
        double step = niceStep(max / 5);
        // headroom above the tallest bar for its value label
        double top = Math.ceil(max * 1.12 / step) * step;
        text(sb, (RIGHT_X0 + RIGHT_X1) / 2, TOP - 8, "middle", 13, "bold", "downtime per run");
        axes(sb, RIGHT_X0, RIGHT_X1);
        for (double v = 0; v <= top + step / 2; v += step) {
            double y = BOTTOM - (BOTTOM - TOP) * v / top;
            grid(sb, RIGHT_X0, RIGHT_X1, y);
            text(sb, RIGHT_X0 - 6, y + 4, "end", 11, "normal", number(v));
        }
        verticalLabel(sb, RIGHT_X0 - 56, (TOP + BOTTOM) / 2.0, "downtime (ms)");
        double slot = (RIGHT_X1 - RIGHT_X0) / (double) runs.size();
        double bar = Math.min(60, slot * 0.6);
        boolean dashed = false;
        for (int r = 0; r < runs.size(); r++) {
            ChartRun run = runs.get(r);
            double x = RIGHT_X0 + r * slot + (slot - bar) / 2;
            if (run.failed()) {
                // no downtime to show: an empty frame, named as failed
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\""
                        + " fill-opacity=\"0.35\" stroke=\"%s\"><title>%s: failed</title></rect>%n", x, BOTTOM - 20, bar, 20,
                        color(run.policy()), color(run.policy()), escape(run.label())));
                text(sb, x + bar / 2, BOTTOM - 25, "middle", 11, "bold", "failed");
                runLabels(sb, run, x + bar / 2, slot);
                continue;
            }
            double h = (BOTTOM - TOP) * run.downtimeMs() / top;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s: downtime %s ms, %d pages sent while stopped</title></rect>%n", x, BOTTOM - h, bar, h,
                    color(run.policy()), escape(run.label()), number(run.downtimeMs()), run.pagesDowntime()));
            double labelY = BOTTOM - h - 5;
            if (run.gpuStallMs() > run.downtimeMs()) {
                // genscope's GPU stop: the vGPU was held before the vCPUs stopped; the stall
                // stands on the downtime as a dashed outline
                double hs = (BOTTOM - TOP) * run.gpuStallMs() / top;
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
                        + " stroke=\"%s\" stroke-dasharray=\"4 3\"><title>%s: vGPU held %s ms (vCPUs stopped %s ms of it)"
                        + "</title></rect>%n", x, BOTTOM - hs, bar, hs - h, color(run.policy()), escape(run.label()),
                        number(run.gpuStallMs()), number(run.downtimeMs())));
                text(sb, x + bar / 2, BOTTOM - hs - 5, "middle", 10, "normal", "vGPU " + number(run.gpuStallMs()) + " ms");
                labelY = Math.min(labelY, BOTTOM - hs - 17);
                dashed = true;
                if (hs - h >= 14) {
                    labelY = BOTTOM - h - 5;
                }
            }
            text(sb, x + bar / 2, labelY, "middle", 11, "bold", number(run.downtimeMs()) + " ms");
            runLabels(sb, run, x + bar / 2, slot);
        }
        if (dashed) {
            text(sb, (RIGHT_X0 + RIGHT_X1) / 2, BOTTOM + 46, "middle", 10, "normal",
                    "dashed: the vGPU held alone before the vCPUs stopped");
        }
    }

    /** A run's name and its pages while stopped under its bar, cut to the width of its slot. */
    private static void runLabels(StringBuilder sb, ChartRun run, double centre, double slot) {
        text(sb, centre, BOTTOM + 16, "middle", 11, "normal", fit(run.label(), slot));
        if (!run.failed()) {
            text(sb, centre, BOTTOM + 30, "middle", 10, "normal", fit(run.pagesDowntime() + " pages stopped", slot));
        }
    }

    /** Log scale with one decade of headroom above the largest tick, for the value labels. */
    private static double logY(double v, int decades) {
        return BOTTOM - (BOTTOM - TOP) * Math.log10(Math.max(1, v)) / (decades + 1);
    }

    private static void axes(StringBuilder sb, int x0, int x1) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", x0, TOP, x0,
                BOTTOM));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", x0, BOTTOM, x1,
                BOTTOM));
    }

    private static void grid(StringBuilder sb, int x0, int x1, double y) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n", x0, y,
                x1, y));
    }

    private static void verticalLabel(StringBuilder sb, double x, double y, String s) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" "
                + "transform=\"rotate(-90 %.1f %.1f)\">%s</text>%n", x, y, x, y, escape(s)));
    }

    private static void text(StringBuilder sb, double x, double y, String anchor, int size, String weight, String s) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\">"
                + "%s</text>%n", x, y, anchor, size, weight, escape(s)));
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /** A value as the chart writes it: at most one decimal. */
    public static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** The colour of a policy, the same in every chart: the four policies first, others after them. */
    private static String color(String policy) {
        int i = PHASE_POLICIES.indexOf(policy);
        return COLORS[i >= 0 ? i : PHASE_POLICIES.size() + Math.floorMod(policy.hashCode(), COLORS.length - PHASE_POLICIES.size())];
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c < 0x20 ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
