package io.genscope.parser.print;

import io.genscope.parser.asm.Disassembler;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.decode.Command;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Prints walked commands as a GenAsm listing that assembles back to the same dwords:
 *
 * <pre>
 * .gen gen9
 * .engine render
 * .org 0x1000 ggtt   # depth 1
 * MI_BATCH_BUFFER_START "Address Space Indicator"="PPGTT" "Batch Buffer Start Address"=0xfffefffee000
 * .org 0xfffefffee000 ppgtt   # depth 2
 * PIPE_CONTROL "CS Stall"=true ...
 * </pre>
 *
 * A new {@code .org} starts wherever the walk leaves the straight line: a batch entered, a return
 * to the caller, a ring wrapping round. Problems and notes become {@code #} comments. One printer
 * may serve several walks (submissions); directives are repeated only when they change.
 */
public final class AsmPrinter implements WalkListener {
    private final Spec spec;
    private final Disassembler disassembler;
    private final Appendable out;
    private Engine engine;
    private AddressSpace space;
    private long next = -1;
    private boolean genWritten;
    private final int[] forms = new int[Disassembler.Form.values().length];

    public AsmPrinter(Spec spec, Appendable out) {
        this.spec = spec;
        this.disassembler = new Disassembler(spec);
        this.out = out;
    }

    @Override
    public void command(Command c, int depth) {
        if (!genWritten) {
            line(".gen " + spec.name());
            genWritten = true;
        }
        if (c.engine() != engine) {
            line(".engine " + c.engine().specName());
            engine = c.engine();
            next = -1;
        }
        if (c.address() != next || c.space() != space) {
            line(String.format(".org 0x%x %s   # depth %d", c.address(), c.space() == AddressSpace.PPGTT ? "ppgtt" : "ggtt",
                    depth));
            space = c.space();
        }
        Disassembler.Disassembly d = disassembler.disassemble(c);
        forms[d.form().ordinal()]++;
        line(d.text());
        next = c.address() + 4L * c.dwords().length;
    }

    /** Starts a new {@code .org} at the next command even if it follows on (a new submission). */
    public void restart() {
        next = -1;
    }

    /** Writes {@code # text}, one comment line per line of text. */
    public void note(String text) {
        for (String l : text.split("\n", -1)) {
            line(l.isEmpty() ? "#" : "# " + l);
        }
    }

    /** How many commands were printed in each form (fields only, with raw escapes, as dwords). */
    public int printed(Disassembler.Form form) {
        return forms[form.ordinal()];
    }

    @Override
    public void unavailable(long address) {
        note(String.format("batch at 0x%x unavailable", address));
    }

    @Override
    public void jumpLimit(long address) {
        note(String.format("0x%x: too many nested batch buffer starts", address));
    }

    @Override
    public void problem(Problem p) {
        note("problem " + p);
    }

    private void line(String s) {
        try {
            out.append(s).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
