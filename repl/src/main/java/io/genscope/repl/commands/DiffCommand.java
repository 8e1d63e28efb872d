package io.genscope.repl.commands;

import io.genscope.parser.decode.CFormat;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.repl.Args;
import io.genscope.repl.Completions;
import io.genscope.repl.Numbers;
import io.genscope.repl.Output;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.diff.CommandAlignment;
import io.genscope.repl.diff.CommandAlignment.Kind;
import io.genscope.repl.diff.CommandAlignment.Step;
import io.genscope.repl.diff.FieldChanges;
import io.genscope.repl.model.CaptureLoader;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import io.genscope.spec.Engine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** {@code diff FILE2}: what changed, command by command, from the open capture to another. */
final class DiffCommand implements ShellCommand {
    @Override
    public String name() {
        return "diff";
    }

    @Override
    public String synopsis() {
        return "diff [--brief] [--gen NAME] [--kernels | --kernel ADDRESS] FILE2";
    }

    @Override
    public String summary() {
        return "command-level diff of the open capture against another (--kernels: instructions)";
    }

    @Override
    public String help() {
        return """
                Opens FILE2 (--gen as for open) and compares it with the open capture. Submissions are paired
                by engine, in order (the k-th render submission of one with the k-th of the other); each pair's
                commands are aligned by a longest common subsequence over command names and dwords, where an
                identical command counts for more than any number of same-name ones. Output per pair:
                  ~ #A -> #B  address  NAME      same command, other dwords; the changed fields below
                  - #A  address  NAME            only in the open capture
                  + #B  address  NAME            only in FILE2
                #A and #B are command indexes in each capture. --brief prints only the counts per pair.
                --kernels compares the EU kernels instead (see 'kernel'): both captures' kernels in the order
                they are first referenced, aligned (identical bytes first, then the same kind of shader);
                per changed pair the instructions, aligned the same way (identical text, then the same
                mnemonic): '- +OFFSET text' only in the open capture, '+ +OFFSET text' only in FILE2, a
                changed instruction as both. --kernel ADDRESS: only the kernel at that address.
                Examples:
                  diff fixtures/captures/iris-tgl.aub.xz
                  diff --brief other.aub
                  diff --kernels other.aub""";
    }

    @Override
    public void run(ShellContext ctx, Args args) throws Exception {
        boolean brief = args.flag("--brief");
        String gen = args.option("--gen");
        boolean kernels = args.flag("--kernels");
        String kernel = args.option("--kernel");
        args.noMoreOptions();
        if (args.size() != 1) {
            throw new ShellError("usage: " + synopsis());
        }
        LoadedCapture a = ctx.capture();
        if (a.spec() == null) {
            throw new ShellError("the open capture's commands were not decoded (no spec); open it with --gen NAME");
        }
        try (LoadedCapture b = CaptureLoader.load(ctx.path(args.get(0)), gen, ctx.cancel())) {
            if (b.spec() == null) {
                throw new ShellError(b.displayName() + ": no device named in it; give one with --gen NAME");
            }
            if (kernels || kernel != null) {
                long only = kernel == null ? -1 : Numbers.parse(kernel, "a kernel address") & ShellContext.ADDRESS_MASK;
                KernelDiff.print(a, b, only, brief, ctx);
            } else {
                diff(a, b, brief, ctx);
            }
        }
    }

