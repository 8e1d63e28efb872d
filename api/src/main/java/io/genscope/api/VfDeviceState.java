package io.genscope.api;

import java.util.HexFormat;
import java.util.List;

/**
 * What a PF saves of an xe VF besides its VRAM, as the packets of xe VF migration data carry it:
 * the descriptor's PCI ids, the primary GT's GGTT, MMIO and GuC packets, and the packets genscope
 * carries without interpreting them ({@link VfPacket}: another GT's, or of types it does not know).
 *
 * <pre>{@code
 * VfDeviceState s = new VfDeviceState(0xe20b, 0, ggttEntries, new int[4], gucBlob);
 * VfDeviceState withMediaGt = new VfDeviceState(0xb080, 0, ggttEntries, new int[4], gucBlob,
 *         List.of(new VfPacket(5, 0, 1, 0, mediaGucBlob)));
 * }</pre>
 *
 * @param deviceId PCI device id
 * @param revision PCI revision
 * @param ggtt the VF's GGTT entries, first page of its range first (VF id bits clear)
 * @param mmio the primary GT's scratch registers
 * @param guc the GuC's opaque state for the VF (whole dwords)
 * @param opaque packets carried unchanged, in stream order
 */
public record VfDeviceState(int deviceId, int revision, long[] ggtt, int[] mmio, byte[] guc, List<VfPacket> opaque) {
    /**
     * Copies the arrays and the list.
     *
     * @param deviceId PCI device id, 16 bits
     * @param revision PCI revision, 8 bits
     * @param ggtt GGTT entries
     * @param mmio registers
     * @param guc GuC state, whole dwords
     * @param opaque packets carried unchanged
     */
    public VfDeviceState {
        if (deviceId < 0 || deviceId > 0xffff || revision < 0 || revision > 0xff) {
            throw new IllegalArgumentException(String.format("device id 0x%x / revision 0x%x: 16 and 8 bits", deviceId,
                    revision));
        }
        if (guc.length % 4 != 0) {
            throw new IllegalArgumentException("GuC state of " + guc.length + " bytes is not whole dwords");
        }
        ggtt = ggtt.clone();
        mmio = mmio.clone();
        guc = guc.clone();
        opaque = List.copyOf(opaque);
    }

    /**
     * A state without opaque packets.
     *
     * @param deviceId PCI device id, 16 bits
     * @param revision PCI revision, 8 bits
     * @param ggtt GGTT entries
     * @param mmio registers
     * @param guc GuC state, whole dwords
     */
    public VfDeviceState(int deviceId, int revision, long[] ggtt, int[] mmio, byte[] guc) {
        this(deviceId, revision, ggtt, mmio, guc, List.of());
    }

    /**
     * A copy of the GGTT entries.
     *
     * @return the GGTT entries
     */
    @Override
    public long[] ggtt() {
        return ggtt.clone();
    }

    /**
     * A copy of the registers.
     *
     * @return the registers
     */
    @Override
    public int[] mmio() {
        return mmio.clone();
    }

    /**
     * A copy of the GuC state.
     *
     * @return the GuC state
     */
    @Override
    public byte[] guc() {
        return guc.clone();
    }

    // equal by the arrays' contents, as the engine's state it converts to
    @Override
    public boolean equals(Object o) {
        return o instanceof VfDeviceState s && VfSourceAdapter.internal(this).equals(VfSourceAdapter.internal(s));
    }

    @Override
    public int hashCode() {
        return VfSourceAdapter.internal(this).hashCode();
    }

    @Override
    public String toString() {
        return String.format("VfDeviceState[device 0x%04x rev %d, %d GGTT entries, %d registers, GuC %d bytes (%s...),"
                + " %d opaque packets]", deviceId, revision, ggtt.length, mmio.length, guc.length,
                HexFormat.of().formatHex(guc, 0, Math.min(4, guc.length)), opaque.size());
    }
}
