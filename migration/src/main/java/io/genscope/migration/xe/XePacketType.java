package io.genscope.migration.xe;

import java.util.Optional;

/**
 * The packet types of xe VF migration data, by their code in the header's type byte (code 0 is
 * reserved so that a zeroed header is never a valid packet).
 */
public enum XePacketType {
    /** First packet: KLVs describing the device the data was saved on (PCI device id, revision). */
    DESCRIPTOR(1, "descriptor"),
    /** Last packet, empty: the end of the stream. */
    TRAILER(2, "trailer"),
    /** The VF's GGTT range: one 64-bit entry per 4 KiB page, VF id bits cleared. */
    GGTT(3, "GGTT"),
    /** The VF's software scratch registers of one GT. */
    MMIO(4, "MMIO"),
    /** The GuC firmware's opaque state for the VF on one GT. */
    GUC(5, "GuC state"),
    /** A chunk of the VF's device-local memory (VRAM) at the header's offset. */
    VRAM(6, "VRAM");

    private final int code;
    private final String label;

    XePacketType(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The type byte. */
    public int code() {
        return code;
    }

    /** How listings name it. */
    public String label() {
        return label;
    }

    /** The type with this code, if the format knows it. */
    public static Optional<XePacketType> byCode(int code) {
        for (XePacketType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
