package io.genscope.migration.state;

import io.genscope.spec.Engine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The canonical byte form of a {@link DeviceState}, one byte array per {@link DeviceRegion}
 * (little-endian). Used by the stream and by digests, so two equal states encode to equal bytes.
 *
 * <pre>
 * HEAD (64 B)   0 u32 version (1)        4 u32 vgt_id       8 u32 PCI device id   12 u32 0
 *              16 u64 aperture base     24 u64 aperture size
 *              32 u64 hidden base       40 u64 hidden size
 *              48 u32 fences            52 u32 PPGTT roots  56 u32 workloads      60 u32 execlist ports
 * CFG           4096 bytes of configuration space
 * VREG          2 MiB of registers
 * GGTT          u64 entry per graphics page, aperture pages first
 * PPGTT         per root:     u32 level, u32 0, u64 pdp[4]                  (40 B)
 * WORKLOAD      per workload: u32 engine, u32 0, u64 descriptor, u32 elsp[4] (32 B)
 * EXECLIST      per port:     u32 engine, u32 index, u32 dwords[4]           (24 B)
 * engine numbers: 0 render, 1 video, 2 blitter, 3 video-enhance (GVT-g's ring ids)
 * </pre>
 */
public final class DeviceImage {
    public static final int VERSION = 1;
    private static final Engine[] ENGINES = {Engine.RENDER, Engine.VIDEO, Engine.BLITTER, Engine.VIDEOENHANCE};

    private DeviceImage() {
    }

    /** The regions of {@code state}, in stream order (HEAD first). */
    public static Map<DeviceRegion, byte[]> encode(DeviceState state) {
        Map<DeviceRegion, byte[]> out = new EnumMap<>(DeviceRegion.class);
        ByteBuffer head = buffer(DeviceRegion.HEAD.maxBytes());
        head.putInt(VERSION).putInt(state.vgtId()).putInt(state.config().deviceId()).putInt(0);
        GraphicsWindows w = state.windows();
        head.putLong(w.apertureBase()).putLong(w.apertureSize()).putLong(w.hiddenBase()).putLong(w.hiddenSize());
        head.putInt(Pvinfo.fenceCount(state.mmio())).putInt(state.ppgttRoots().size()).putInt(state.workloads().size())
                .putInt(state.execlists().size());
        out.put(DeviceRegion.HEAD, head.array());
        out.put(DeviceRegion.CFG, state.config().imageUnsafe().clone());
        out.put(DeviceRegion.VREG, state.mmio().image());
        long[] ggtt = state.ggttUnsafe();
        ByteBuffer g = buffer(ggtt.length * 8);
        g.asLongBuffer().put(ggtt);
        out.put(DeviceRegion.GGTT, g.array());
        ByteBuffer p = buffer(state.ppgttRoots().size() * 40);
        for (PpgttRoot r : state.ppgttRoots()) {
            p.putInt(r.level()).putInt(0);
            for (long pdp : r.pdps()) {
                p.putLong(pdp);
            }
        }
        out.put(DeviceRegion.PPGTT, p.array());
        ByteBuffer wl = buffer(state.workloads().size() * 32);
        for (PendingWorkload x : state.workloads()) {
            wl.putInt(engineNumber(x.engine())).putInt(0).putLong(x.descriptor());
            for (int d : x.elsp()) {
                wl.putInt(d);
            }
        }
        out.put(DeviceRegion.WORKLOAD, wl.array());
        ByteBuffer el = buffer(state.execlists().size() * 24);
        for (ExeclistPort x : state.execlists()) {
            el.putInt(engineNumber(x.engine())).putInt(x.index());
            for (int d : x.dwords()) {
                el.putInt(d);
            }
        }
        out.put(DeviceRegion.EXECLIST, el.array());
        return out;
    }

    /**
     * Encodes and decodes a made-up state with these windows {@code rounds} times on a daemon
     * thread of its own, and returns at once. A destination calls it when a stream starts: the
     * device state arrives only while the vGPU is stopped, and its decoder, run once per stream,
     * would otherwise run in the interpreter then (36 ms against 2 ms compiled, measured for 512 MiB
     * of windows). Failures are ignored; the real decode reports its own.
     */
    public static void warmUpInBackground(GraphicsWindows windows, int memoryPages, int rounds) {
        try {
            WARM_UP.execute(() -> {
                try {
                    DeviceState state = sample(windows, memoryPages);
                    for (int i = 0; i < rounds && !Thread.currentThread().isInterrupted(); i++) {
                        decode(encode(state), memoryPages);
                    }
                } catch (InvalidDeviceStateException | RuntimeException | OutOfMemoryError e) {
                    // a warm-up only
                }
            });
        } catch (RejectedExecutionException e) {
            // one warm-up runs already: it compiles the same code, this one is not needed
        }
    }

    /**
     * At most one warm-up at a time, for the whole process, none queued: a receiver serving many
     * SETUPs at once starts one thread, not one per stream. The thread ends after 10 s idle.
     */
    private static final ThreadPoolExecutor WARM_UP = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "genscope-restore-warmup");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.AbortPolicy());

    /** A state shaped like a real one: every GGTT entry present, PVINFO, fences, roots, ports. */
    static DeviceState sample(GraphicsWindows w, int memoryPages) {
        MmioSnapshot mmio = new MmioSnapshot();
        Pvinfo.write(mmio, 1, w, 4);
        long[] ggtt = new long[w.pages()];
        for (int i = 0; i < ggtt.length; i++) {
            ggtt[i] = ((long) (i % Math.max(1, memoryPages)) << PageStore.PAGE_SHIFT) | GuestGgtt.PRESENT;
        }
        List<ExeclistPort> ports = new ArrayList<>();
        List<PendingWorkload> pending = new ArrayList<>();
        for (Engine e : ENGINES) {
            int[] elsp = {0, 0, 1, 0x1019};
            ports.add(new ExeclistPort(e, elsp, 0));
            pending.add(new PendingWorkload(e, 0x1_0000_1019L, elsp));
        }
        List<PpgttRoot> roots = List.of(new PpgttRoot(4, new long[] {0x1000, 0, 0, 0}));
        return new DeviceState(1, w, PciConfig.intelVga(0x1912, 0xf000_0000L, 0xe000_0000L), mmio, ggtt, roots, pending,
                ports);
    }

    /**
     * Rebuilds a state from its regions, checking everything: sizes against HEAD, the PVINFO page
     * against HEAD, GGTT entries against the guest memory size ({@code memoryPages}).
     */
    public static DeviceState decode(Map<DeviceRegion, byte[]> regions, int memoryPages) throws InvalidDeviceStateException {
        for (DeviceRegion r : DeviceRegion.values()) {
            if (regions.get(r) == null) {
                throw new InvalidDeviceStateException(r, "region missing");
            }
        }
        ByteBuffer head = wrap(regions.get(DeviceRegion.HEAD));
        if (head.remaining() != DeviceRegion.HEAD.maxBytes()) {
            throw new InvalidDeviceStateException(DeviceRegion.HEAD, "is " + head.remaining() + " bytes, expected 64");
        }
        int version = head.getInt();
        if (version != VERSION) {
            throw new InvalidDeviceStateException(DeviceRegion.HEAD, "version " + version + ", this reader knows " + VERSION);
        }
        int vgtId = head.getInt();
        int deviceId = head.getInt();
        head.getInt();
        GraphicsWindows windows;
        try {
            windows = new GraphicsWindows(head.getLong(), head.getLong(), head.getLong(), head.getLong());
        } catch (IllegalArgumentException e) {
            throw new InvalidDeviceStateException(DeviceRegion.HEAD, e.getMessage());
        }
        int fences = head.getInt();
        int roots = head.getInt();
        int workloads = head.getInt();
        int ports = head.getInt();
        if (fences < 0 || fences > MmioSnapshot.FENCE_REGISTERS) {
            throw new InvalidDeviceStateException(DeviceRegion.HEAD, "fence count " + fences + " outside 0..32");
        }
        byte[] cfgBytes = regions.get(DeviceRegion.CFG);
        expectLength(DeviceRegion.CFG, cfgBytes, PciConfig.SIZE);
        PciConfig cfg = PciConfig.of(cfgBytes);
        if (cfg.vendorId() != PciConfig.VENDOR_INTEL || cfg.deviceId() != deviceId) {
            throw new InvalidDeviceStateException(DeviceRegion.CFG, String.format(
                    "PCI id %04x:%04x, HEAD says 8086:%04x", cfg.vendorId(), cfg.deviceId(), deviceId));
        }
        byte[] vreg = regions.get(DeviceRegion.VREG);
        expectLength(DeviceRegion.VREG, vreg, MmioSnapshot.SIZE);
        MmioSnapshot mmio = MmioSnapshot.of(vreg);
        if (!Pvinfo.hasMagic(mmio)) {
            throw new InvalidDeviceStateException(DeviceRegion.VREG, "PVINFO page at 0x78000 has no vGT magic");
        }
        if (!windows.equals(safeWindows(mmio)) || Pvinfo.vgtId(mmio) != vgtId || Pvinfo.fenceCount(mmio) != fences) {
            throw new InvalidDeviceStateException(DeviceRegion.VREG, "PVINFO page disagrees with HEAD (id, windows or fences)");
        }
        byte[] g = regions.get(DeviceRegion.GGTT);
        expectLength(DeviceRegion.GGTT, g, (long) windows.pages() * 8);
        long[] ggtt = new long[windows.pages()];
        wrap(g).asLongBuffer().get(ggtt);
        for (int i = 0; i < ggtt.length; i++) {
            long e = ggtt[i];
            if ((e & GuestGgtt.PRESENT) != 0 && ((e & GuestGgtt.ADDRESS_MASK) >>> PageStore.PAGE_SHIFT) >= memoryPages) {
                throw new InvalidDeviceStateException(DeviceRegion.GGTT, String.format(
                        "entry %d (graphics address 0x%x) maps guest page 0x%x beyond guest memory (%d pages)", i,
                        windows.address(i), (e & GuestGgtt.ADDRESS_MASK) >>> PageStore.PAGE_SHIFT, memoryPages));
            }
        }
        List<PpgttRoot> rootList = new ArrayList<>();
        ByteBuffer p = counted(regions, DeviceRegion.PPGTT, roots, 40);
        for (int i = 0; i < roots; i++) {
            int level = p.getInt();
            p.getInt();
            long[] pdps = {p.getLong(), p.getLong(), p.getLong(), p.getLong()};
            if (level != 3 && level != 4) {
                throw new InvalidDeviceStateException(DeviceRegion.PPGTT, "root " + i + " has level " + level);
            }
            rootList.add(new PpgttRoot(level, pdps));
        }
        List<PendingWorkload> workloadList = new ArrayList<>();
        ByteBuffer wl = counted(regions, DeviceRegion.WORKLOAD, workloads, 32);
        for (int i = 0; i < workloads; i++) {
            Engine e = engine(DeviceRegion.WORKLOAD, wl.getInt(), i);
            wl.getInt();
            long desc = wl.getLong();
            workloadList.add(new PendingWorkload(e, desc, new int[] {wl.getInt(), wl.getInt(), wl.getInt(), wl.getInt()}));
        }
        List<ExeclistPort> portList = new ArrayList<>();
        ByteBuffer el = counted(regions, DeviceRegion.EXECLIST, ports, 24);
        for (int i = 0; i < ports; i++) {
            Engine e = engine(DeviceRegion.EXECLIST, el.getInt(), i);
            int index = el.getInt();
            int[] dw = {el.getInt(), el.getInt(), el.getInt(), el.getInt()};
            if (index < 0 || index > 3) {
                throw new InvalidDeviceStateException(DeviceRegion.EXECLIST, "port " + i + " index " + index);
            }
            portList.add(new ExeclistPort(e, dw, index));
        }
        return new DeviceState(vgtId, windows, cfg, mmio, ggtt, rootList, workloadList, portList);
    }

    public static int engineNumber(Engine e) {
        for (int i = 0; i < ENGINES.length; i++) {
            if (ENGINES[i] == e) {
                return i;
            }
        }
        throw new IllegalArgumentException("engine " + e + " has no GVT-g ring id");
    }

    private static Engine engine(DeviceRegion region, int number, int index) throws InvalidDeviceStateException {
        if (number < 0 || number >= ENGINES.length) {
            throw new InvalidDeviceStateException(region, "entry " + index + " names engine " + number);
        }
        return ENGINES[number];
    }

    private static GraphicsWindows safeWindows(MmioSnapshot mmio) {
        try {
            return Pvinfo.windows(mmio);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ByteBuffer counted(Map<DeviceRegion, byte[]> regions, DeviceRegion r, int count, int size)
            throws InvalidDeviceStateException {
        byte[] b = regions.get(r);
        if (count < 0 || (long) count * size > r.maxBytes()) {
            throw new InvalidDeviceStateException(r, "HEAD announces " + count + " entries");
        }
        expectLength(r, b, (long) count * size);
        return wrap(b);
    }

    private static void expectLength(DeviceRegion r, byte[] b, long expected) throws InvalidDeviceStateException {
        if (b.length != expected) {
            throw new InvalidDeviceStateException(r, "is " + b.length + " bytes, expected " + expected);
        }
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer wrap(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
