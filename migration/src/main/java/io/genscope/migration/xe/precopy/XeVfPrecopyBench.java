package io.genscope.migration.xe.precopy;

import io.genscope.migration.report.ChartRun;
import io.genscope.migration.report.SvgChart;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of docs/benchmarks.md's VF pre-copy section ({@code bench/xe-vf-precopy.sh}): each
 * policy at each emulated link rate on a fresh VF of the workload, the stream written to a file,
 * restored with the reader and checked by digest against the source at its stop; a markdown table,
 * one JSON object per run and an SVG chart.
 *
 * <pre>
 * XeVfPrecopyBench [--workload xe-vf:...] [--rates 10,25,100] [--policies stop-copy,gmig,genscope]
 *                  [--no-gpu-stop-too] [--settle-ms 1000] [--capture FILE.aub[.xz] [--speed 1]]
 *                  --dir SCRATCH --out PREFIX
 * </pre>
 * With {@code --capture} the VF replays that capture in a loop ({@link CaptureReplay}) on top of the workload.
 * Stream files go to SCRATCH and are deleted after each run; PREFIX.md, PREFIX.jsonl and PREFIX.svg
 * are written (never over an existing file).
 */
public final class XeVfPrecopyBench {
    private XeVfPrecopyBench() {
    }

    /** One run's outcome. */
    private record Row(double gbit, String label, VfResult result, boolean verified, long writes) {
    }

