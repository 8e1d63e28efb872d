package io.genscope.repl.commands;

import io.genscope.repl.Args;
import io.genscope.repl.Completions;
import io.genscope.repl.Numbers;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Spec;
import java.util.List;

/** {@code find}: commands by name, field value or the addresses they hold. */
final class FindCommand implements ShellCommand {
    @Override
    public String name() {
        return "find";
    }

    @Override
    public String synopsis() {
        return "find [-s N] TERM... (NAME | FIELD=VALUE | FIELD!=VALUE | START..END | START+LEN [ggtt|ppgtt])";
    }

    @Override
    public String summary() {
        return "find commands by name, field value or address range";
    }

    @Override
    public String help() {
        return """
                Lists the commands (in the whole capture, or submission N with -s N) for which every term holds:
                  NAME              the command's name; * matches anything (3DSTATE_*), any case
                  FIELD=VALUE       a field has this value: a number (0x10, 16) is the raw value, true/false
                  FIELD!=VALUE      a boolean, other text the printed value or its name; fields in
                                    repeated groups match by their name without [i]. Quote names with
                                    spaces: "Post Sync Operation"=1
                  START..END        an address field of the command points into [START, END) (the
                  START+LEN         addresses Decoder.addresses reports: batch starts, state bases,
                  ADDRESS           post-sync writes, ...); add ggtt or ppgtt to look in one space only
                Each match is '#index  submission  address  name', with the fields that matched below.
                Examples:
                  find MI_LOAD_REGISTER_IMM
                  find "Post Sync Operation"=1
                  find PIPE_CONTROL "Post Sync Operation"!=0
                  find 3DSTATE_VERTEX_BUFFERS
                  find ppgtt 0xfffefffee000+4k""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        String sub = args.option("-s");
        LoadedCapture c = ctx.capture();
        Spec spec = c.spec();
        if (spec == null) {
            throw new ShellError("the capture's commands were not decoded (no spec); open it with --gen NAME");
        }
        FindQuery q = FindQuery.parse(args.words(), spec);
        int from = 0;
        int to = c.entries().size();
        if (sub != null) {
            Item i = c.item(Numbers.index(sub.startsWith("s") ? sub.substring(1) : sub, c.items().size(), "submission"));
            from = i.firstEntry();
            to = i.endEntry();
        }
        int matches = 0;
        for (int k = from; k < to; k++) {
            if ((k & 0x3ff) == 0) {
                ctx.cancel().check();
            }
            Entry e = c.entry(k);
            List<String> details = q.match(e);
            if (details == null) {
                continue;
            }
            matches++;
            ctx.out().line(Lines.brief(e));
            for (String d : details) {
                ctx.out().line(d);
            }
        }
        ctx.out().line(matches == 0 ? "no command matches" : matches + " command" + (matches == 1 ? " matches" : "s match"));
    }

    @Override
    public void complete(ShellContext ctx, List<String> words, int index, Completions out) {
        if (!ctx.hasCapture() || ctx.capture().spec() == null) {
            return;
        }
        Spec spec = ctx.capture().spec();
        if (index >= 2 && words.get(index - 1).equals("-s")) {
            for (Item i : ctx.capture().items()) {
                out.add(Integer.toString(i.index()), "submissions", null, true);
            }
            return;
        }
        CommandDef named = null;
        for (int i = 1; i < words.size(); i++) {
            if (i != index && spec.command(words.get(i)) != null) {
                named = spec.command(words.get(i));
            }
        }
        if (named == null && ctx.cursor() >= 0) {
            named = ctx.cursorEntry().command().def();
        }
        out.fields(named, false);
        out.specCommands(spec);
        out.words("address spaces", "ggtt", "ppgtt");
    }
}
