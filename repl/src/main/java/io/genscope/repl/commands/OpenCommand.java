package io.genscope.repl.commands;

import io.genscope.parser.aub.Device;
import io.genscope.parser.capture.Problem;
import io.genscope.repl.Args;
import io.genscope.repl.Completions;
import io.genscope.repl.Output;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.model.CaptureLoader;
import io.genscope.repl.model.LoadedCapture;
import java.util.List;

/** {@code open FILE [--gen NAME]}: reads a capture and makes it the current one. */
final class OpenCommand implements ShellCommand {
    /** Problems listed when a capture opens; {@code problems} lists them all. */
    static final int PROBLEMS_SHOWN = 10;

    @Override
    public String name() {
        return "open";
    }

    @Override
    public String synopsis() {
        return "open FILE [--gen NAME] [--ggtt-base ADDR]";
    }

    @Override
    public String summary() {
        return "open a capture (.aub or .aub.xz, an error state, xe VF migration data)";
    }

    @Override
    public String help() {
        return """
                Reads the capture once and walks every submission as 'genscope decode' does; the cursor
                goes to its first command. A damaged capture still opens: its problems are listed (all of
                them with 'problems'). --gen decodes as another device or generation (skl, tgl, gen9,
                gen12, ...): needed when the capture does not name its device.
                xe SR-IOV VF migration data opens like a capture: the contexts found in its VRAM through
                the GGTT packet are its submissions ('packets' lists the packets). --ggtt-base says where
                the VF's GGTT range starts (the PF's debugfs ggtt_provisioned lists it); without it the
                data's own base (images genscope writes) or the one base the context images fit is used.
                Examples:
                  open fixtures/captures/iris-skl.aub.xz
                  open fixtures/captures/neo-skl.aub.xz --gen skl
                  open ptl.xevf --ggtt-base 0x200000""";
    }

    @Override
    public boolean needsCapture() {
        return false;
    }

    @Override
    public void run(ShellContext ctx, Args args) throws Exception {
        String gen = args.option("--gen");
        String base = args.option("--ggtt-base");
        args.noMoreOptions();
        if (args.size() != 1) {
            throw new ShellError("usage: " + synopsis());
        }
        java.util.OptionalLong ggttBase = java.util.OptionalLong.empty();
        if (base != null) {
            long b = io.genscope.repl.Numbers.parse(base, "a GGTT address for --ggtt-base");
            if (b < 0 || (b & 0xfff) != 0 || b >= 1L << 32) {
                throw new ShellError(String.format("--ggtt-base 0x%x: not a 4 KiB page inside the 4 GiB GGTT", b));
            }
            ggttBase = java.util.OptionalLong.of(b);
        }
        LoadedCapture c = CaptureLoader.load(ctx.path(args.get(0)), gen, ggttBase, ctx.cancel());
        ctx.setCapture(c);
        describe(c, ctx.out());
    }

    /** The lines printed when a capture opens. */
    static void describe(LoadedCapture c, Output out) {
        String device = c.info() == null ? "not a capture genscope knows"
                : !c.info().deviceName().isEmpty() ? c.info().deviceName()
                : c.info().pciId() != 0 ? String.format("PCI ID 0x%x (unknown device)", c.info().pciId())
                : "device not named";
        String spec = c.spec() == null ? "not decoded"
                : "decoded as " + c.spec().name() + (c.specOrigin().equals("capture") ? "" : " (" + c.specOrigin() + ")");
        out.line("opened " + c.displayName() + ": " + device + ", " + spec);
        List<Problem> problems = c.allProblems();
        out.line(String.format("%d submission%s, %d commands, %d batches, %d problem%s", c.items().size(),
                c.items().size() == 1 ? "" : "s", c.entries().size(), c.batches().size(), problems.size(),
                problems.size() == 1 ? "" : "s"));
        if (io.genscope.migration.xe.XeVfCapture.FORMAT.equals(c.format())) {
            out.line("xe VF migration data: each submission is a context found in its VRAM through the GGTT;"
                    + " 'packets' lists the packets, the GGTT base and the contexts");
        }
        for (int i = 0; i < Math.min(PROBLEMS_SHOWN, problems.size()); i++) {
            out.line("  problem " + problems.get(i));
        }
        if (problems.size() > PROBLEMS_SHOWN) {
            out.line("  ... " + (problems.size() - PROBLEMS_SHOWN) + " more ('problems' lists them all)");
        }
    }

    @Override
    public void complete(ShellContext ctx, List<String> words, int index, Completions out) {
        if (index >= 2 && words.get(index - 1).equals("--gen")) {
            out.words("devices", Device.platforms().toArray(String[]::new));
            out.words("generations", "gen8", "gen9", "gen11", "gen12");
            return;
        }
        String typed = index < words.size() ? words.get(index) : "";
        if (typed.startsWith("-")) {
            out.words("options", "--gen", "--ggtt-base");
        } else {
            out.paths(typed, ctx.workingDirectory());
        }
    }
}
