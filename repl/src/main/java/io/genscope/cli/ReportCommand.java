package io.genscope.cli;

import io.genscope.migration.report.ChartRun;
import io.genscope.migration.report.SvgChart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genscope report RUN.json... -o chart.svg}: pages per round and downtime of each run, as SVG. */
@Command(name = "report",
        header = "Draw migration reports (genscope migrate --json) as an SVG chart of pages per round and downtime.",
        description = {"Each input holds one run or several policies; every run gets one colour, side by side.",
                "The chart is written to a temporary file and renamed; an existing one is replaced only with --force."})
final class ReportCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(paramLabel = "RUN.json", arity = "1..*", description = "reports written by genscope migrate --json")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.svg", required = true, description = "the chart to write")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Replace the chart file when it exists")
    boolean force;

    @Option(names = "--title", paramLabel = "TEXT", description = "chart title (default: the files' names)")
    String title;

    @Override
    public Integer call() throws Exception {
        CliFiles.output(output, force);
        List<ChartRun> runs = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Path p : inputs) {
            List<ChartRun> read;
            try {
                read = ChartRun.read(Files.readString(CliFiles.input(p), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                System.err.println("genscope: report: " + p + ": " + e.getMessage());
                return 1;
            }
            for (ChartRun r : read) {
                int n = seen.merge(r.label(), 1, Integer::sum);
                runs.add(n == 1 ? r : r.labelled(r.label() + " #" + n));
            }
        }
        String t = title != null ? title : "genscope migrate: " + String.join(", ",
                inputs.stream().map(p -> p.getFileName().toString()).toList());
        String svg = SvgChart.render(t, runs);
        CliFiles.write(output, force, tmp -> Files.writeString(tmp, svg, StandardCharsets.UTF_8));
        for (ChartRun r : runs) {
            System.out.printf(Locale.ROOT, "%-12s %3d rounds, downtime %s ms, %d pages while stopped%n", r.label(),
                    r.pages().size(), SvgChart.number(r.downtimeMs()), r.pagesDowntime());
        }
        System.out.println("wrote " + output);
        return 0;
    }
}
