package io.genscope.repl.commands;

import io.genscope.repl.Args;
import io.genscope.repl.Output;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import io.genscope.repl.model.MemoryUse;
import io.genscope.spec.Engine;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;

/** {@code info}: what the open capture is and holds. */
final class InfoCommand implements ShellCommand {
    @Override
    public String name() {
        return "info";
    }

    @Override
    public String synopsis() {
        return "info";
    }

    @Override
    public String summary() {
        return "device, engines, submissions, memory use of the open capture";
    }

    @Override
    public String help() {
        return """
                The capture's file and format, the device it names and the spec commands are decoded with,
                per engine the submissions and commands, the batches and their deepest nesting, the problems
                found, and memory: GPU memory the capture populated (physical pages, GGTT entries, as of its
                last submission) and the heap the shell uses for its command model.
                Example:
                  info""";
    }

    @Override
    public void run(ShellContext ctx, Args args) throws Exception {
        args.atMost(0, synopsis());
        LoadedCapture c = ctx.capture();
        Output out = ctx.out();
        long size = Files.size(c.file());
        long plain = Files.exists(c.readable()) ? Files.size(c.readable()) : size;
        out.line(row("file", c.file() + " (" + bytes(size) + (plain != size ? ", " + bytes(plain) + " decompressed" : "")
                + ")"));
        out.line(row("format", c.format() == null ? "unknown" : c.format()));
        if (c.info() != null) {
            String device = c.info().deviceName().isEmpty() ? "not named" : c.info().deviceName();
            out.line(row("device", device + (c.info().pciId() != 0 ? String.format(", PCI ID 0x%x", c.info().pciId()) : "")));
            out.line(row("application", c.info().application().isEmpty() ? "-" : c.info().application()));
        }
        out.line(row("spec", c.spec() == null ? "none: commands not decoded (open with --gen NAME)"
                : c.spec().name() + " (" + c.spec().title() + ")" + (c.specOrigin().equals("capture") ? "" : ", from "
                + c.specOrigin())));
        Map<Engine, int[]> engines = new EnumMap<>(Engine.class);
        for (Item i : c.items()) {
            int[] n = engines.computeIfAbsent(i.engine(), e -> new int[2]);
            n[0]++;
            n[1] += i.commandCount();
        }
        if (engines.isEmpty()) {
            out.line(row("engines", "none (no submissions)"));
        }
        boolean first = true;
        for (Map.Entry<Engine, int[]> e : engines.entrySet()) {
            out.line(row(first ? "engines" : "", String.format("%-13s %d submission%s, %d commands", e.getKey().specName() + ":",
                    e.getValue()[0], e.getValue()[0] == 1 ? "" : "s", e.getValue()[1])));
            first = false;
        }
        long contexts = c.items().stream().filter(Item::isSubmission).mapToLong(i -> i.submission().lrca()).distinct().count();
        out.line(row("submissions", c.items().size() + " (" + contexts + " context" + (contexts == 1 ? "" : "s") + ")"));
        int deepest = c.batches().stream().mapToInt(b -> b.depth()).max().orElse(0);
        out.line(row("commands", c.entries().size() + " in " + c.batches().size() + " batches (rings included), nested "
                + deepest + " deep"));
        out.line(row("problems", c.allProblems().size() + (c.allProblems().isEmpty() ? "" : " ('problems' lists them)")));
        out.line(row("comments", Integer.toString(c.comments())));
        MemoryUse m = c.memory();
        out.line(row("GPU memory", String.format("%d physical pages written (%s), %s of them copied to the heap",
                m.physicalPages(), bytes(m.physicalPages() * 4096), bytes(m.physicalHeapBytes()))));
        out.line(row("", String.format("%d GGTT entries (%s mapped, table %s)", m.ggttEntries(), bytes(m.ggttEntries() * 4096),
                bytes(m.ggttHeapBytes()))));
        Runtime rt = Runtime.getRuntime();
        out.line(row("shell memory", String.format("command model about %s; JVM heap %s used of %s max", bytes(m.modelBytes()),
                bytes(rt.totalMemory() - rt.freeMemory()), bytes(rt.maxMemory()))));
    }

    private static String row(String label, String value) {
        return String.format("%-13s %s", label, value);
    }

    static String bytes(long n) {
        if (n < 10 * 1024) {
            return n + " bytes";
        }
        if (n < 10L * 1024 * 1024) {
            return (n / 1024) + " KiB";
        }
        if (n < 10L * 1024 * 1024 * 1024) {
            return (n / (1024 * 1024)) + " MiB";
        }
        return (n / (1024L * 1024 * 1024)) + " GiB";
    }
}
