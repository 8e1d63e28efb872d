package io.genscope.repl.commands;

import io.genscope.parser.decode.CFormat;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.print.AubinatorPrinter;
import io.genscope.repl.Output;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import java.util.ArrayList;
import java.util.List;

/** Line formats several commands share. */
final class Lines {
    private Lines() {
    }

    /** {@code #12     s0   0xfffefffee058  STATE_BASE_ADDRESS}: a command in find/refs/regs results. */
    static String brief(Entry e) {
        return String.format("#%-6d s%-3d %s  %s", e.index(), e.item(), CFormat.hex8(e.address()), e.name());
    }

    /** A submission in one line: {@code s0 render ring 0x... head 0x... tail 0x...}. */
    static String item(Item i) {
        if (i.isSubmission()) {
            var s = i.submission();
            return String.format("s%d %s, context 0x%x, ring 0x%x head 0x%x tail 0x%x, %d commands", i.index(),
                    i.engine().specName(), s.descriptor() >>> 32, s.ringStart(), s.ringHead(), s.ringTail(),
                    i.commandCount());
        }
        return String.format("s%d %s, buffer at 0x%x (%s), %d commands", i.index(), i.engine().specName(),
                i.bufferAddress(), i.bufferSpace(), i.commandCount());
    }

    /**
     * Prints entries {@code [from, to)} exactly as {@code genscope decode --headers} prints them
     * (with the lines it adds after a batch start it could not follow); with {@code numbered} each
     * command's first line starts with its {@code #index}.
     */
    static void headers(LoadedCapture c, int from, int to, boolean numbered, Output out) {
        List<String> lines = new ArrayList<>();
        Output.LineSplitter splitter = new Output.LineSplitter(lines::add);
        AubinatorPrinter printer = null;
        int printerItem = -1;
        for (int i = from; i < to; i++) {
            Entry e = c.entry(i);
            if (printer == null || printerItem != e.item()) {
                printer = new AubinatorPrinter(c.spec(), splitter, false, GpuMemory.EMPTY);
                printer.markActhd(c.item(e.item()).acthd());
                printerItem = e.item();
            }
            lines.clear();
            printer.command(e.command(), e.depth());
            lines.addAll(c.notesAfter(i));
            for (int k = 0; k < lines.size(); k++) {
                if (!numbered) {
                    out.line(lines.get(k));
                } else {
                    out.line(String.format("%-8s", k == 0 ? "#" + i : "") + lines.get(k));
                }
            }
        }
    }
}
