package io.genscope.migration.state;

/**
 * The PVINFO page at MMIO 0x78000 through which a GVT-g guest learns it is a vGPU and which parts
 * of the GGTT are its own. Offsets are from the start of the page.
 *
 * <pre>
 * 0x000  u64 magic "vGTvGTvG" (0x4776544776544776)
 * 0x008  u16 version major      0x00A  u16 version minor
 * 0x00C  u32 vgt_id             0x010  u32 caps (bit2 full PPGTT, bit3 HWSP emulation, bit4 huge GTT)
 * 0x040  u32 aperture (mappable) base     0x044  u32 aperture size
 * 0x048  u32 hidden (non-mappable) base   0x04C  u32 hidden size
 * 0x050  u32 fence_num
 * 0x804  u32 display_ready      0x818  u32 g2v_notify
 * 0x838  u32 pdp[4] lo/hi (32 bytes)      0x858  u32 execlist context descriptor lo, 0x85C hi
 * </pre>
 */
public final class Pvinfo {
    public static final int BASE = 0x78000;
    public static final long MAGIC = 0x4776544776544776L;
    public static final int CAP_FULL_PPGTT = 1 << 2;
    public static final int CAP_HWSP_EMULATION = 1 << 3;

    private static final int VERSION_MAJOR = 0x08;
    private static final int VERSION_MINOR = 0x0A;
    private static final int VGT_ID = 0x0C;
    private static final int CAPS = 0x10;
    private static final int APERTURE_BASE = 0x40;
    private static final int APERTURE_SIZE = 0x44;
    private static final int HIDDEN_BASE = 0x48;
    private static final int HIDDEN_SIZE = 0x4C;
    private static final int FENCE_NUM = 0x50;
    private static final int DISPLAY_READY = 0x804;

    private Pvinfo() {
    }

    /** Writes a PVINFO page describing a vGPU with these windows and fences. */
    public static void write(MmioSnapshot mmio, int vgtId, GraphicsWindows w, int fences) {
        mmio.writeLong(BASE, MAGIC);
        mmio.writeShort(BASE + VERSION_MAJOR, (short) 1);
        mmio.writeShort(BASE + VERSION_MINOR, (short) 0);
        mmio.writeInt(BASE + VGT_ID, vgtId);
        mmio.writeInt(BASE + CAPS, CAP_FULL_PPGTT | CAP_HWSP_EMULATION);
        mmio.writeInt(BASE + APERTURE_BASE, (int) w.apertureBase());
        mmio.writeInt(BASE + APERTURE_SIZE, (int) w.apertureSize());
        mmio.writeInt(BASE + HIDDEN_BASE, (int) w.hiddenBase());
        mmio.writeInt(BASE + HIDDEN_SIZE, (int) w.hiddenSize());
        mmio.writeInt(BASE + FENCE_NUM, fences);
        mmio.writeInt(BASE + DISPLAY_READY, 1);
    }

    public static boolean hasMagic(MmioSnapshot mmio) {
        return mmio.readLong(BASE) == MAGIC;
    }

    public static int vgtId(MmioSnapshot mmio) {
        return mmio.readInt(BASE + VGT_ID);
    }

    public static int fenceCount(MmioSnapshot mmio) {
        return mmio.readInt(BASE + FENCE_NUM);
    }

    /** The windows the PVINFO page announces (unsigned 32-bit fields). */
    public static GraphicsWindows windows(MmioSnapshot mmio) {
        return new GraphicsWindows(u32(mmio, APERTURE_BASE), u32(mmio, APERTURE_SIZE), u32(mmio, HIDDEN_BASE),
                u32(mmio, HIDDEN_SIZE));
    }

    private static long u32(MmioSnapshot mmio, int off) {
        return mmio.readInt(BASE + off) & 0xffffffffL;
    }
}
