package io.genscope.migration.state;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes what each pending workload of a vGPU will run: its ring from head to tail (read from the
 * logical ring context image in guest memory) and every batch it starts, through the parser's
 * walker. Used at the destination to show that the workloads survived the move and still decode.
 *
 * <pre>
 * LRCA + 4096 (context register state): dword 5 RING_HEAD, 7 RING_TAIL, 9 RING_START,
 *                                       11 RING_CTL (size = (ctl &amp; 0x1FF000) + 4096),
 *                                       49 / 51 PML4 high / low
 * </pre>
 */
public final class PendingWorkloadWalk {
    /** One workload's commands (names in execution order) and walk problems. */
    public record Walked(PendingWorkload workload, Submission submission, List<String> commands, List<Problem> problems) {
    }

    private PendingWorkloadWalk() {
    }

    public static List<Walked> walk(Vgpu vgpu, Spec spec) {
        Decoder decoder = new Decoder(spec);
        List<Walked> out = new ArrayList<>();
        int index = 0;
        for (PendingWorkload w : vgpu.device().workloads()) {
            int[] ctx = new int[52];
            List<String> names = new ArrayList<>();
            List<Problem> problems = new ArrayList<>();
            VgpuGpuMemory ggtt = new VgpuGpuMemory(vgpu);
            if (ggtt.read(AddressSpace.GGTT, w.lrca() + 4096, ctx, 0, ctx.length) < ctx.length) {
                problems.add(new Problem(Problem.Kind.UNMAPPED, w.lrca() + 4096, "context image not mapped"));
                out.add(new Walked(w, null, names, problems));
                continue;
            }
            long pml4 = ((long) ctx[49] << 32) | (ctx[51] & 0xffffffffL);
            Submission s = new Submission(index++, w.engine(), w.descriptor(), ctx[9] & 0xffffffffL, ctx[5], ctx[7],
                    (ctx[11] & 0x1ff000) + 4096, pml4, -1);
            new CommandWalker(decoder, new VgpuGpuMemory(vgpu, pml4 == 0 ? -1 : pml4), w.engine(), new WalkListener() {
                @Override
                public void command(Command c, int depth) {
                    names.add(c.name());
                }

                @Override
                public void problem(Problem p) {
                    problems.add(p);
                }
            }).walkRing(s);
            out.add(new Walked(w, s, names, problems));
        }
        return out;
    }

    /**
     * The submission that runs pending workload {@code w} (ring registers read from its context
     * image in guest memory), or null when the context image is not mapped.
     */
    public static Submission submission(Vgpu vgpu, PendingWorkload w, int index) {
        int[] ctx = new int[52];
        if (new VgpuGpuMemory(vgpu).read(AddressSpace.GGTT, w.lrca() + 4096, ctx, 0, ctx.length) < ctx.length) {
            return null;
        }
        long pml4 = ((long) ctx[49] << 32) | (ctx[51] & 0xffffffffL);
        return new Submission(index, w.engine(), w.descriptor(), ctx[9] & 0xffffffffL, ctx[5], ctx[7],
                (ctx[11] & 0x1ff000) + 4096, pml4, -1);
    }

    /**
     * Prints every pending workload, ring and batches, with the parser's aubinator-style printer
     * ({@code full}: every field); a header line per workload.
     */
    public static void print(Vgpu vgpu, Spec spec, Appendable out, boolean full) throws java.io.IOException {
        Decoder decoder = new Decoder(spec);
        int index = 0;
        for (PendingWorkload w : vgpu.device().workloads()) {
            Submission s = submission(vgpu, w, index++);
            out.append(String.format("pending workload %d: %s, context descriptor 0x%x, LRCA 0x%x%n", index - 1,
                    w.engine().specName(), w.descriptor(), w.lrca()));
            if (s == null) {
                out.append("  context image not mapped\n");
                continue;
            }
            long pml4 = s.pml4();
            VgpuGpuMemory memory = new VgpuGpuMemory(vgpu, pml4 == 0 ? -1 : pml4);
            io.genscope.parser.print.AubinatorPrinter printer = new io.genscope.parser.print.AubinatorPrinter(spec, out, full,
                    memory);
            new CommandWalker(decoder, memory, w.engine(), printer).walkRing(s);
        }
    }
}
