package io.genscope.repl.commands;

import io.genscope.repl.Args;
import io.genscope.repl.Completions;
import io.genscope.repl.Numbers;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.model.Batch;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import java.util.List;

/** {@code list}: command header lines, exactly as {@code genscope decode --headers} prints them. */
final class ListCommand implements ShellCommand {
    static final int PAGE = 20;

    @Override
    public String name() {
        return "list";
    }

    @Override
    public List<String> aliases() {
        return List.of("ls");
    }

    @Override
    public String synopsis() {
        return "list [-n] [START [COUNT] | all | batch | submission N]";
    }

    @Override
    public String summary() {
        return "command headers, the lines 'genscope decode --headers' prints";
    }

    @Override
    public String help() {
        return """
                Commands are numbered across the capture from #0, in the order 'genscope decode' prints them
                (each submission's ring, with every batch it starts inlined where it runs). The lines are the
                ones 'genscope decode --headers' prints for those commands, in the same order.
                  list               the next 20 after the last listing (from the cursor at first)
                  list START [COUNT] COUNT (default 20) commands from #START
                  list all           every command
                  list batch         the batch the cursor is in, with the batches it starts
                  list submission N  every command of submission N
                  -n                 start each command's line with its #index
                The cursor moves to the first command listed.
                Examples:
                  list 0 5
                  list -n 100 10
                  list batch""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        boolean numbered = args.flag("-n", "--numbers");
        args.noMoreOptions();
        args.atMost(2, synopsis());
        LoadedCapture c = ctx.capture();
        int total = c.entries().size();
        if (total == 0) {
            throw new ShellError("the capture has no decoded commands");
        }
        int from;
        int to;
        String first = args.get(0, null);
        if (first == null) {
            from = ctx.listNext() >= 0 ? ctx.listNext() : Math.max(0, ctx.cursor());
            if (from >= total) {
                throw new ShellError("at the end of the capture (#" + (total - 1) + "); 'list 0' starts over");
            }
            to = Math.min(total, from + PAGE);
        } else if (first.equals("all")) {
            args.atMost(1, synopsis());
            from = 0;
            to = total;
        } else if (first.equals("batch")) {
            args.atMost(1, synopsis());
            Batch b = c.batch(ctx.cursorEntry().batch());
            from = b.firstEntry();
            to = b.endEntry();
        } else if (first.equals("submission") || first.equals("sub")) {
            if (args.size() != 2) {
                throw new ShellError("usage: list submission N");
            }
            String n = args.get(1);
            Item i = c.item(Numbers.index(n.startsWith("s") ? n.substring(1) : n, c.items().size(), "submission"));
            from = i.firstEntry();
            to = i.endEntry();
            if (from == to) {
                ctx.out().line("submission " + i.index() + " has no decoded commands");
                return;
            }
        } else {
            from = Numbers.index(first.startsWith("#") ? first.substring(1) : first, total, "command #");
            long count = args.size() > 1 ? Numbers.parse(args.get(1), "a count") : PAGE;
            to = (int) Math.min(total, from + count);
        }
        if (to > from) {
            ctx.moveTo(from);
        }
        ctx.setListNext(to);
        Lines.headers(c, from, to, numbered, ctx.out());
    }

    @Override
    public void complete(ShellContext ctx, List<String> words, int index, Completions out) {
        if (index == 1 || (index == 2 && words.get(1).startsWith("-"))) {
            out.words("list", "all", "batch", "submission", "-n");
        }
    }

    /** The entries of a batch that belong to it directly (not to the batches it starts). */
    static int ownCount(LoadedCapture c, Batch b) {
        int n = 0;
        for (int i = b.firstEntry(); i < b.endEntry(); i++) {
            Entry e = c.entry(i);
            if (e.batch() == b.index()) {
                n++;
            }
        }
        return n;
    }
}
