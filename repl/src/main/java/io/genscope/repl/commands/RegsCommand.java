package io.genscope.repl.commands;

import io.genscope.parser.decode.FieldValues;
import io.genscope.repl.Args;
import io.genscope.repl.Completions;
import io.genscope.repl.Numbers;
import io.genscope.repl.Output;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import io.genscope.spec.RegisterDef;
import io.genscope.spec.Spec;
import java.util.List;
import java.util.TreeMap;

/** {@code regs}: registers written by MI_LOAD_REGISTER_IMM, decoded with the spec's layouts. */
final class RegsCommand implements ShellCommand {
    /** Register offset bits of an LRI offset dword (bits 22:2). */
    static final int OFFSET_MASK = 0x7ffffc;

    @Override
    public String name() {
        return "regs";
    }

    @Override
    public String synopsis() {
        return "regs [--all] [--last] [REGISTER | OFFSET]";
    }

    @Override
    public String summary() {
        return "registers MI_LOAD_REGISTER_IMM writes, decoded field by field";
    }

    @Override
    public String help() {
        return """
                Every (offset, value) pair of every MI_LOAD_REGISTER_IMM in the current submission (--all: the
                whole capture), under the command that writes it: the register's name and offset, the value,
                and the value decoded with the spec's layout for that register. Each pair is decoded with
                its own value. REGISTER (a name, completed with Tab) or OFFSET keeps one register.
                --last prints one line per register: the last value written (up to the end of the scope).
                Examples:
                  regs
                  regs --all CS_DEBUG_MODE2
                  regs --last --all
                  regs 0x20c0""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        boolean all = args.flag("--all", "-a");
        boolean last = args.flag("--last");
        args.noMoreOptions();
        args.atMost(1, synopsis());
        LoadedCapture c = ctx.capture();
        Spec spec = c.spec();
        if (spec == null) {
            throw new ShellError("the capture's commands were not decoded (no spec); open it with --gen NAME");
        }
        int filter = -1;
        if (!args.isEmpty()) {
            String w = args.get(0);
            RegisterDef r = spec.register(w);
            if (r == null) {
                r = spec.registers().stream().filter(x -> x.name().equalsIgnoreCase(w)).findFirst().orElse(null);
            }
            if (r != null) {
                filter = r.offset();
            } else if (Numbers.isNumber(w)) {
                filter = (int) Numbers.parse(w, "a register offset");
            } else {
                throw new ShellError(spec.name() + " has no register named " + w);
            }
        }
        int from = 0;
        int to = c.entries().size();
        if (!all) {
            Item i = ctx.currentItem();
            from = i.firstEntry();
            to = i.endEntry();
        }
        Output out = ctx.out();
        TreeMap<Integer, long[]> lastValues = new TreeMap<>();
        int writes = 0;
        for (int k = from; k < to; k++) {
            Entry e = c.entry(k);
            if (!e.name().equals("MI_LOAD_REGISTER_IMM")) {
                continue;
            }
            ctx.cancel().check();
            int[] p = e.command().dwords();
            boolean headed = false;
            for (int pair = 1; pair + 1 < p.length; pair += 2) {
                int offset = p[pair] & OFFSET_MASK;
                int value = p[pair + 1];
                if (filter >= 0 && offset != filter) {
                    continue;
                }
                writes++;
                if (last) {
                    lastValues.put(offset, new long[] {value & 0xffffffffL, e.index()});
                    continue;
                }
                if (!headed) {
                    out.line(Lines.brief(e));
                    headed = true;
                }
                RegisterDef reg = spec.registerAt(offset);
                out.line(String.format("    %s (0x%x) = 0x%08x", reg == null ? "unknown register" : reg.name(), offset, value));
                if (reg != null) {
                    FieldValues.walk(spec, reg, new int[] {value}, 0, 1, 0,
                            (f, name, s, end, raw, text) -> out.line("        " + name + ": " + text));
                }
            }
        }
        if (last) {
            io.genscope.repl.Table table = new io.genscope.repl.Table("");
            for (var w : lastValues.entrySet()) {
                RegisterDef reg = spec.registerAt(w.getKey());
                table.row(reg == null ? "unknown register" : reg.name(), String.format("0x%x", w.getKey()),
                        String.format("= 0x%08x", w.getValue()[0]), String.format(" (#%d)", w.getValue()[1]));
            }
            table.printTo(out);
        }
        out.line(writes + " register write" + (writes == 1 ? "" : "s") + (all ? " in the capture" : " in s" + ctx.itemIndex()));
    }

    @Override
    public void complete(ShellContext ctx, List<String> words, int index, Completions out) {
        String typed = index < words.size() ? words.get(index) : "";
        if (typed.startsWith("-")) {
            out.words("options", "--all", "--last");
        } else if (ctx.hasCapture()) {
            out.registers(ctx.capture().spec());
        }
    }
}
