package io.genscope.migration.state;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.context.ContextImage;
import io.genscope.parser.context.RingContext;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes what each pending workload of a vGPU will run: its ring from head to tail (read from the
 * logical ring context image in guest memory) and every batch it starts, through the parser's
 * walker. Used at the destination to show that the workloads survived the move and still decode.
 * The ring registers and the PML4 come from the context image through the parser's
 * {@link ContextImage}, in the layout of the vGPU's generation ({@link EngineRegisters#SPEC}).
 */
public final class PendingWorkloadWalk {
    /** One workload's commands (names in execution order) and walk problems. */
    public record Walked(PendingWorkload workload, Submission submission, List<String> commands, List<Problem> problems) {
    }

    /** The context image layout of the vGPU's generation. */
    private static final ContextImage IMAGE = ContextImage.forGeneration(EngineRegisters.SPEC);

    private PendingWorkloadWalk() {
    }

    public static List<Walked> walk(Vgpu vgpu, Spec spec) {
        Decoder decoder = new Decoder(spec);
        List<Walked> out = new ArrayList<>();
        int index = 0;
        for (PendingWorkload w : vgpu.device().workloads()) {
            List<String> names = new ArrayList<>();
            List<Problem> problems = new ArrayList<>();
            Submission s = submission(vgpu, w, index);
            if (s == null) {
                problems.add(new Problem(Problem.Kind.UNMAPPED, IMAGE.registerState(w.lrca()), "context image not mapped"));
                out.add(new Walked(w, null, names, problems));
                continue;
            }
            index++;
            long pml4 = s.pml4();
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
        RingContext ring = IMAGE.read(new VgpuGpuMemory(vgpu), w.lrca());
        return ring == null ? null : ring.submission(index, w.engine(), w.descriptor(), -1);
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
