package io.genscope.migration.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The vGPU's virtual registers: a 2 MiB image of the MMIO BAR (GVT-g's {@code vreg}), little-endian.
 * It holds the PVINFO page, the fence registers and every engine's ring registers, so migrating
 * it migrates all of them.
 *
 * <pre>
 * 0x000000 .. 0x1FFFFF   MMIO registers (2 MiB)
 *   0x002000  render engine base      ring TAIL +0x30, HEAD +0x34, START +0x38, CTL +0x3C,
 *   0x012000  video engine base       HWS_PGA +0x80, ELSP +0x230, RING_MODE +0x29C
 *   0x01A000  video-enhance base
 *   0x022000  blitter base
 *   0x078000  PVINFO page (4 KiB, see {@link Pvinfo})
 *   0x100000  fence registers, 8 bytes each
 * </pre>
 */
public final class MmioSnapshot {
    public static final int SIZE = 2 << 20;
    /** Offset of the first fence register (gen6+ layout: 64 bits per fence). */
    public static final int FENCE_BASE = 0x100000;
    /** Fence registers the hardware has. */
    public static final int FENCE_REGISTERS = 32;

    private final byte[] bytes;
    private final ByteBuffer view;

    public MmioSnapshot() {
        this(new byte[SIZE]);
    }

    private MmioSnapshot(byte[] bytes) {
        this.bytes = bytes;
        this.view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A snapshot holding a copy of {@code image} (exactly {@link #SIZE} bytes). */
    public static MmioSnapshot of(byte[] image) {
        if (image.length != SIZE) {
            throw new IllegalArgumentException("MMIO image must be " + SIZE + " bytes, got " + image.length);
        }
        return new MmioSnapshot(image.clone());
    }

    public int readInt(int offset) {
        return view.getInt(offset);
    }

    public void writeInt(int offset, int value) {
        view.putInt(offset, value);
    }

    public long readLong(int offset) {
        return view.getLong(offset);
    }

    public void writeLong(int offset, long value) {
        view.putLong(offset, value);
    }

    public short readShort(int offset) {
        return view.getShort(offset);
    }

    public void writeShort(int offset, short value) {
        view.putShort(offset, value);
    }

    /** The raw fence register {@code i}. */
    public long fence(int i) {
        return readLong(FENCE_BASE + 8 * checkFence(i));
    }

    public void setFence(int i, long value) {
        writeLong(FENCE_BASE + 8 * checkFence(i), value);
    }

    private static int checkFence(int i) {
        if (i < 0 || i >= FENCE_REGISTERS) {
            throw new IndexOutOfBoundsException("fence " + i);
        }
        return i;
    }

    /** A copy of the whole image. */
    public byte[] image() {
        return bytes.clone();
    }

    /** The image itself (read-only use: serialisation, digests). */
    public byte[] imageUnsafe() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MmioSnapshot m && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