    private static void diff(LoadedCapture a, LoadedCapture b, boolean brief, ShellContext ctx) {
        Output out = ctx.out();
        out.line(String.format("--- %s (%d submissions, %d commands)", a.file(), a.items().size(), a.entries().size()));
        out.line(String.format("+++ %s (%d submissions, %d commands)", b.file(), b.items().size(), b.entries().size()));
        Decoder da = a.decoder();
        Decoder db = b.decoder();
        Map<Engine, List<Item>> byEngineB = byEngine(b);
        Map<Engine, Integer> seen = new EnumMap<>(Engine.class);
        long[] totals = new long[Kind.values().length];
        List<Item> pairedB = new ArrayList<>();
        for (Item ia : a.items()) {
            int k = seen.merge(ia.engine(), 1, Integer::sum) - 1;
            List<Item> candidates = byEngineB.getOrDefault(ia.engine(), List.of());
            if (k >= candidates.size()) {
                out.line(String.format("s%d (%s): only in %s, %d commands", ia.index(), ia.engine().specName(),
                        a.displayName(), ia.commandCount()));
                totals[Kind.REMOVED.ordinal()] += ia.commandCount();
                continue;
            }
            Item ib = candidates.get(k);
            pairedB.add(ib);
            CommandAlignment.Result r = CommandAlignment.align(commands(a, ia), commands(b, ib));
            for (Kind kind : Kind.values()) {
                totals[kind.ordinal()] += r.count(kind);
            }
            out.line(String.format("s%d <-> s%d (%s): %d same, %d changed, %d removed, %d added%s", ia.index(), ib.index(),
                    ia.engine().specName(), r.count(Kind.SAME), r.count(Kind.CHANGED), r.count(Kind.REMOVED),
                    r.count(Kind.ADDED), r.approximate() ? " (aligned greedily: too long for an exact alignment)" : ""));
            if (!brief) {
                steps(a, ia, b, ib, r, da, db, ctx);
            }
        }
        for (Item ib : b.items()) {
            if (!pairedB.contains(ib)) {
                out.line(String.format("s%d (%s): only in %s, %d commands", ib.index(), ib.engine().specName(),
                        b.displayName(), ib.commandCount()));
                totals[Kind.ADDED.ordinal()] += ib.commandCount();
            }
        }
        out.line(String.format("total: %d same, %d changed, %d removed, %d added", totals[Kind.SAME.ordinal()],
                totals[Kind.CHANGED.ordinal()], totals[Kind.REMOVED.ordinal()], totals[Kind.ADDED.ordinal()]));
    }

    private static void steps(LoadedCapture a, Item ia, LoadedCapture b, Item ib, CommandAlignment.Result r, Decoder da,
            Decoder db, ShellContext ctx) {
        Output out = ctx.out();
        for (Step s : r.steps()) {
            switch (s.kind()) {
                case SAME -> {
                }
                case CHANGED -> {
                    Entry ea = a.entry(ia.firstEntry() + s.a());
                    Entry eb = b.entry(ib.firstEntry() + s.b());
                    out.line(String.format("  ~ #%d -> #%d  %s  %s", ea.index(), eb.index(), CFormat.hex8(ea.address()),
                            ea.name()));
                    for (String f : FieldChanges.between(da, ea.command(), db, eb.command())) {
                        out.line("        " + f);
                    }
                }
                case REMOVED -> {
                    Entry ea = a.entry(ia.firstEntry() + s.a());
                    out.line(String.format("  - #%d  %s  %s", ea.index(), CFormat.hex8(ea.address()), ea.name()));
                }
                case ADDED -> {
                    Entry eb = b.entry(ib.firstEntry() + s.b());
                    out.line(String.format("  + #%d  %s  %s", eb.index(), CFormat.hex8(eb.address()), eb.name()));
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    private static Map<Engine, List<Item>> byEngine(LoadedCapture c) {
        Map<Engine, List<Item>> out = new EnumMap<>(Engine.class);
        for (Item i : c.items()) {
            out.computeIfAbsent(i.engine(), e -> new ArrayList<>()).add(i);
        }
        return out;
    }

    private static List<Command> commands(LoadedCapture c, Item i) {
        List<Command> out = new ArrayList<>(i.commandCount());
        for (int k = i.firstEntry(); k < i.endEntry(); k++) {
            out.add(c.entry(k).command());
        }
        return out;
    }

    @Override
    public void complete(ShellContext ctx, List<String> words, int index, Completions out) {
        String typed = index < words.size() ? words.get(index) : "";
        if (typed.startsWith("-")) {
            out.words("options", "--brief", "--gen", "--kernels", "--kernel");
        } else {
            out.paths(typed, ctx.workingDirectory());
        }
    }
}
