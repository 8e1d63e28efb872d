package io.genscope.migration.xe.precopy;

import java.util.Arrays;

/**
 * What the PF saves of a VF besides its VRAM, as the packets of xe VF migration data carry it.
 *
 * @param deviceId PCI device id (descriptor KLV 0xf001)
 * @param revision PCI revision (descriptor KLV 0xf002)
 * @param ggtt the VF's GGTT entries, first page of its range first (VF id bits clear)
 * @param mmio the primary GT's scratch registers (4 on Linux)
 * @param guc the GuC's opaque state for the VF (whole dwords)
 */
public record XeVfState(int deviceId, int revision, long[] ggtt, int[] mmio, byte[] guc) {
    public XeVfState {
        ggtt = ggtt.clone();
        mmio = mmio.clone();
        guc = guc.clone();
    }

    @Override
    public long[] ggtt() {
        return ggtt.clone();
    }

    @Override
    public int[] mmio() {
        return mmio.clone();
    }

    @Override
    public byte[] guc() {
        return guc.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XeVfState s && deviceId == s.deviceId && revision == s.revision
                && Arrays.equals(ggtt, s.ggtt) && Arrays.equals(mmio, s.mmio) && Arrays.equals(guc, s.guc);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * deviceId + revision) + Arrays.hashCode(ggtt)) + Arrays.hashCode(mmio) * 7
                + Arrays.hashCode(guc);
    }

    @Override
    public String toString() {
        return String.format("XeVfState[device 0x%04x rev %d, %d GGTT entries, %d registers, GuC %d bytes]", deviceId,
                revision, ggtt.length, mmio.length, guc.length);
    }
}
