package io.genscope.api;

import io.genscope.migration.xe.XePacketType;
import java.util.Arrays;

/**
 * A packet of xe VF migration data that a {@link VfDeviceState} carries without interpreting it:
 * another GT's GuC state or registers (a media GT's), or a packet of a type genscope does not know.
 * It travels unchanged, written after the primary GT's VRAM, before the trailer, as Linux saves
 * another GT's packets, and comes back in {@link VfSink#load} in the same order.
 *
 * <pre>{@code
 * VfPacket mediaGuc = new VfPacket(5, 0, 1, 0, mediaGucBlob); // GuC state of GT 1
 * }</pre>
 *
 * @param type the header's type byte, 1 to 255 (5 GuC state, 4 MMIO, 3 GGTT; others as given)
 * @param tile the header's tile id, 0 to 255
 * @param gt the header's GT id, 0 to 255
 * @param offset the header's offset
 * @param payload the payload bytes
 */
public record VfPacket(int type, int tile, int gt, long offset, byte[] payload) {
    /**
     * Checks the header bytes and copies the payload.
     *
     * @param type type byte, not 0
     * @param tile tile id
     * @param gt GT id
     * @param offset header offset
     * @param payload payload bytes
     */
    public VfPacket {
        if (type < 1 || type > 0xff || tile < 0 || tile > 0xff || gt < 0 || gt > 0xff) {
            throw new IllegalArgumentException(String.format("packet type %d, tile %d, GT %d: each a byte, the type"
                    + " not 0", type, tile, gt));
        }
        XePacketType known = XePacketType.byCode(type).orElse(null);
        boolean primary = tile == 0 && gt == 0;
        if (known == XePacketType.DESCRIPTOR || known == XePacketType.TRAILER || known == XePacketType.VRAM
                || known != null && primary) {
            throw new IllegalArgumentException("packet type " + type + " on tile " + tile + ", GT " + gt
                    + ": the descriptor, trailer, VRAM and the primary GT's GGTT, MMIO and GuC state are not opaque");
        }
        payload = payload.clone();
    }

    /**
     * A copy of the payload.
     *
     * @return the payload bytes
     */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VfPacket p && type == p.type && tile == p.tile && gt == p.gt && offset == p.offset
                && Arrays.equals(payload, p.payload);
    }

    @Override
    public int hashCode() {
        return ((type * 31 + tile) * 31 + gt) * 31 + Long.hashCode(offset) + 7 * Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return String.format("VfPacket[type %d, tile %d, GT %d, offset 0x%x, %d bytes]", type, tile, gt, offset,
                payload.length);
    }
}
