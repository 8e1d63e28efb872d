package io.genscope.repl.commands;

import io.genscope.parser.eu.EuDisassembler;
import io.genscope.parser.eu.EuLine;
import io.genscope.parser.eu.EuListing;
import io.genscope.parser.eu.EuProblem;
import io.genscope.repl.Args;
import io.genscope.repl.Completions;
import io.genscope.repl.Numbers;
import io.genscope.repl.Output;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.commands.CaptureKernels.Kernel;
import io.genscope.repl.commands.CaptureKernels.Ref;
import io.genscope.repl.model.CaptureReplay;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import io.genscope.spec.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code kernel [ADDRESS|#N|kN]}: the EU kernels a command references, disassembled, with their state. */
final class KernelCommand implements ShellCommand {
    /** Referencing commands listed by number before "and N more". */
    static final int LISTED_REFERENCES = 8;

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public String synopsis() {
        return "kernel [#N | . | kN | ADDRESS]";
    }

    @Override
    public String summary() {
        return "the EU kernels a command references, disassembled, with their state";
    }

    @Override
    public String help() {
        return """
                Disassembles shader kernels in Mesa's syntax, the lines 'genscope decode' prints under a
                "Referenced ... shader:" heading, with a heading of their own: kN (kernels are numbered in the
                order the capture first references them), GPU address, kind, instruction count and size.
                  #N or .      the kernels command N references (3DSTATE_PS, 3DSTATE_VS, ...); for any other
                               command (a 3DPRIMITIVE, a walker) the kernels bound when it runs: those the
                               latest 3DSTATE_VS/HS/DS/GS/PS (...) before it on its engine reference.
                               Below each heading its state as of #N: the latest commands of the kernel's
                               stage (binding table and sampler pointers, push constants, ...) with their
                               non-zero fields; 'show' on them prints the tables they point to.
                  kN           kernel N, with the commands that reference it
                  ADDRESS      the kernel starting at (or holding) this PPGTT address; an address no command
                               references is disassembled from memory as of the current submission
                Without an argument: the command under the cursor. The first use walks the whole capture
                once (as a full decode does); later uses are immediate. A generation without an EU
                disassembler lists its kernels without instructions.
                Examples:
                  kernel #57
                  kernel k3
                  kernel 0xfffe00001040""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        args.atMost(1, synopsis());
        LoadedCapture c = ctx.capture();
        if (c.spec() == null) {
            throw new ShellError("the capture's commands were not decoded (no spec); open it with --gen NAME");
        }
        String word = args.isEmpty() ? "." : args.get(0);
        CaptureKernels all = CaptureKernels.of(c, ctx.cancel());
        Output out = ctx.out();
        if (word.matches("[kK]\\d+")) {
            Kernel k = all.byLabel(word);
            print(ctx, all, k, k.first(), -1);
        } else if (word.equals(".") || word.startsWith("#")) {
            Entry e = ctx.resolveEntry(word);
            ctx.moveTo(e.index());
            List<Ref> refs = all.of(e.index());
            if (refs.isEmpty()) {
                refs = all.boundAt(e.index());
                if (refs.isEmpty()) {
                    throw new ShellError(String.format("#%d %s references no kernel, and none is bound before it on %s",
                            e.index(), e.name(), c.item(e.item()).engine().specName()));
                }
                out.line(String.format("#%d %s references no kernel itself; the kernels bound when it runs:", e.index(),
                        e.name()));
            }
            for (Ref r : refs) {
                print(ctx, all, r.kernel(), r.entry(), e.index());
            }
        } else {
            long address = Numbers.parse(word, "a kernel address, #N or kN") & ShellContext.ADDRESS_MASK;
            List<Kernel> found = all.at(address);
            if (found.isEmpty()) {
                fromMemory(ctx, c, address);
            }
            for (Kernel k : found) {
                if (k.address() != address) {
                    out.line(String.format("0x%x is at +0x%x in %s", address, address - k.address(), k.label()));
                }
                print(ctx, all, k, k.first(), -1);
            }
        }
    }

    /** One kernel: heading, who references it (or its state as of {@code asOf}), then the listing. */
    private static void print(ShellContext ctx, CaptureKernels all, Kernel k, int ref, int asOf) {
        LoadedCapture c = ctx.capture();
        Output out = ctx.out();
        if (asOf >= 0) {
            out.line(heading(k) + String.format(", referenced by #%d %s", ref, c.entry(ref).name()));
        } else {
            out.line(heading(k));
            List<Integer> by = all.referencedBy(k);
            out.line("  referenced by " + by.stream().limit(LISTED_REFERENCES).map(i -> "#" + i)
                    .collect(Collectors.joining(", ")) + (by.size() > LISTED_REFERENCES ? ", and "
                    + (by.size() - LISTED_REFERENCES) + " more" : "") + " (" + by.size() + (by.size() == 1 ? " command)"
                    : " commands)"));
        }
        int stateAt = asOf < 0 ? ref : asOf;
        out.line("  state as of #" + stateAt + ":");
        for (Entry e : stageState(c, ref, stateAt)) {
            out.line("    " + describe(c, e));
        }
        listing(out, k.found().listing());
        out.line("");
    }

    /** {@code k3 at 0x...: SIMD8 fragment shader, 57 instructions (12 compacted), 688 bytes}. */
    static String heading(Kernel k) {
        EuListing l = k.found().listing();
        long compacted = l.lines().stream().filter(EuLine::compacted).count();
        return String.format("%s at 0x%x: %s, %d instructions (%d compacted), %d bytes", k.label(), k.address(),
                k.type(), l.lines().size(), compacted, l.end());
    }

    /** The listing as decode prints it, then its problems. */
    static void listing(Output out, EuListing l) {
        for (EuLine line : l.lines()) {
            out.text(line.text());
        }
        for (EuProblem p : l.problems()) {
            out.line("  problem: " + p);
        }
    }

    /**
     * The referencing command and the latest commands of its stage at or before {@code at} on its
     * engine, one per name: for a 3DSTATE_ command those whose name shares its last word
     * ({@code _PS}: 3DSTATE_CONSTANT_PS, 3DSTATE_BINDING_TABLE_POINTERS_PS, 3DSTATE_PS_EXTRA, ...),
     * for others those sharing its first word (MEDIA_INTERFACE_DESCRIPTOR_LOAD: MEDIA_CURBE_LOAD,
     * MEDIA_VFE_STATE, ...).
     */
    static List<Entry> stageState(LoadedCapture c, int ref, int at) {
        Entry source = c.entry(ref);
        String name = source.name();
        boolean perStage = name.startsWith("3DSTATE_");
        String key = perStage ? "_" + name.substring(name.lastIndexOf('_') + 1) : name.substring(0, name.indexOf('_') + 1);
        var engine = c.item(source.item()).engine();
        List<Entry> out = new ArrayList<>();
        out.add(source);
        List<String> seen = new ArrayList<>(List.of(name));
        for (int i = at; i >= 0; i--) {
            Entry e = c.entry(i);
            String n = e.name();
            boolean related = perStage ? n.startsWith("3DSTATE_") && (n.endsWith(key) || n.contains(key + "_"))
                    : !key.isEmpty() && n.startsWith(key);
            if (related && !seen.contains(n) && c.item(e.item()).engine() == engine) {
                seen.add(n);
                out.add(e);
            }
        }
        return out;
    }

    /** {@code #50 3DSTATE_BINDING_TABLE_POINTERS_PS: Pointer to PS Binding Table=0x1c0, ...} (non-zero fields but the length). */
    static String describe(LoadedCapture c, Entry e) {
        String fields = c.decoder().fields(e.command()).stream()
                .filter(f -> !f.header() && f.value() != 0 && !f.name().equals("DWord Length"))
                .map(f -> f.name() + "=" + f.text()).collect(Collectors.joining(", "));
        return "#" + e.index() + " " + e.name() + ": " + (fields.isEmpty() ? "(all fields zero)" : fields);
    }

    /** A kernel no command references: read from memory as of the current submission. */
    private static void fromMemory(ShellContext ctx, LoadedCapture c, long address) {
        if (!EuDisassembler.supports(c.spec().name())) {
            throw new ShellError("no kernel is referenced at 0x" + Long.toHexString(address)
                    + ", and genscope has no EU disassembler for " + c.spec().name());
        }
        if (c.items().isEmpty()) {
            throw new ShellError("the capture has no submissions, so no GPU memory to read");
        }
        Item item = ctx.currentItem();
        EuListing[] got = {null};
        CaptureReplay.replay(c, item.index(), item.index(), ctx.cancel(), (it, memory) -> got[0] =
                EuDisassembler.forGen(c.spec().name()).disassembleKernel(memory, AddressSpace.PPGTT, address));
        if (got[0] == null || got[0].lines().isEmpty()) {
            throw new ShellError(String.format("nothing mapped at ppgtt 0x%x as of s%d", address, item.index()));
        }
        ctx.out().line(String.format("ppgtt 0x%x as of s%d (no command references a kernel here): %d instructions, "
                + "%d bytes", address, item.index(), got[0].lines().size(), got[0].end()));
        listing(ctx.out(), got[0]);
    }

    @Override
    public void complete(ShellContext ctx, List<String> words, int index, Completions out) {
        if (index == 1) {
            out.words("targets", ".", "#");
        }
    }
}
