package io.genscope.repl.commands;

import io.genscope.parser.decode.AddressRef;
import io.genscope.parser.decode.Decoder;
import io.genscope.repl.Args;
import io.genscope.repl.Completions;
import io.genscope.repl.Numbers;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.LoadedCapture;
import io.genscope.spec.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code refs ADDRESS}: which commands point into the 4 KiB page holding an address. */
final class RefsCommand implements ShellCommand {
    static final long PAGE = 4096;

    @Override
    public String name() {
        return "refs";
    }

    @Override
    public String synopsis() {
        return "refs [ggtt|ppgtt] ADDRESS";
    }

    @Override
    public String summary() {
        return "commands whose address fields point into the 4 KiB page of ADDRESS";
    }

    @Override
    public String help() {
        return """
                Every command in the capture with an address field (as Decoder.addresses reports them: batch
                starts, state base addresses, post-sync writes, surface and buffer addresses the spec marks
                as addresses) whose value falls in the 4 KiB page holding ADDRESS; ggtt or ppgtt keeps one
                address space only. Fields whose validity condition does not hold are not counted (a
                PIPE_CONTROL without post-sync write has no address).
                Examples:
                  refs 0xfffefffee000
                  refs ggtt 0x1000""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        args.atMost(2, synopsis());
        AddressSpace space = null;
        List<String> words = new ArrayList<>(args.words());
        if (!words.isEmpty() && (words.get(0).equalsIgnoreCase("ggtt") || words.get(0).equalsIgnoreCase("ppgtt"))) {
            space = AddressSpace.valueOf(words.remove(0).toUpperCase(Locale.ROOT));
        }
        if (words.size() != 1) {
            throw new ShellError("usage: " + synopsis());
        }
        LoadedCapture c = ctx.capture();
        if (c.spec() == null) {
            throw new ShellError("the capture's commands were not decoded (no spec); open it with --gen NAME");
        }
        long page = Numbers.parse(words.get(0), "an address") & ShellContext.ADDRESS_MASK & ~(PAGE - 1);
        Decoder decoder = c.decoder();
        int commands = 0;
        int refs = 0;
        for (Entry e : c.entries()) {
            if ((e.index() & 0x3ff) == 0) {
                ctx.cancel().check();
            }
            boolean printed = false;
            for (AddressRef a : decoder.addresses(e.command())) {
                long address = a.address() & ShellContext.ADDRESS_MASK;
                if (address < page || address >= page + PAGE || (space != null && a.space() != space)) {
                    continue;
                }
                if (!printed) {
                    ctx.out().line(Lines.brief(e));
                    printed = true;
                    commands++;
                }
                refs++;
                ctx.out().line(String.format("    %s: 0x%x (%s)", a.field(), address, a.space()));
            }
        }
        ctx.out().line(String.format("%d reference%s from %d command%s to page 0x%x%s", refs, refs == 1 ? "" : "s", commands,
                commands == 1 ? "" : "s", page, space == null ? "" : " (" + space + ")"));
    }

    @Override
    public void complete(ShellContext ctx, List<String> words, int index, Completions out) {
        if (index == 1) {
            out.words("address spaces", "ggtt", "ppgtt");
        }
    }
}
