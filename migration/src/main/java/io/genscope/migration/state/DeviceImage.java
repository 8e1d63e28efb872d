package io.genscope.migration.state;

import io.genscope.spec.Engine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical byte form of a {@link DeviceState}, one byte array per {@link DeviceRegion}
 * (little-endian). Used by the stream and by digests, so two equal states encode to equal bytes.
 *
 * <pre>
 * HEAD (64 B)   0 u32 version (2)        4 u32 vgt_id       8 u32 PCI device id   12 u32 vendor blobs
 *              16 u64 aperture base     24 u64 aperture size
 *              32 u64 hidden base       40 u64 hidden size
 *              48 u32 fences            52 u32 PPGTT roots  56 u32 workloads      60 u32 execlist ports
 * CFG           4096 bytes of configuration space
 * VREG          2 MiB of registers
 * GGTT          u64 entry per graphics page, aperture pages first
 * PPGTT         per root:     u32 level, u32 0, u64 pdp[4]                  (40 B)
 * WORKLOAD      per workload: u32 engine, u32 0, u64 descriptor, u32 elsp[4] (32 B)
 * EXECLIST      per port:     u32 engine, u32 index, u32 dwords[4]           (24 B)
 * VENDOR        per blob:     u32 name bytes, name (ASCII), u32 size, bytes   (opaque)
 * engine numbers: 0 render, 1 video, 2 blitter, 3 video-enhance (GVT-g's ring ids)
 * </pre>
 */
public final class DeviceImage {
    public static final int VERSION = 2;
    private static final Engine[] ENGINES = {Engine.RENDER, Engine.VIDEO, Engine.BLITTER, Engine.VIDEOENHANCE};

    private DeviceImage() {
    }

    /** The regions of {@code state}, in stream order (HEAD first). */
    public static Map<DeviceRegion, byte[]> encode(DeviceState state) {
        Map<DeviceRegion, byte[]> out = new EnumMap<>(DeviceRegion.class);
        ByteBuffer head = buffer(DeviceRegion.HEAD.maxBytes());
        head.putInt(VERSION).putInt(state.vgtId()).putInt(state.config().deviceId()).putInt(state.vendorBlobs().size());
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
        int vendorBytes = 0;
        for (VendorBlob b : state.vendorBlobs()) {
            vendorBytes = Math.addExact(vendorBytes, 8 + b.nameBytes().length + b.bytesUnsafe().length);
        }
        if (vendorBytes > DeviceRegion.VENDOR.maxBytes()) {
            throw new IllegalArgumentException("vendor blobs of " + vendorBytes + " bytes, more than the "
                    + DeviceRegion.VENDOR.maxBytes() + " a stream carries");
        }
        ByteBuffer vb = buffer(vendorBytes);
        for (VendorBlob b : state.vendorBlobs()) {
            vb.putInt(b.nameBytes().length).put(b.nameBytes()).putInt(b.bytesUnsafe().length).put(b.bytesUnsafe());
        }
        out.put(DeviceRegion.VENDOR, vb.array());
        return out;
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
        int blobs = head.getInt();
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
        return new DeviceState(vgtId, windows, cfg, mmio, ggtt, rootList, workloadList, portList,
                vendorBlobs(regions.get(DeviceRegion.VENDOR), blobs));
    }

    /** The VENDOR region's blobs, {@code count} of them filling it exactly. */
    private static List<VendorBlob> vendorBlobs(byte[] region, int count) throws InvalidDeviceStateException {
        ByteBuffer b = wrap(region);
        if (count < 0 || count > region.length / 9) {
            throw new InvalidDeviceStateException(DeviceRegion.VENDOR, "HEAD counts " + Integer.toUnsignedString(count)
                    + " vendor blobs for " + region.length + " bytes");
        }
        List<VendorBlob> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] name = vendorPart(b, VendorBlob.MAX_NAME, i, "name");
            byte[] bytes = vendorPart(b, b.remaining(), i, "content");
            try {
                out.add(new VendorBlob(new String(name, java.nio.charset.StandardCharsets.US_ASCII), bytes));
            } catch (IllegalArgumentException e) {
                throw new InvalidDeviceStateException(DeviceRegion.VENDOR, "blob " + i + ": " + e.getMessage());
            }
        }
        if (b.hasRemaining()) {
            throw new InvalidDeviceStateException(DeviceRegion.VENDOR, b.remaining() + " bytes after the last blob");
        }
        return out;
    }

    private static byte[] vendorPart(ByteBuffer b, int max, int blob, String what) throws InvalidDeviceStateException {
        if (b.remaining() < 4) {
            throw new InvalidDeviceStateException(DeviceRegion.VENDOR, "blob " + blob + " is cut off before its " + what);
        }
        int n = b.getInt();
        if (n < 0 || n > max || n > b.remaining()) {
            throw new InvalidDeviceStateException(DeviceRegion.VENDOR, "blob " + blob + "'s " + what + " claims "
                    + Integer.toUnsignedString(n) + " bytes, " + b.remaining() + " left");
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
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
