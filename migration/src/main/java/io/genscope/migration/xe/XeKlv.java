package io.genscope.migration.xe;

import java.util.Arrays;

/**
 * One key-length-value item of the descriptor, in the GuC's KLV layout: a dword with the key in
 * bits 31:16 and the number of value dwords in bits 15:0, then the value dwords.
 *
 * @param key 16-bit key
 * @param value the value dwords (at most 65,535)
 */
public record XeKlv(int key, int[] value) {
    /** Key of the PCI device id of the saving device (one dword). */
    public static final int DEVICE_ID = 0xf001;
    /** Key of the PCI revision id of the saving device (one dword). */
    public static final int REVISION = 0xf002;
    /**
     * genscope's own key: the graphics address where the VF's GGTT range starts (two dwords, low
     * then high), written into VF images made from captures. Linux skips descriptor keys it does
     * not know.
     */
    public static final int GENSCOPE_GGTT_BASE = 0xfe01;

    public XeKlv {
        if (key < 0 || key > 0xffff) {
            throw new IllegalArgumentException("KLV key 0x" + Integer.toHexString(key) + " has more than 16 bits");
        }
        if (value.length > 0xffff) {
            throw new IllegalArgumentException("KLV value of " + value.length + " dwords; at most 65535 fit");
        }
        value = value.clone();
    }

    /** A KLV with these value dwords. */
    public static XeKlv of(int key, int... value) {
        return new XeKlv(key, value);
    }

    @Override
    public int[] value() {
        return value.clone();
    }

    /** The header dword. */
    public int headerDword() {
        return key << 16 | value.length;
    }

    /** Dwords including the header. */
    public int dwords() {
        return 1 + value.length;
    }

    /** "0xf001" or "device id" for the keys Linux defines. */
    public String keyName() {
        return switch (key) {
            case DEVICE_ID -> "device id";
            case REVISION -> "revision";
            case GENSCOPE_GGTT_BASE -> "GGTT base (genscope)";
            default -> String.format("key 0x%04x", key);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XeKlv k && k.key == key && Arrays.equals(k.value, value);
    }

    @Override
    public int hashCode() {
        return key * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return keyName() + " " + Arrays.toString(Arrays.stream(value).mapToObj(v -> "0x" + Integer.toHexString(v)).toArray());
    }
}
