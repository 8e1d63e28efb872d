package io.genscope.repl.commands;

import io.genscope.repl.Args;
import io.genscope.repl.Numbers;
import io.genscope.repl.Output;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import io.genscope.spec.Engine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code stats}: how often each command occurs, per engine. */
final class StatsCommand implements ShellCommand {
    @Override
    public String name() {
        return "stats";
    }

    @Override
    public String synopsis() {
        return "stats [N]";
    }

    @Override
    public String summary() {
        return "command histogram per engine (whole capture, or submission N)";
    }

    @Override
    public String help() {
        return """
                For each engine, how many times each command was walked (rings and every batch they start,
                as 'genscope decode' walks them), most frequent first, with its share of the engine's commands.
                With N, submission N only.
                Examples:
                  stats
                  stats 2""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        args.atMost(1, synopsis());
        LoadedCapture c = ctx.capture();
        List<Item> items = c.items();
        if (!args.isEmpty()) {
            String w = args.get(0);
            items = List.of(c.item(Numbers.index(w.startsWith("s") ? w.substring(1) : w, c.items().size(), "submission")));
        }
        Map<Engine, Map<String, Integer>> counts = new EnumMap<>(Engine.class);
        Map<Engine, Integer> subs = new EnumMap<>(Engine.class);
        for (Item i : items) {
            Map<String, Integer> m = counts.computeIfAbsent(i.engine(), e -> new HashMap<>());
            subs.merge(i.engine(), 1, Integer::sum);
            for (int k = i.firstEntry(); k < i.endEntry(); k++) {
                Entry e = c.entry(k);
                m.merge(e.name(), 1, Integer::sum);
            }
        }
        Output out = ctx.out();
        if (counts.isEmpty()) {
            out.line("no submissions");
            return;
        }
        for (var engine : counts.entrySet()) {
            int total = engine.getValue().values().stream().mapToInt(Integer::intValue).sum();
            out.line(String.format("%s: %d commands in %d submission%s", engine.getKey().specName(), total,
                    subs.get(engine.getKey()), subs.get(engine.getKey()) == 1 ? "" : "s"));
            List<Map.Entry<String, Integer>> rows = new ArrayList<>(engine.getValue().entrySet());
            rows.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            for (var r : rows) {
                out.line(String.format("%8d  %5.1f%%  %s", r.getValue(), 100.0 * r.getValue() / total, r.getKey()));
            }
        }
    }
}
