package io.genscope.migration.xe.precopy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * What the PF saves of a VF besides its VRAM, as the packets of xe VF migration data carry it.
 *
 * @param deviceId PCI device id (descriptor KLV 0xf001)
 * @param revision PCI revision (descriptor KLV 0xf002)
 * @param ggtt the VF's GGTT entries, first page of its range first (VF id bits clear)
 * @param mmio the primary GT's scratch registers (4 on Linux)
 * @param guc the GuC's opaque state for the VF (whole dwords)
 * @param opaque packets carried as they are, in stream order: those of another GT (a media GT's GuC
 *        state and registers) and those of types genscope does not know
 */
public record XeVfState(int deviceId, int revision, long[] ggtt, int[] mmio, byte[] guc, List<Packet> opaque) {
    public XeVfState {
        ggtt = ggtt.clone();
        mmio = mmio.clone();
        guc = guc.clone();
        opaque = List.copyOf(opaque);
    }

    /** A state without opaque packets. */
    public XeVfState(int deviceId, int revision, long[] ggtt, int[] mmio, byte[] guc) {
        this(deviceId, revision, ggtt, mmio, guc, List.of());
    }

    /**
     * A packet carried without being interpreted: its header's type, tile, GT and offset, and its
     * payload (a read-only copy; equal by content).
     *
     * @param type the type byte (1-255)
     * @param tile tile id
     * @param gt GT id
     * @param offset the header's offset
     * @param payload the payload bytes
     */
    public record Packet(int type, int tile, int gt, long offset, ByteBuffer payload) {
        public Packet {
            if (type < 1 || type > 0xff || tile < 0 || tile > 0xff || gt < 0 || gt > 0xff) {
                throw new IllegalArgumentException(String.format("packet type %d, tile %d, GT %d: bytes, type not 0",
                        type, tile, gt));
            }
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
            payload = copy.asReadOnlyBuffer();
        }

        /** The packet with the payload copied from {@code bytes}. */
        public Packet(int type, int tile, int gt, long offset, byte[] bytes) {
            this(type, tile, gt, offset, ByteBuffer.wrap(bytes));
        }

        @Override
        public ByteBuffer payload() {
            return payload.duplicate();
        }

        /** A copy of the payload bytes. */
        public byte[] bytes() {
            byte[] b = new byte[payload.remaining()];
            payload.duplicate().get(b);
            return b;
        }
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
                && Arrays.equals(ggtt, s.ggtt) && Arrays.equals(mmio, s.mmio) && Arrays.equals(guc, s.guc)
                && opaque.equals(s.opaque);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * deviceId + revision) + Arrays.hashCode(ggtt)) + Arrays.hashCode(mmio) * 7
                + Arrays.hashCode(guc) + 11 * opaque.hashCode();
    }

    @Override
    public String toString() {
        return String.format("XeVfState[device 0x%04x rev %d, %d GGTT entries, %d registers, GuC %d bytes, %d opaque"
                + " packets]", deviceId, revision, ggtt.length, mmio.length, guc.length, opaque.size());
    }
}
