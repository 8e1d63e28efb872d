package io.genscope.migration.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The vGPU's virtual PCI configuration space (4 KiB, PCIe extended size), little-endian.
 *
 * <pre>
 * 0x00 u16 vendor (0x8086)   0x02 u16 device      0x04 u16 command   0x08 u8 revision
 * 0x09 u24 class (0x030000, VGA)                  0x0E u8 header type
 * 0x10 u64 BAR0  GTTMMADR (MMIO 2 MiB + GGTT)     0x18 u64 BAR2  GMADR (aperture)
 * 0x20 u32 BAR4  I/O                              0x2C u16 subsystem vendor, 0x2E subsystem id
 * 0xE8 u32 SWSCI                                  0xFC u32 ASLS (OpRegion address)
 * </pre>
 */
public final class PciConfig {
    public static final int SIZE = 4096;
    public static final int VENDOR_INTEL = 0x8086;

    private final byte[] bytes;
    private final ByteBuffer view;

    private PciConfig(byte[] bytes) {
        this.bytes = bytes;
        this.view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Configuration space of an Intel VGA device with this PCI id and BARs. */
    public static PciConfig intelVga(int deviceId, long mmioBar, long apertureBar) {
        PciConfig c = new PciConfig(new byte[SIZE]);
        c.view.putShort(0x00, (short) VENDOR_INTEL);
        c.view.putShort(0x02, (short) deviceId);
        c.view.putShort(0x04, (short) 0x0007);
        c.view.put(0x08, (byte) 0x06);
        c.view.put(0x0B, (byte) 0x03);
        c.view.putLong(0x10, mmioBar | 0x4);
        c.view.putLong(0x18, apertureBar | 0xC);
        c.view.putInt(0x20, 0xf001);
        c.view.putShort(0x2C, (short) VENDOR_INTEL);
        c.view.putShort(0x2E, (short) deviceId);
        return c;
    }

    public static PciConfig of(byte[] image) {
        if (image.length != SIZE) {
            throw new IllegalArgumentException("PCI config space must be " + SIZE + " bytes, got " + image.length);
        }
        return new PciConfig(image.clone());
    }

    public int vendorId() {
        return view.getShort(0x00) & 0xffff;
    }

    public int deviceId() {
        return view.getShort(0x02) & 0xffff;
    }

    public byte[] image() {
        return bytes.clone();
    }

    byte[] imageUnsafe() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PciConfig c && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
