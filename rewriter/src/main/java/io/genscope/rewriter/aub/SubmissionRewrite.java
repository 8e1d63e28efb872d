package io.genscope.rewriter.aub;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.rewriter.CommandAudit;
import io.genscope.rewriter.CommandRewriter;
import io.genscope.rewriter.RemapReport;
import io.genscope.rewriter.RewriteSink;
import io.genscope.rewriter.Source;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.RegisterDef;
import io.genscope.spec.Spec;

/**
 * Everything one execlist submission runs, rewritten where it runs from the GGTT:
 *
 * <pre>
 * LRCA + 4 KiB   logical ring context image: MI_LOAD_REGISTER_IMM lists up to MI_BATCH_BUFFER_END;
 *                register values the spec marks as GGTT addresses (ring start, per-context batch,
 *                indirect context, ...) are rewritten
 * ring           head to tail (wrapping), every batch it starts (predicated ones too); buffers
 *                running from the GGTT are rewritten, PPGTT ones left alone and counted
 * indirect ctx   (size x 64 bytes) and the per-context batch named by the image: GGTT buffers
 * </pre>
 *
 * Guest addresses are followed as the input holds them; each dword that changes becomes a patch
 * of the file place that holds it. Every command of a GGTT chain (the ring, the GGTT batches it
 * starts, the indirect context and per-context batch) is audited too ({@link CommandAudit}); the
 * context image itself is the hardware's register list, not a guest's commands, and is not.
 */
final class SubmissionRewrite {
    private static final long MASK48 = (1L << 48) - 1;
    private static final int STATE_PAGE_DWORDS = 1024;

    private final CommandRewriter rewriter;
    private final Spec spec;
    private final Decoder decoder;
    private final Submission s;
    private final ContextMemory memory;
    private final RemapReport report;
    private final DwordPatcher patcher;
    private final CommandAudit audit;
    private boolean inRing;
    private Command last;
    private int lastDepth;
    private final boolean[] ggttChain = new boolean[CommandWalker.MAX_DEPTH + 2];

    SubmissionRewrite(CommandRewriter rewriter, Submission s, ContextMemory memory, RemapReport report,
            DwordPatcher patcher) {
        this.rewriter = rewriter;
        this.spec = rewriter.spec();
        this.decoder = new Decoder(spec);
        this.s = s;
        this.memory = memory;
        this.report = report;
        this.patcher = patcher;
        this.audit = new CommandAudit(spec);
    }

    void run() {
        long[] pointers = contextImage();
        inRing = true;
        walker().walkRing(s);
        inRing = false;
        if (pointers[0] != 0) {
            long address = pointers[0] & ~0x3fL;
            int[] dwords = new int[(int) (pointers[0] & 0x3f) * 16];
            int got = memory.read(AddressSpace.GGTT, address, dwords, 0, dwords.length);
            walker().walkDwords(java.util.Arrays.copyOf(dwords, got), address, AddressSpace.GGTT, false);
        }
        if ((pointers[1] & 1) != 0) {
            walker().walkBatch(pointers[1] & ~0xfffL, AddressSpace.GGTT);
        }
    }

    /**
     * Rewrites the register values of the context image; returns the indirect context and
     * per-context batch pointer values it names (guest addresses, 0 when absent).
     */
    private long[] contextImage() {
        long page = io.genscope.parser.context.ContextImage.forSpec(spec).registerState(s.lrca()) & MASK48;
        int[] image = new int[STATE_PAGE_DWORDS];
        int n = memory.read(AddressSpace.GGTT, page, image, 0, image.length);
        int end = 0;
        long[] pointers = new long[2];
        CommandDef lri = spec.command("MI_LOAD_REGISTER_IMM");
        while (end < n) {
            CommandDef def = spec.find(s.engine(), image[end]);
            if (def == null) {
                break;
            }
            int len = def.length(image[end]);
            if (def == lri) {
                for (int k = end + 1; k + 1 < Math.min(n, end + len); k += 2) {
                    RegisterDef reg = spec.registerAt(image[k] & 0x7ffffc);
                    if (reg != null && reg.field("Indirect Context Address") != null && (image[k + 1] & 0x3f) != 0) {
                        pointers[0] = image[k + 1] & 0xffffffffL;
                    } else if (reg != null && reg.field("Per-Context Batch Buffer Address") != null) {
                        pointers[1] = image[k + 1] & 0xffffffffL;
                    }
                }
            }
            end = Math.min(n, end + len);
            if (def.name().equals("MI_BATCH_BUFFER_END")) {
                break;
            }
        }
        int[] copy = image.clone();
        RewriteSink sink = report.sink(Source.CONTEXT_IMAGE, s.engine(), i -> page + 4L * i,
                i -> patcher.origin(memory, page + 4L * i));
        rewriter.rewrite(s.engine(), AddressSpace.GGTT, copy, 0, end, sink);
        for (int i = 0; i < end; i++) {
            if (copy[i] != image[i]) {
                patcher.patch(memory, page + 4L * i, image[i], copy[i], "context image");
            }
        }
        return pointers;
    }

    private CommandWalker walker() {
        return new CommandWalker(decoder, memory, s.engine(), new WalkListener() {
            @Override
            public void enter(long address, AddressSpace space, int depth) {
                boolean parent = depth <= 1 || ggttChain[depth - 1];
                ggttChain[depth] = parent && space == AddressSpace.GGTT;
                if (ggttChain[depth]) {
                    report.countGgttBuffer();
                } else if (parent) {
                    report.countPpgttBuffer();
                }
            }

            @Override
            public void command(Command c, int depth) {
                last = c;
                lastDepth = depth;
                if (!ggttChain[depth]) {
                    return;
                }
                RewriteSink sink = sink(c, inRing && depth == 1);
                audit.command(s.engine(), c.def(), c.length(), c.dwords(), 0, c.dwords().length, sink);
                if (c.known()) {
                    rewrite(c, sink);
                }
            }

            @Override
            public void problem(Problem p) {
                // unknown and cut-off commands are audited above; a loop is the last command's
                if (p.kind() == Problem.Kind.LOOP && last != null && ggttChain[lastDepth]) {
                    audit.loop(0, Decoder.field(last, "Batch Buffer Start Address", -1), p.message(),
                            sink(last, inRing && lastDepth == 1));
                }
            }
        }).followPredicated(true);
    }

    private RewriteSink sink(Command c, boolean ring) {
        return report.sink(Source.COMMAND, s.engine(), i -> c.address(),
                i -> patcher.origin(memory, address(c, i, ring)));
    }

    private void rewrite(Command c, RewriteSink sink) {
        report.countCommands(1);
        int[] copy = c.dwords().clone();
        boolean ring = inRing && lastDepth == 1;
        if (rewriter.rewriteCommand(c.def(), copy, 0, copy.length, sink) == 0) {
            return;
        }
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] != c.dwords()[i]) {
                patcher.patch(memory, address(c, i, ring), c.dwords()[i], copy[i], c.name());
            }
        }
    }

    /** GGTT address of dword {@code i} of a command; ring commands wrap at the ring's end. */
    private long address(Command c, int i, boolean ring) {
        if (ring) {
            long start = s.ringStart() & MASK48;
            long offset = ((c.address() - start) + 4L * i) % s.ringSize();
            return start + offset;
        }
        return (c.address() + 4L * i) & MASK48;
    }
}
