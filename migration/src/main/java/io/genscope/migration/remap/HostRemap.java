package io.genscope.migration.remap;

import io.genscope.migration.state.DeviceState;
import io.genscope.migration.state.EngineRegisters;
import io.genscope.migration.state.ExeclistPort;
import io.genscope.migration.state.GraphicsWindows;
import io.genscope.migration.state.MmioSnapshot;
import io.genscope.migration.state.PendingWorkload;
import io.genscope.migration.state.PendingWorkloadWalk;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.state.VgpuGpuMemory;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.context.ContextImage;
import io.genscope.parser.context.RingContext;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.rewriter.CommandAudit;
import io.genscope.rewriter.CommandRewriter;
import io.genscope.rewriter.RemapReport;
import io.genscope.rewriter.Relocation;
import io.genscope.rewriter.RewriteSink;
import io.genscope.rewriter.Source;
import io.genscope.rewriter.Window;
import io.genscope.rewriter.WindowMap;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * The restore at a destination that places the vGPU's graphics windows elsewhere (gMig's Dynamic
 * Graphics Address Remapping, run with the rewriter module): builds the host's view of a restored
 * vGPU without touching what the guest sees.
 *
 * <pre>
 * guest view (migrated, unchanged)         host view (built here)
 * windows  aperture A+a, hidden H+h   -->  aperture A'+a, hidden H'+h (same sizes)
 * GGTT     entry i at guest address   -->  the same entry at g2h(address of i)
 * rings, batches, context ring start  -->  shadow pages with every GGTT address g2h-rewritten
 * MMIO     ring START, HWS_PGA, fences -->  rewritten copies (PVINFO keeps the guest's windows)
 * ELSP     context descriptors (LRCA) -->  rewritten
 * </pre>
 * Guest memory and the guest device state stay as migrated, so {@code --verify} (a digest of
 * guest-visible state) still holds; the host view is what the destination programs into the GPU.
 * A window that does not fit the 4 GiB GGTT, or host windows out of order, refuse the placement.
 */
public final class HostRemap {
    /** Where the context image holds the ring registers (the vGPU's generation's layout). */
    private static final ContextImage IMAGE = ContextImage.forGeneration(EngineRegisters.SPEC);

    /**
     * The host's view of one restored vGPU.
     *
     * @param map guest windows to host windows
     * @param hostWindows the host windows
     * @param mmio registers as the host programs them
     * @param workloads pending workloads with host context descriptors
     * @param execlists execlist ports with host descriptors
     * @param shadow rewritten copies of guest pages (rings, batches, context images)
     * @param report every relocation (and any address the rewriter could not move)
     * @param ggttEntries GGTT entries rebased (both windows), of which {@code presentEntries} present
     */
    public record HostView(WindowMap map, GraphicsWindows hostWindows, MmioSnapshot mmio, List<PendingWorkload> workloads,
            List<ExeclistPort> execlists, ShadowPages shadow, RemapReport report, int ggttEntries, int presentEntries) {

        /** GPU memory through the host windows (PPGTT rooted at {@code pml4}, or none when negative). */
        public HostGpuMemory memory(Vgpu vgpu, long pml4) {
            return new HostGpuMemory(vgpu, map, shadow, pml4);
        }

        /** The GGTT entry the host holds at host graphics address {@code hostAddress} (0 outside the windows). */
        public long hostEntry(Vgpu vgpu, long hostAddress) {
            long g = map.h2g(hostAddress);
            int i = g == WindowMap.OUTSIDE ? -1 : vgpu.device().windows().index(g);
            return i < 0 ? 0 : vgpu.device().ggtt()[i];
        }

        /** The submission that runs pending workload {@code index} on the host (host ring start and LRCA). */
        public Submission submission(Vgpu vgpu, int index) {
            PendingWorkload w = workloads.get(index);
            RingContext ring = IMAGE.read(memory(vgpu, -1), w.lrca());
            return ring == null ? null : ring.submission(index, w.engine(), w.descriptor(), -1);
        }
    }

    private HostRemap() {
    }

    /**
     * Places {@code vgpu}'s windows at the host bases and rewrites what its pending work names.
     *
     * @throws IllegalArgumentException when the host windows are invalid (unaligned, overlapping,
     *     out of order or beyond the 4 GiB GGTT)
     */
    public static HostView remap(Vgpu vgpu, long hostApertureBase, long hostHiddenBase, Spec spec) {
        DeviceState d = vgpu.device();
        GraphicsWindows gw = d.windows();
        GraphicsWindows host = new GraphicsWindows(hostApertureBase, gw.apertureSize(), hostHiddenBase, gw.hiddenSize());
        WindowMap map = WindowMap.of(new Window(gw.apertureBase(), gw.apertureSize()),
                new Window(gw.hiddenBase(), gw.hiddenSize()), hostApertureBase, hostHiddenBase);
        CommandRewriter rewriter = new CommandRewriter(spec, map);
        RemapReport report = new RemapReport(map);
        ShadowPages shadow = new ShadowPages(vgpu);

        long[] ggtt = d.ggtt();
        int present = 0;
        for (long e : ggtt) {
            present += (e & 1) != 0 ? 1 : 0;
        }
        report.add(new Relocation(Source.GGTT_ENTRIES, gw.apertureBase(), null, "GGTT entries",
                "aperture window (" + gw.aperturePages() + " entries)", -1, gw.apertureBase(), hostApertureBase));
        report.add(new Relocation(Source.GGTT_ENTRIES, gw.hiddenBase(), null, "GGTT entries",
                "hidden window (" + gw.hiddenPages() + " entries)", -1, gw.hiddenBase(), hostHiddenBase));

        MmioSnapshot mmio = MmioSnapshot.of(d.mmio().image());
        for (Engine e : new Engine[] {Engine.RENDER, Engine.VIDEO, Engine.BLITTER, Engine.VIDEOENHANCE}) {
            int base = EngineRegisters.base(e);
            for (int reg : new int[] {EngineRegisters.START, EngineRegisters.HWS_PGA}) {
                register(rewriter, report, mmio, e, base + reg);
            }
        }
        for (int i = 0; i < MmioSnapshot.FENCE_REGISTERS; i++) {
            register(rewriter, report, mmio, null, MmioSnapshot.FENCE_BASE + 8 * i);
            register(rewriter, report, mmio, null, MmioSnapshot.FENCE_BASE + 8 * i + 4);
        }

        List<PendingWorkload> workloads = new ArrayList<>();
        Decoder decoder = new Decoder(spec);
        CommandAudit audit = new CommandAudit(spec);
        int index = 0;
        for (PendingWorkload w : d.workloads()) {
            Submission s = PendingWorkloadWalk.submission(vgpu, w, index++);
            if (s != null) {
                contextRingStart(rewriter, report, shadow, vgpu, w);
                walk(rewriter, audit, report, shadow, vgpu, decoder, s);
            }
            int[] elsp = descriptors(rewriter, report, w.engine(), w.elsp());
            workloads.add(new PendingWorkload(w.engine(), ((long) elsp[2] << 32) | (elsp[3] & 0xffffffffL), elsp));
        }
        List<ExeclistPort> ports = new ArrayList<>();
        for (ExeclistPort p : d.execlists()) {
            ports.add(new ExeclistPort(p.engine(), descriptors(rewriter, report, p.engine(), p.dwords()), p.index()));
        }
        return new HostView(map, host, mmio, workloads, ports, shadow, report, ggtt.length, present);
    }

    private static void register(CommandRewriter rewriter, RemapReport report, MmioSnapshot mmio, Engine engine, int offset) {
        int v = mmio.readInt(offset);
        int n = rewriter.rewriteRegister(offset, v, report.sink(Source.REGISTER, engine, i -> offset, i -> -1));
        mmio.writeInt(offset, n);
    }

    /** ELSP dwords {element 1 high, low, element 0 high, low}: the low dwords hold the LRCA. */
    private static int[] descriptors(CommandRewriter rewriter, RemapReport report, Engine engine, int[] dwords) {
        int[] out = dwords.clone();
        RewriteSink sink = report.sink(Source.SUBMISSION, engine, i -> 0, i -> -1);
        for (int low : new int[] {1, 3}) {
            if (out[low] != 0 || out[low - 1] != 0) {
                out[low] = rewriter.rewriteDescriptorLow(out[low], sink);
            }
        }
        return out;
    }

    /**
     * The context image's register state ({@link ContextImage#registerState}): when it is the
     * hardware's list of MI_LOAD_REGISTER_IMM commands (up to MI_BATCH_BUFFER_END), every value
     * loaded into an address register (ring start, per-context batch, indirect context, ...) is
     * rewritten; an image without them (the synthetic vGPU's) has its ring start value rewritten.
     */
    private static void contextRingStart(CommandRewriter rewriter, RemapReport report, ShadowPages shadow, Vgpu vgpu,
            PendingWorkload w) {
        long page = IMAGE.registerState(w.lrca());
        int[] image = new int[1024];
        int n = new VgpuGpuMemory(vgpu).read(AddressSpace.GGTT, page, image, 0, image.length);
        io.genscope.spec.CommandDef lri = rewriter.spec().command("MI_LOAD_REGISTER_IMM");
        int end = 0;
        boolean loads = false;
        while (end < n) {
            io.genscope.spec.CommandDef def = rewriter.spec().find(w.engine(), image[end]);
            if (def == null) {
                break;
            }
            loads |= def == lri;
            end = Math.min(n, end + def.length(image[end]));
            if (def.name().equals("MI_BATCH_BUFFER_END")) {
                break;
            }
        }
        if (loads) {
            int[] copy = image.clone();
            rewriter.rewrite(w.engine(), AddressSpace.GGTT, copy, 0, end,
                    report.sink(Source.CONTEXT_IMAGE, w.engine(), i -> page + 4L * i, i -> -1));
            for (int i = 0; i < end; i++) {
                if (copy[i] != image[i]) {
                    shadow.write(page + 4L * i, copy[i]);
                }
            }
            return;
        }
        int ringStart = IMAGE.ringStartDword();
        long at = page + 4L * ringStart;
        if (n <= ringStart) {
            return;
        }
        int offset = EngineRegisters.base(w.engine()) + EngineRegisters.START;
        int old = image[ringStart];
        int moved = rewriter.rewriteRegister(offset, old, report.sink(Source.CONTEXT_IMAGE, w.engine(), i -> at, i -> -1));
        if (moved != old) {
            shadow.write(at, moved);
        }
    }

    /**
     * Why the destination must not resume this vGPU: its pending workloads hold commands the audit
     * refuses from a guest (named in the report's findings); null when there are none.
     */
    public static String auditRefusal(HostView view) {
        long n = view.report().auditCount();
        return n == 0 ? null : n + " command(s) of the pending workloads refused by the audit (first: "
                + view.report().findings().stream().filter(f -> f.kind().isAuditRule()).findFirst().map(Object::toString)
                        .orElse("?") + ")";
    }

    /**
     * Walks a pending workload's ring and batches in the guest view, audits every command of the
     * GGTT chain as a mediator must (the report counts what the audit refuses), and shadows every
     * rewritten dword.
     */
    private static void walk(CommandRewriter rewriter, CommandAudit audit, RemapReport report, ShadowPages shadow, Vgpu vgpu,
            Decoder decoder, Submission s) {
        long pml4 = s.pml4() == 0 ? -1 : s.pml4();
        boolean[] ggttChain = new boolean[CommandWalker.MAX_DEPTH + 2];
        Command[] last = new Command[1];
        int[] lastDepth = new int[1];
        new CommandWalker(decoder, new VgpuGpuMemory(vgpu, pml4), s.engine(), new WalkListener() {
            @Override
            public void enter(long address, AddressSpace space, int depth) {
                boolean parent = depth <= 1 || ggttChain[depth - 1];
                ggttChain[depth] = parent && space == AddressSpace.GGTT;
            }

            @Override
            public void command(Command c, int depth) {
                last[0] = c;
                lastDepth[0] = depth;
                if (!ggttChain[depth]) {
                    return;
                }
                RewriteSink sink = report.sink(Source.COMMAND, s.engine(), i -> c.address(), i -> -1);
                audit.command(s.engine(), c.def(), c.length(), c.dwords(), 0, c.dwords().length, sink);
                if (!c.known()) {
                    return;
                }
                int[] copy = c.dwords().clone();
                if (rewriter.rewriteCommand(c.def(), copy, 0, copy.length, sink) == 0) {
                    return;
                }
                for (int i = 0; i < copy.length; i++) {
                    if (copy[i] != c.dwords()[i]) {
                        shadow.write(address(s, c, i, depth == 1), copy[i]);
                    }
                }
            }


            @Override
            public void problem(Problem p) {
                // a batch that starts itself: the walker found the loop at the last command
                Command c = last[0];
                if (p.kind() == Problem.Kind.LOOP && c != null && ggttChain[lastDepth[0]]) {
                    audit.loop(0, Decoder.field(c, "Batch Buffer Start Address", -1), p.message(),
                            report.sink(Source.COMMAND, s.engine(), i -> c.address(), i -> -1));
                }
            }
        }).followPredicated(true).walkRing(s);
    }

    /** Guest GGTT address of dword {@code i} of a command; ring commands wrap at the ring's end. */
    private static long address(Submission s, Command c, int i, boolean ring) {
        long mask = (1L << 48) - 1;
        if (ring) {
            long start = s.ringStart() & mask;
            return start + Math.floorMod((c.address() - start) + 4L * i, (long) s.ringSize());
        }
        return (c.address() + 4L * i) & mask;
    }
}
