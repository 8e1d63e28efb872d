package io.genscope.repl.commands;

import io.genscope.migration.xe.XeVfCapture;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.repl.Args;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.model.LoadedCapture;
import io.genscope.repl.model.XeVfFormat;

/** {@code packets}: the packets of open xe VF migration data, as {@code genscope decode} lists them. */
final class PacketsCommand implements ShellCommand {
    @Override
    public String name() {
        return "packets";
    }

    @Override
    public String synopsis() {
        return "packets";
    }

    @Override
    public String summary() {
        return "xe VF migration data: its packets with sizes, the GGTT runs, the GGTT base and the contexts found";
    }

    @Override
    public String help() {
        return """
                The open xe SR-IOV VF migration data as 'genscope decode' lists it before the commands: the
                device from the descriptor, one line per packet with its byte offset and size, the GGTT
                entries in runs, the MMIO registers, the GuC state's and VRAM chunks' sizes, then where the
                VF's GGTT range starts (given, from the data, or inferred) and each context found, which
                is the submission of the same number ('submissions', 'submission 0').
                Example:
                  packets""";
    }

    @Override
    public void run(ShellContext ctx, Args args) throws Exception {
        args.atMost(0, synopsis());
        LoadedCapture c = ctx.capture();
        if (!XeVfCapture.FORMAT.equals(c.format())) {
            throw new ShellError("packets lists xe VF migration data; " + c.displayName() + " is "
                    + (c.format() == null ? "not a capture genscope knows" : "a capture of format " + c.format()));
        }
        XeVfFormat format = c.attachment(XeVfFormat.class, () -> new XeVfFormat(null, java.util.OptionalLong.empty()));
        format.read(c.readable(), new CaptureListener() {
            @Override
            public void comment(long offset, String text) {
                ctx.out().line(text);
            }

            @Override
            public void submission(Submission s, GpuMemory memory, long acthd) {
                // the commands are the shell's other views
            }
        });
    }
}