    /** Makes a fresh VF for each run. */
    @FunctionalInterface
    private interface Maker {
        SyntheticVf make(VfSpec spec) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--no-gpu-stop-too")) {
                opt.put(a, "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                opt.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        VfSpec spec = VfSpec.parse(opt.getOrDefault("--workload", "xe-vf"));
        List<Double> rates = List.of(opt.getOrDefault("--rates", "10,25,100").split(",")).stream()
                .map(Double::parseDouble).toList();
        List<VfPolicy> policies = List.of(opt.getOrDefault("--policies", "stop-copy,gmig,genscope").split(",")).stream()
                .map(VfPolicy::parse).toList();
        boolean noHoldToo = opt.containsKey("--no-gpu-stop-too");
        long settle = Long.parseLong(opt.getOrDefault("--settle-ms", "1000"));
        Path dir = Path.of(required(opt, "--dir"));
        String out = required(opt, "--out");
        for (String ext : List.of(".md", ".jsonl", ".svg")) {
            if (Files.exists(Path.of(out + ext))) {
                throw new IllegalArgumentException(out + ext + " exists; not replaced");
            }
        }
        Files.createDirectories(dir);
        String capture = opt.get("--capture");
        double speed = Double.parseDouble(opt.getOrDefault("--speed", "1"));
        Maker maker = capture == null ? SyntheticVf::create : s -> CaptureReplay.create(Path.of(capture), s, speed).vf();
        // the code of every stop runs once before anything is measured (JIT)
        VfSpec small = VfSpec.parse("xe-vf:quota=64M,rate=20000,seed=" + spec.seed());
        for (VfPolicy p : VfPolicy.ALL) {
            run(maker, small, p, VfOptions.unlimited(), dir, 0, 100, p.name());
        }
        String workload = spec.describe() + (capture == null ? "" : ", replaying " + Path.of(capture).getFileName()
                + " in a loop at speed " + fmt(speed));
        System.out.println("workload: " + workload);
        List<Row> rows = new ArrayList<>();
        for (double gbit : rates) {
            VfOptions o = VfOptions.unlimited().atRate(gbit * 1e9 / 8);
            for (VfPolicy p : policies) {
                rows.add(run(maker, spec, p, o, dir, gbit, settle, p.name()));
                if (noHoldToo && p instanceof GenscopeVf) {
                    rows.add(run(maker, spec, p, o.withGpuStop(false), dir, gbit, settle, "genscope, no GPU hold"));
                }
            }
        }
        String table = table(workload, rows);
        System.out.print(table);
        Files.writeString(Path.of(out + ".md"), table, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        Files.writeString(Path.of(out + ".jsonl"), rows.stream().map(XeVfPrecopyBench::json)
                .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        List<ChartRun> chart = rows.stream().map(r -> new ChartRun(shortLabel(r.label()) + " " + fmt(r.gbit()) + "G",
                r.result().policy(), !r.verified(), r.result().rounds().stream().map(VfRound::phase).toList(),
                r.result().rounds().stream().map(VfRound::pages).toList(), r.result().downtimeMs(),
                r.result().pagesDowntime(), r.result().gpuStallMs())).toList();
        Files.writeString(Path.of(out + ".svg"), SvgChart.render("xe VF VRAM, " + spec.quota() / (1 << 20)
                + " MiB quota: VRAM pages per round and downtime, at " + rates.stream().map(XeVfPrecopyBench::fmt)
                .collect(Collectors.joining(", ")) + " Gbit/s", chart), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private static Row run(Maker maker, VfSpec spec, VfPolicy policy, VfOptions options, Path dir, double gbit, long settleMs,
            String label) throws IOException, InterruptedException {
        Path file = dir.resolve("xe-vf-" + policy.name() + ".bin");
        Files.deleteIfExists(file);
        try (SyntheticVf vf = maker.make(spec)) {
            vf.start();
            Thread.sleep(settleMs);
            VfResult r;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                r = VfMigration.migrate(vf, policy, options, ch);
            }
            boolean ok;
            try (RestoredVf restored = VfRestore.restore(file, spec.quota())) {
                ok = restored.problems().isEmpty() && restored.matches(vf);
                restored.problems().stream().limit(5).forEach(p -> System.err.println(file + ": " + p));
            }
            System.err.printf(Locale.ROOT, "%s at %s Gbit/s: downtime %.1f ms, %.2f MB in downtime, %.0f MB sent, %s%n",
                    label, fmt(gbit), r.downtimeMs(), r.bytesDowntime() / 1e6, r.bytesSent() / 1e6, ok ? "verified" : "NOT VERIFIED");
            return new Row(gbit, label, r, ok, vf.writes());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String table(String workload, List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("workload: `").append(workload).append("`\n\n");
        sb.append("| link Gbit/s | policy | downtime ms | VRAM writers held ms | MB in downtime | less than stop-copy"
                + " | those MB on the link alone, ms | MB sent | total s | rounds: phase pages | stop re-hash ms | hot pages"
                + " | packets | verified |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            VfResult r = row.result();
            long stopCopy = rows.stream().filter(o -> o.gbit() == row.gbit() && o.result().policy().equals("stop-copy"))
                    .mapToLong(o -> o.result().bytesDowntime()).findFirst().orElse(0);
            String less = stopCopy == 0 ? "" : String.format(Locale.ROOT, "%.2f%%", 100.0 * (stopCopy - r.bytesDowntime())
                    / stopCopy);
            String rounds = r.rounds().stream().map(x -> x.phase() + " " + x.pages()).collect(Collectors.joining(" / "));
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.2f | %s | %.1f | %.0f | %.1f | %s | %.0f | %d | %d | %s |%n",
                    fmt(row.gbit()), row.label(), r.downtimeMs(), r.gpuStallMs(), r.bytesDowntime() / 1e6, less,
                    row.gbit() > 0 ? r.bytesDowntime() * 8 / (row.gbit() * 1e6) : 0, r.bytesSent() / 1e6, r.totalMs() / 1e3, rounds, r.stopHashMs(), r.hotPages(), r.packets(),
                    row.verified() ? "yes" : "NO"));
        }
        return sb.toString();
    }

    private static String json(Row row) {
        VfResult r = row.result();
        String rounds = r.rounds().stream().map(x -> String.format(Locale.ROOT,
                "{\"phase\":\"%s\",\"pages\":%d,\"bytes\":%d,\"packets\":%d,\"ms\":%.3f,\"hashed\":%d}", x.phase(), x.pages(),
                x.bytes(), x.packets(), x.millis(), x.hashed())).collect(Collectors.joining(","));
        return String.format(Locale.ROOT, "{\"label\":\"%s\",\"policy\":\"%s\",\"link_gbit\":%s,\"quota\":%d,"
                + "\"downtime_ms\":%.3f,\"gpu_stall_ms\":%.3f,\"bytes_sent\":%d,\"bytes_sent_downtime\":%d,"
                + "\"pages_sent_downtime\":%d,\"total_ms\":%.3f,\"packets\":%d,\"stop_hash_ms\":%.3f,\"hot_pages\":%d,"
                + "\"vram_writes\":%d,\"verified\":%s,\"rounds\":[%s]}", row.label(), r.policy(), fmt(row.gbit()), r.quota(),
                r.downtimeMs(), r.gpuStallMs(), r.bytesSent(), r.bytesDowntime(), r.pagesDowntime(), r.totalMs(),
                r.packets(), r.stopHashMs(), r.hotPages(), row.writes(), row.verified(), rounds);
    }

    /** Chart labels are narrow: xe, gmig, gs, gs/nh. */
    private static String shortLabel(String label) {
        return switch (label) {
            case "stop-copy" -> "xe";
            case "genscope" -> "gs";
            case "gmig" -> "gmig";
            default -> "gs/nh";
        };
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String required(Map<String, String> opt, String key) {
        String v = opt.get(key);
        if (v == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        return v;
    }
}
