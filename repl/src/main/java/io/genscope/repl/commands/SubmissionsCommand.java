package io.genscope.repl.commands;

import io.genscope.parser.capture.Submission;
import io.genscope.repl.Args;
import io.genscope.repl.Output;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import java.util.List;

/** {@code submissions}: one line per submission of the open capture. */
final class SubmissionsCommand implements ShellCommand {
    @Override
    public String name() {
        return "submissions";
    }

    @Override
    public List<String> aliases() {
        return List.of("subs");
    }

    @Override
    public String synopsis() {
        return "submissions";
    }

    @Override
    public String summary() {
        return "list the submissions: engine, context, ring, commands, problems";
    }

    @Override
    public String help() {
        return """
                One line per execlist submission (or lone buffer), in capture order; '*' marks the current
                one. ctx id is the upper half of the context descriptor, lrca the GGTT address of the context
                image, ring the GGTT address and head/tail byte offsets of the ring, pml4 the physical address
                of the context's PPGTT root. Select one with 'submission N'.
                Example:
                  submissions""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        args.atMost(0, synopsis());
        LoadedCapture c = ctx.capture();
        Output out = ctx.out();
        if (c.items().isEmpty()) {
            out.line("the capture has no submissions");
            return;
        }
        out.line(String.format("  %-5s %-12s %-10s %-12s %-12s %-8s %-8s %-14s %8s %7s %8s", "#", "engine", "ctx id", "lrca",
                "ring", "head", "tail", "pml4", "commands", "batches", "problems"));
        for (Item i : c.items()) {
            long batches = c.batches().stream().filter(b -> b.item() == i.index()).count();
            String mark = i.index() == ctx.itemIndex() ? "* " : "  ";
            if (i.isSubmission()) {
                Submission s = i.submission();
                out.line(String.format("%s%-5s %-12s 0x%-8x 0x%-10x 0x%-10x 0x%-6x 0x%-6x 0x%-12x %8d %7d %8d", mark,
                        "s" + i.index(), i.engine().specName(), s.descriptor() >>> 32, s.lrca(), s.ringStart(), s.ringHead(),
                        s.ringTail(), s.pml4(), i.commandCount(), batches, i.problems().size()));
            } else {
                out.line(String.format("%s%-5s %-12s buffer at 0x%x (%s) %8d %7d %8d", mark, "s" + i.index(),
                        i.engine().specName(), i.bufferAddress(), i.bufferSpace(), i.commandCount(), batches,
                        i.problems().size()));
            }
        }
    }
}
