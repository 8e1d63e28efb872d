package io.genscope.parser.print;

import io.genscope.parser.decode.CFormat;
import io.genscope.parser.decode.Command;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.state.StateBases;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.Spec;

/**
 * Prints walked commands in Mesa aubinator's text layout, so engineers can diff genscope against
 * the tool they know:
 *
 * <pre>
 * 0x00001000:  0x18800101:  MI_BATCH_BUFFER_START          (headers mode: one line per command)
 * 0x00001000:  0x18800101 : Dword 0                         (full mode adds the fields)
 *     DWord Length: 1
 * </pre>
 *
 * In full mode the indirect-state decoders run after each command's fields.
 */
public final class AubinatorPrinter implements WalkListener {
    private final TextOut out;
    private final boolean full;
    private final IndirectState indirect;
    private final GpuMemory memory;
    private final Following following = new Following();
    private long acthd = -1;

    /**
     * @param memory the memory the walk reads (used to follow indirect state in full mode)
     */
    public AubinatorPrinter(Spec spec, Appendable out, boolean full, GpuMemory memory) {
        this(spec, out, full, memory, new StateBases());
    }

    /**
     * @param bases the indirect-state bases to start from and update; share one instance across the
     *     submissions of a capture, as aubinator's decode context does
     */
    public AubinatorPrinter(Spec spec, Appendable out, boolean full, GpuMemory memory, StateBases bases) {
        this.out = new TextOut(out, spec);
        this.full = full;
        this.memory = memory;
        this.indirect = new IndirectState(this.out, memory, bases);
    }

    /**
     * What to print below each "Referenced ... shader:" heading in full mode (an EU disassembly);
     * nothing unless set.
     */
    public AubinatorPrinter kernels(KernelListing listing) {
        indirect.kernels(listing == null ? KernelListing.NONE : listing);
        return this;
    }

    /** Updates the tracked bases as printing {@code c} would, printing nothing. */
    void track(Command c) {
        indirect.track(c);
    }

    /** Marks the command at this address with {@code (ACTHD)} (error states). */
    public void markActhd(long address) {
        this.acthd = address;
    }

    public TextOut text() {
        return out;
    }

    @Override
    public void command(Command c, int depth) {
        int[] p = c.dwords();
        if (c.def() == null) {
            StringBuilder sb = new StringBuilder(48).append("0x");
            CFormat.hex8(sb, c.address());
            sb.append(": unknown instruction ");
            CFormat.hex8(sb, p[0] & 0xffffffffL);
            out.line(sb);
            for (int i = 1; i < p.length; i++) {
                StringBuilder r = new StringBuilder(32).append("0x");
                CFormat.hex8(r, c.address() + 4L * i);
                r.append(": -- ");
                CFormat.hex8(r, p[i] & 0xffffffffL);
                out.line(r);
            }
            return;
        }
        out.commandLine(c.address(), p[0], c.def(), c.address() == acthd ? " (ACTHD)" : "");
        if (full) {
            following.command = c;
            out.group(c.def(), c.address(), p, 0, p.length, 0, following);
            indirect.after(c);
        }
    }

    /** Dword i of the current command read from memory (a dword header past the command's end). */
    private final class Following implements java.util.function.IntUnaryOperator {
        private final int[] one = new int[1];
        private Command command;

        @Override
        public int applyAsInt(int i) {
            Command c = command;
            return memory.read(c.space(), c.address() + 4L * i, one, 0, 1) == 1 ? one[0] : 0;
        }
    }

    @Override
    public void unavailable(long address) {
        out.line("Secondary batch at " + CFormat.hex8(address) + " unavailable");
    }

    @Override
    public void jumpLimit(long address) {
        out.line(CFormat.hex8(address) + ": Max batch buffer jumps exceeded");
    }
}
