package io.genscope.repl.commands;

import io.genscope.repl.Args;
import io.genscope.repl.Output;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import io.genscope.spec.Engine;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code contexts}: the hardware contexts the capture submitted, with their submissions. */
final class ContextsCommand implements ShellCommand {
    @Override
    public String name() {
        return "contexts";
    }

    @Override
    public String synopsis() {
        return "contexts";
    }

    @Override
    public String summary() {
        return "list the GPU contexts (by context image) and which submissions ran them";
    }

    @Override
    public String help() {
        return """
                Submissions grouped by their context image (LRCA, the GGTT address in the context
                descriptor): each context's ID, PPGTT root, engines, and its submissions.
                Example:
                  contexts""";
    }

    private static final class Context {
        final long lrca;
        final long id;
        final long pml4;
        final Set<Engine> engines = EnumSet.noneOf(Engine.class);
        final List<Integer> items = new ArrayList<>();
        int commands;

        Context(long lrca, long id, long pml4) {
            this.lrca = lrca;
            this.id = id;
            this.pml4 = pml4;
        }
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        args.atMost(0, synopsis());
        LoadedCapture c = ctx.capture();
        Output out = ctx.out();
        Map<Long, Context> contexts = new LinkedHashMap<>();
        for (Item i : c.items()) {
            if (!i.isSubmission()) {
                continue;
            }
            var s = i.submission();
            Context x = contexts.computeIfAbsent(s.lrca(), k -> new Context(k, s.descriptor() >>> 32, s.pml4()));
            x.engines.add(i.engine());
            x.items.add(i.index());
            x.commands += i.commandCount();
        }
        if (contexts.isEmpty()) {
            out.line("the capture has no execlist submissions");
            return;
        }
        for (Context x : contexts.values()) {
            StringBuilder engines = new StringBuilder();
            for (Engine e : x.engines) {
                engines.append(engines.length() == 0 ? "" : ",").append(e.specName());
            }
            out.line(String.format("context id 0x%x  lrca 0x%x  pml4 0x%x  %s  %d submission%s, %d commands", x.id, x.lrca,
                    x.pml4, engines, x.items.size(), x.items.size() == 1 ? "" : "s", x.commands));
            StringBuilder subs = new StringBuilder("    submissions:");
            for (int i : x.items) {
                subs.append(" s").append(i);
            }
            out.line(subs);
        }
    }
}
