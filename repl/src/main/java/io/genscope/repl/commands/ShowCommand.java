package io.genscope.repl.commands;

import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.print.AubinatorPrinter;
import io.genscope.parser.state.StateBases;
import io.genscope.parser.walk.WalkListener;
import io.genscope.repl.Args;
import io.genscope.repl.Output;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.model.CaptureLoader;
import io.genscope.repl.model.CaptureReplay;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.LoadedCapture;
import java.util.ArrayList;
import java.util.List;

/** {@code show [ADDRESS|#N]}: every field of one command, as {@code genscope decode} prints it. */
final class ShowCommand implements ShellCommand {
    @Override
    public String name() {
        return "show";
    }

    @Override
    public List<String> aliases() {
        return List.of("decode");
    }

    @Override
    public String synopsis() {
        return "show [ADDRESS | #N | .]";
    }

    @Override
    public String summary() {
        return "all fields of a command (and the state it points to), as 'genscope decode' prints it";
    }

    @Override
    public String help() {
        return """
                Prints the command in Mesa aubinator's layout, exactly the block 'genscope decode' prints for
                it: dword headers, every field, then the indirect state it points to (registers an
                MI_LOAD_REGISTER_IMM writes, binding tables, samplers, viewports, kernels, ...), read from
                GPU memory as it was when the command's submission was made, with the state base addresses
                set by the commands before it. Without an argument: the command under the cursor. ADDRESS is
                looked for in the current submission first (from the cursor on), then in the whole capture;
                an address inside a command finds that command. The cursor moves to it.
                Examples:
                  show 0xfffefffee058
                  show #5
                  show""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        args.atMost(1, synopsis());
        LoadedCapture c = ctx.capture();
        Entry target = args.isEmpty() ? ctx.cursorEntry() : ctx.resolveEntry(args.get(0));
        List<String> lines = fullText(c, target, ctx);
        ctx.moveTo(target.index());
        for (String line : lines) {
            ctx.out().line(line);
        }
    }

    /**
     * The lines {@code genscope decode} prints for one command. The indirect state printed after
     * the fields is read relative to state bases that earlier commands set (across submissions, as
     * decode keeps them), so the first time a submission is shown every earlier one is walked and
     * printed to nowhere; the bases at the start of each submission are then kept with the capture,
     * and later shows re-read the file up to the command's submission but print only that one.
     */
    static List<String> fullText(LoadedCapture c, Entry target, ShellContext ctx) {
        List<String> captured = new ArrayList<>();
        boolean[] open = {false};
        Output.LineSplitter gate = new Output.LineSplitter(line -> {
            ctx.cancel().check();
            if (open[0]) {
                captured.add(line);
            }
        });
        BasesAtSubmission known = c.attachment(BasesAtSubmission.class, () -> new BasesAtSubmission(c.items().size()));
        int from = known.latestAtOrBefore(target.item());
        StateBases bases = new StateBases(known.at(from));
        Decoder decoder = c.decoder();
        CaptureReplay.replay(c, from, target.item(), ctx.cancel(), (item, memory) -> {
            known.remember(item.index(), bases);
            AubinatorPrinter printer = new AubinatorPrinter(c.spec(), gate, true, memory, bases)
                    .kernels(io.genscope.parser.eu.EuKernels.forSpec(c.spec().name()));
            printer.markActhd(item.acthd());
            int[] position = {item.firstEntry()};
            CaptureLoader.walk(item, decoder, memory, new WalkListener() {
                @Override
                public void command(Command command, int depth) {
                    open[0] = position[0]++ == target.index();
                    printer.command(command, depth);
                }

                @Override
                public void unavailable(long address) {
                    printer.unavailable(address);
                }

                @Override
                public void jumpLimit(long address) {
                    printer.jumpLimit(address);
                }
            });
            open[0] = false;
        });
        return captured;
    }

    /** The indirect-state bases as they were when each submission started, once known. */
    static final class BasesAtSubmission {
        private final StateBases[] at;

        BasesAtSubmission(int items) {
            at = new StateBases[Math.max(1, items)];
            at[0] = new StateBases();
        }

        synchronized int latestAtOrBefore(int item) {
            int i = Math.min(item, at.length - 1);
            while (at[i] == null) {
                i--;
            }
            return i;
        }

        synchronized StateBases at(int item) {
            return at[item];
        }

        synchronized void remember(int item, StateBases bases) {
            if (item < at.length && at[item] == null) {
                at[item] = new StateBases(bases);
            }
        }
    }
}
