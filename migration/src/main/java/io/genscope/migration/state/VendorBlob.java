package io.genscope.migration.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Device state genscope carries without reading it: a mediator's own part (firmware or GuC state,
 * a vendor driver's context), named by its owner and restored byte for byte at the destination.
 *
 * @param name its owner's name for it: 1 to 64 printable ASCII characters
 * @param bytes its content (copied)
 */
public record VendorBlob(String name, byte[] bytes) {
    /** The longest name. */
    public static final int MAX_NAME = 64;

    public VendorBlob {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_NAME || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("a vendor blob's name is 1 to " + MAX_NAME + " printable ASCII characters: \""
                    + name + "\"");
        }
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    /** The content (a copy). */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The name as it travels. */
    byte[] nameBytes() {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /** Its content without a copy, for the encoder. */
    byte[] bytesUnsafe() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VendorBlob b && b.name.equals(name) && Arrays.equals(b.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "VendorBlob[" + name + ", " + bytes.length + " bytes]";
    }
}
