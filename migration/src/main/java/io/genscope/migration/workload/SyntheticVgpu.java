package io.genscope.migration.workload;

import io.genscope.migration.state.DeviceState;
import io.genscope.migration.state.EngineRegisters;
import io.genscope.migration.state.ExeclistPort;
import io.genscope.migration.state.GraphicsWindows;
import io.genscope.migration.state.MmioSnapshot;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.PciConfig;
import io.genscope.migration.state.PendingWorkload;
import io.genscope.migration.state.PpgttRoot;
import io.genscope.migration.state.Pvinfo;
import io.genscope.migration.state.Vgpu;
import io.genscope.parser.context.ContextImage;
import io.genscope.spec.Engine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Builds the synthetic vGPU a {@link SyntheticSpec} describes: guest memory with content, graphics
 * memory mapped by the guest GGTT, and real device state (PCI config, PVINFO, fences, ring
 * registers, context images, rings and batches with real GEN commands, pending workloads).
 *
 * <pre>
 * guest memory, 2 MiB chunks:  graphics chunks (scattered, seeded) | system chunks
 * GGTT order:  graphics page i -&gt; chunk[i / 512] * 512 + i % 512
 * graphics pages 0..63 (aperture, reserved), per engine e = 0..3 (render, video, blitter, video-enhance):
 *   8e+0..8e+3 ring (16 KiB)   8e+4 context (PPHWSP)   8e+5 context register state
 *   8e+6 batch                 8e+7 hardware status page
 *   32, 33 PML4 of the two PPGTT roots
 * system memory: 4 MiB extents hold data with probability {@code fill}; a written page is zero
 * with probability {@code zero-share}, else content compressing about {@code compressibility}:1
 * (PageContent; random bytes at 1)
 * </pre>
 */
public final class SyntheticVgpu {
    /** Skylake GT2 (desktop), a GVT-g-capable gen9 part. */
    public static final int DEVICE_ID = 0x1912;
    public static final int VGT_ID = 1;
    public static final int FENCES = 4;
    private static final Engine[] ENGINES = {Engine.RENDER, Engine.VIDEO, Engine.BLITTER, Engine.VIDEOENHANCE};
    private static final int CHUNK_PAGES = 512;
    private static final int RING_HEAD = 0x40;
    /** Where the context image (the page after the LRCA) holds the ring registers. */
    private static final ContextImage CONTEXT_IMAGE = ContextImage.forGeneration(EngineRegisters.SPEC);

    /** Where things are, for the writers. */
    public record Layout(int[] graphicsGfns, int[] cpuHotGfns, int[] systemGfns) {
    }

    /** The vGPU and its layout. */
    public record Built(Vgpu vgpu, Layout layout) {
    }

    private SyntheticVgpu() {
    }

    public static Built build(SyntheticSpec spec) {
        int pages = (int) (spec.memoryBytes() >>> PageStore.PAGE_SHIFT);
        int chunks = pages / CHUNK_PAGES;
        int graphicsChunks = (int) (spec.graphicsBytes() >>> 21);
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        int[] order = IntStream.range(0, chunks).toArray();
        for (int i = chunks - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] graphicsGfns = new int[graphicsChunks * CHUNK_PAGES];
        boolean[] isGraphicsChunk = new boolean[chunks];
        for (int c = 0; c < graphicsChunks; c++) {
            isGraphicsChunk[order[c]] = true;
            for (int p = 0; p < CHUNK_PAGES; p++) {
                graphicsGfns[c * CHUNK_PAGES + p] = order[c] * CHUNK_PAGES + p;
            }
        }
        int slabs = (pages + PageStore.PAGES_PER_SLAB - 1) / PageStore.PAGES_PER_SLAB;
        boolean[] populatedSlab = new boolean[slabs];
        for (int s = 0; s < slabs; s++) {
            populatedSlab[s] = rnd.nextDouble() < spec.fill();
        }
        List<Integer> systemList = new ArrayList<>();
        for (int p = 0; p < pages; p++) {
            if (!isGraphicsChunk[p / CHUNK_PAGES] && populatedSlab[p / PageStore.PAGES_PER_SLAB]) {
                systemList.add(p);
            }
        }
        int[] systemGfns = systemList.stream().mapToInt(Integer::intValue).toArray();

        PageStore memory = new PageStore(spec.memoryBytes());
        IntStream.range(0, slabs).parallel().forEach(s -> fillSlab(memory, s, spec, isGraphicsChunk, populatedSlab));

        GraphicsWindows windows = GraphicsWindows.forSize(spec.graphicsBytes());
        long[] ggtt = new long[windows.pages()];
        for (int i = 0; i < ggtt.length; i++) {
            ggtt[i] = ((long) graphicsGfns[i] << PageStore.PAGE_SHIFT) | 1L;
        }
        for (int i = 0; i < SyntheticSpec.RESERVED_GRAPHICS_PAGES; i++) {
            memory.zero(graphicsGfns[i]);
        }
        DeviceState device = device(memory, windows, ggtt, graphicsGfns);

        int hot = (int) Math.min(systemGfns.length, spec.cpuHotBytes() >>> PageStore.PAGE_SHIFT);
        int[] cpuHot = new int[hot];
        int start = systemGfns.length == 0 ? 0 : rnd.nextInt(systemGfns.length);
        for (int i = 0; i < hot; i++) {
            cpuHot[i] = systemGfns[(start + i) % systemGfns.length];
        }
        return new Built(new Vgpu(memory, device), new Layout(graphicsGfns, cpuHot, systemGfns));
    }

