package io.genscope.migration.report;

import java.util.List;
import java.util.Locale;

/**
 * Draws migration runs as one SVG image, written here without a library: on the left the pages
 * sent in each round (grouped by round number, one bar per run, logarithmic axis because the bulk
 * round is orders of magnitude larger than the rest), on the right the downtime of each run
 * (linear axis) with the pages sent while stopped under it.
 *
 * <pre>
 * +-------------------------------------------------------------------------------+
 * | title                                      legend: [] precopy  [] gmig ...     |
 * |  pages per round (log)                |  downtime (ms)                         |
 * |  10^5 |#                              |  300 |  #                              |
 * |  10^3 |# #  #                         |      |  #     #                        |
 * |       +--1--2--3--stop--             |      +--precopy--gmig--                |
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

    private static void legend(StringBuilder sb, List<ChartRun> runs) {
        int x = 20;
        for (int r = 0; r < runs.size(); r++) {
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"42\" width=\"14\" height=\"14\" fill=\"%s\"/>%n", x,
                    color(r)));
            text(sb, x + 20, 54, "start", 13, "normal", runs.get(r).label());
            x += 40 + 8 * runs.get(r).label().length();
        }
    }

    private static void roundsPanel(StringBuilder sb, List<ChartRun> runs) {
        int rounds = 0;
        long max = 1;
        for (ChartRun r : runs) {
            rounds = Math.max(rounds, r.pages().size());
            for (long p : r.pages()) {
                max = Math.max(max, p);
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
        if (rounds == 0) {
            return;
        }
        double slot = (LEFT_X1 - LEFT_X0) / (double) rounds;
        double bar = Math.max(2, Math.min(40, (slot - 6) / runs.size()));
        for (int k = 0; k < rounds; k++) {
            double x0 = LEFT_X0 + k * slot + (slot - bar * runs.size()) / 2;
            String label = Integer.toString(k + 1);
            for (int r = 0; r < runs.size(); r++) {
                ChartRun run = runs.get(r);
                if (k >= run.pages().size()) {
                    continue;
                }
                long p = run.pages().get(k);
                String phase = run.phases().get(k);
                double y = p <= 0 ? BOTTOM : logY(p, decades);
                double x = x0 + r * bar;
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"%s>"
                        + "<title>%s round %d (%s): %d pages</title></rect>%n", x, y, bar - 1, BOTTOM - y, color(r),
                        phase.equals("stop-copy") ? " stroke=\"black\" stroke-width=\"1.5\"" : "", escape(run.label()), k + 1,
                        escape(phase), p));
                if (bar >= 11) {
                    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
                            + "transform=\"rotate(-90 %.1f %.1f)\">%d</text>%n", x + bar / 2 + 3, y - 3, x + bar / 2 + 3, y - 3, p));
                }
                if (phase.equals("stop-copy") && slot >= 44) {
                    label = k + 1 + " stop";
                }
            }
            if (rounds <= 40 || k % Math.max(1, rounds / 20) == 0) {
                text(sb, LEFT_X0 + (k + 0.5) * slot, BOTTOM + 16, "middle", 11, "normal", label);
            }
        }
        text(sb, (LEFT_X0 + LEFT_X1) / 2, BOTTOM + 36, "middle", 12, "normal",
                "round (outlined: stop-copy, sent while the vGPU is stopped)");
    }

    private static void downtimePanel(StringBuilder sb, List<ChartRun> runs) {
        double max = 1;
        for (ChartRun r : runs) {
            max = Math.max(max, Math.max(r.downtimeMs(), r.gpuStallMs()));
        }
        double step = niceStep(max / 5);
        double top = Math.ceil(max / step) * step;
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
            double h = (BOTTOM - TOP) * run.downtimeMs() / top;
            double x = RIGHT_X0 + r * slot + (slot - bar) / 2;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s: downtime %s ms, %d pages sent while stopped</title></rect>%n", x, BOTTOM - h, bar, h, color(r),
                    escape(run.label()), number(run.downtimeMs()), run.pagesDowntime()));
            double labelY = BOTTOM - h - 5;
            if (run.gpuStallMs() > run.downtimeMs()) {
                // genscope's GPU stop: the vGPU was held before the vCPUs stopped; the stall
                // stands on the downtime as a dashed outline
                double hs = (BOTTOM - TOP) * run.gpuStallMs() / top;
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
                        + " stroke=\"%s\" stroke-dasharray=\"4 3\"><title>%s: vGPU held %s ms (vCPUs stopped %s ms of it)"
                        + "</title></rect>%n", x, BOTTOM - hs, bar, hs - h, color(r), escape(run.label()),
                        number(run.gpuStallMs()), number(run.downtimeMs())));
                text(sb, x + bar / 2, BOTTOM - hs - 5, "middle", 10, "normal", "vGPU " + number(run.gpuStallMs()) + " ms");
                labelY = Math.min(labelY, BOTTOM - hs - 17);
                dashed = true;
                if (hs - h >= 14) {
                    labelY = BOTTOM - h - 5;
                }
            }
            text(sb, x + bar / 2, labelY, "middle", 11, "bold", number(run.downtimeMs()) + " ms");
            text(sb, x + bar / 2, BOTTOM + 16, "middle", 11, "normal", run.label());
            text(sb, x + bar / 2, BOTTOM + 30, "middle", 10, "normal", run.pagesDowntime() + " pages stopped");
        }
        if (dashed) {
            text(sb, (RIGHT_X0 + RIGHT_X1) / 2, BOTTOM + 46, "middle", 10, "normal",
                    "dashed: the vGPU held alone before the vCPUs stopped");
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

    private static String color(int r) {
        return COLORS[r % COLORS.length];
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
