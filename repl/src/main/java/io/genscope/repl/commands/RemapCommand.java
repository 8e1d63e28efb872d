package io.genscope.repl.commands;

import io.genscope.parser.capture.Problem;
import io.genscope.repl.Args;
import io.genscope.repl.Output;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.model.LoadedCapture;
import io.genscope.rewriter.Finding;
import io.genscope.rewriter.Relocation;
import io.genscope.rewriter.RemapReport;
import io.genscope.rewriter.WindowMap;
import io.genscope.rewriter.aub.AubRemapper;
import io.genscope.spec.Engine;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code remap}: previews the DGAR rewrite of the open capture for a vGPU's windows, the same
 * plan {@code genscope remap} applies, and writes the rewritten capture only with {@code -o FILE}.
 */
final class RemapCommand implements ShellCommand {
    /** Relocations and findings listed without {@code --all}. */
    static final int SHOWN = 20;

    private static final String USAGE = "remap --guest-aperture BASE:SIZE --guest-hidden BASE:SIZE --host-aperture BASE"
            + " --host-hidden BASE [--all] [-o FILE [--force]]";

    @Override
    public String name() {
        return "remap";
    }

    @Override
    public String synopsis() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "preview the DGAR rewrites of the open capture for a vGPU's GGTT windows";
    }

    @Override
    public String help() {
        return """
                Plans what 'genscope remap' would do to the open capture: every GGTT address inside the guest's
                aperture or hidden window moves to the host's window by that window's delta. Lists the
                relocations (address, engine, command, field, old -> new) and the audit findings (GGTT
                addresses outside both windows, left as they are). Shows the first %d of each; --all lists
                every one. Nothing is written unless -o FILE is given (.xz compresses); an existing FILE is
                replaced only with --force, and FILE is written to a temporary file and renamed.
                Numbers: decimal or 0x hex, with an optional K, M, G suffix.
                Example:
                  remap --guest-aperture 0:256M --guest-hidden 256M:1G --host-aperture 1G --host-hidden 2G"""
                .formatted(SHOWN);
    }

    @Override
    public void run(ShellContext ctx, Args args) throws Exception {
        String ga = args.option("--guest-aperture");
        String gh = args.option("--guest-hidden");
        String ha = args.option("--host-aperture");
        String hh = args.option("--host-hidden");
        String o = args.option("-o");
        if (o == null) {
            o = args.option("--output");
        }
        boolean all = args.flag("--all");
        boolean force = args.flag("--force");
        args.noMoreOptions();
        args.atMost(0, USAGE);
        if (ga == null || gh == null || ha == null || hh == null) {
            throw new ShellError("remap needs the four windows; usage: " + USAGE);
        }
        WindowMap map;
        try {
            map = WindowMap.parse(ga, gh, ha, hh);
        } catch (IllegalArgumentException e) {
            throw new ShellError(e.getMessage());
        }
        LoadedCapture c = ctx.capture();
        if (c.format() == null || !c.format().equalsIgnoreCase("aub")) {
            throw new ShellError("remap rewrites AUB captures; this one is " + c.format());
        }
        AubRemapper remapper = new AubRemapper(map, c.spec());
        Path out = o == null ? null : ctx.path(o);
        String refused = out == null ? null : io.genscope.repl.OutputFiles.refusal(out, force);
        if (refused != null) {
            throw new ShellError(refused);
        }
        AubRemapper.Result r;
        Path partial = out == null ? null : io.genscope.repl.OutputFiles.partial(out);
        try {
            r = out == null ? remapper.preview(c.readable()) : remapper.remap(c.file(), partial, false);
            if (out != null && r.written()) {
                refused = io.genscope.repl.OutputFiles.commit(partial, out, force);
                if (refused != null) {
                    throw new ShellError(refused);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ShellError(e.getMessage());
        } finally {
            if (partial != null) {
                java.nio.file.Files.deleteIfExists(partial);
            }
        }
        print(ctx.out(), r.report(), all);
        for (Problem p : r.problems()) {
            ctx.out().line("problem    " + p);
        }
        if (out != null) {
            ctx.out().line(r.written() ? "wrote " + o + " (" + r.patchedDwords() + " dwords changed)" : "nothing written");
        }
    }

    /** The summary, then relocations and findings as columns. */
    static void print(Output out, RemapReport report, boolean all) {
        out.line("windows: " + report.map());
        out.printf("%d relocations, %d findings, %d GGTT buffers rewritten (%d commands), %d PPGTT buffers left alone%n",
                report.relocationCount(), report.findingCount(), report.ggttBuffers(), report.commands(),
                report.ppgttBuffers());
        List<Relocation> rs = report.relocations();
        int n = all ? rs.size() : Math.min(SHOWN, rs.size());
        if (n > 0) {
            io.genscope.repl.Table table = new io.genscope.repl.Table("").row("address", "engine", "command", "field", "old",
                    "new");
            for (int i = 0; i < n; i++) {
                Relocation r = rs.get(i);
                table.row(String.format("0x%010x", r.address()), engine(r.engine()), r.command(), r.field(),
                        String.format("0x%010x", r.oldValue()), String.format("0x%010x", r.newValue()));
            }
            table.printTo(out);
        }
        if (report.relocationCount() > n) {
            out.printf("... %d more relocations%s%n", report.relocationCount() - n, all ? " (over the report's limit)"
                    : " (remap ... --all lists them)");
        }
        List<Finding> fs = report.findings();
        int m = all ? fs.size() : Math.min(SHOWN, fs.size());
        for (int i = 0; i < m; i++) {
            Finding f = fs.get(i);
            out.printf("%-10s 0x%010x %-12s %s %s 0x%x: %s%n", f.kind().label(), f.address(), engine(f.engine()),
                    f.command(), f.field(), f.value(), f.message());
        }
        if (report.findingCount() > m) {
            out.printf("... %d more findings%n", report.findingCount() - m);
        }
    }

    private static String engine(Engine e) {
        return e == null ? "-" : e.specName();
    }
}