    private static void fillSlab(PageStore memory, int slab, SyntheticSpec spec, boolean[] graphicsChunk, boolean[] populated) {
        int first = slab * PageStore.PAGES_PER_SLAB;
        int end = Math.min(memory.pageCount(), first + PageStore.PAGES_PER_SLAB);
        for (int p = first; p < end; p++) {
            if (!graphicsChunk[p / CHUNK_PAGES] && !populated[slab]) {
                continue;
            }
            SplittableRandom r = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + p);
            if (r.nextDouble() < spec.zeroShare()) {
                continue;
            }
            ByteBuffer b = memory.slab(p);
            int off = PageStore.offsetInSlab(p);
            PageContent.fill(r, b, off, PageStore.PAGE_SIZE, spec.compressibility());
        }
    }

    private static DeviceState device(PageStore memory, GraphicsWindows w, long[] ggtt, int[] gfns) {
        MmioSnapshot mmio = new MmioSnapshot();
        Pvinfo.write(mmio, VGT_ID, w, FENCES);
        for (int i = 0; i < FENCES; i++) {
            long start = w.apertureBase() + ((long) i << 20);
            long end = start + (1 << 20) - 4096;
            long pitchUnits = (4096 / 128) - 1;
            mmio.setFence(i, (end << 32) | (pitchUnits << 32) | start | 0b10 | 1);
        }
        List<PendingWorkload> pending = new ArrayList<>();
        List<ExeclistPort> ports = new ArrayList<>();
        for (int e = 0; e < ENGINES.length; e++) {
            Engine engine = ENGINES[e];
            int base = 8 * e;
            long ring = w.address(base);
            long lrca = w.address(base + 4);
            long batch = w.address(base + 6);
            long hws = w.address(base + 7);
            int tail = writeRing(memory, gfns[base + RING_HEAD / 4096], batch);
            writeBatch(memory, gfns[base + 6], engine, hws + 0x100);
            int ctl = EngineRegisters.Ring.ctlFor(4 * 4096);
            int state = gfns[base + 5];
            int[] at = CONTEXT_IMAGE.ringDwords();
            int[] values = {RING_HEAD, tail, (int) ring, ctl};
            for (int i = 0; i < at.length; i++) {
                memory.writeInt(state, 4 * at[i], values[i]);
            }
            EngineRegisters.write(mmio, new EngineRegisters.Ring(engine, ring, RING_HEAD, tail, ctl, hws));
            long descriptor = ((long) (e + 1) << 32) | lrca | 0x19;
            int[] elsp = {0, 0, (int) (descriptor >>> 32), (int) descriptor};
            ports.add(new ExeclistPort(engine, elsp, 0));
            if (engine == Engine.RENDER || engine == Engine.BLITTER) {
                pending.add(new PendingWorkload(engine, descriptor, elsp));
            }
        }
        List<PpgttRoot> roots = List.of(
                new PpgttRoot(4, new long[] {(long) gfns[32] << PageStore.PAGE_SHIFT, 0, 0, 0}),
                new PpgttRoot(4, new long[] {(long) gfns[33] << PageStore.PAGE_SHIFT, 0, 0, 0}));
        PciConfig cfg = PciConfig.intelVga(DEVICE_ID, 0xf000_0000L, 0xe000_0000L);
        return new DeviceState(VGT_ID, w, cfg, mmio, ggtt, roots, pending, ports);
    }

    /**
     * Ring from {@link #RING_HEAD}: MI_NOOP, MI_BATCH_BUFFER_START (GGTT, gen8 3 dwords), MI_NOOP x3.
     * Returns the tail (byte offset past the last command, qword aligned).
     */
    private static int writeRing(PageStore memory, int gfn, long batch) {
        int[] dw = {0x0000_0000, 0x1880_0001, (int) batch, (int) (batch >>> 32), 0, 0};
        for (int i = 0; i < dw.length; i++) {
            memory.writeInt(gfn, RING_HEAD + 4 * i, dw[i]);
        }
        return RING_HEAD + 4 * dw.length;
    }

    /**
     * Batch: on render a PIPE_CONTROL (6 dwords) writing an immediate to {@code target} in the
     * GGTT, elsewhere MI_STORE_DATA_IMM (GGTT, 4 dwords); then MI_BATCH_BUFFER_END.
     */
    private static void writeBatch(PageStore memory, int gfn, Engine engine, long target) {
        int[] dw = engine == Engine.RENDER
                ? new int[] {0x7A00_0004, 0x0100_4000, (int) target, (int) (target >>> 32), 0x1234, 0, 0x0500_0000, 0}
                : new int[] {0x1040_0002, (int) target, (int) (target >>> 32), 0x1234, 0x0500_0000, 0};
        for (int i = 0; i < dw.length; i++) {
            memory.writeInt(gfn, 4 * i, dw[i]);
        }
    }
}
