package io.genscope.migration.xe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The 24-byte header in front of every packet, little-endian and packed:
 *
 * <pre>
 * byte  0      version     protocol version (1 is the one Linux defines today)
 * byte  1      type        {@link XePacketType} code
 * byte  2      tile        tile the data belongs to
 * byte  3      gt          GT the data belongs to
 * bytes 4-7    flags       none defined; 0 as written by Linux
 * bytes 8-15   offset      where in the resource the payload goes (VRAM chunks)
 * bytes 16-23  size        payload bytes that follow the header (unsigned)
 * </pre>
 *
 * @param version protocol version, 0..255
 * @param typeCode type byte, 0..255 (may be a code no {@link XePacketType} has)
 * @param tile tile id, 0..255
 * @param gt GT id, 0..255
 * @param flags the flags word as written
 * @param offset offset into the resource
 * @param size payload size; unsigned (a negative value is above 2^63)
 */
public record XePacketHeader(int version, int typeCode, int tile, int gt, int flags, long offset, long size) {
    /** Header bytes. */
    public static final int BYTES = 24;
    /** The version this package reads and writes. */
    public static final int VERSION = 1;

    public XePacketHeader {
        checkByte("version", version);
        checkByte("type", typeCode);
        checkByte("tile", tile);
        checkByte("gt", gt);
    }

    /** A version-{@value #VERSION} header without flags. */
    public static XePacketHeader of(XePacketType type, int tile, int gt, long offset, long size) {
        return new XePacketHeader(VERSION, type.code(), tile, gt, 0, offset, size);
    }

    /** The type, if the code is one the format knows. */
    public Optional<XePacketType> type() {
        return XePacketType.byCode(typeCode);
    }

    /** "GGTT", or "unknown type 0x2a". */
    public String typeLabel() {
        return type().map(XePacketType::label).orElse(String.format("unknown type 0x%x", typeCode));
    }

    /** Reads a header from the buffer's next {@value #BYTES} bytes (in little-endian order whatever the buffer's). */
    public static XePacketHeader read(ByteBuffer b) {
        ByteBuffer le = b.slice().order(ByteOrder.LITTLE_ENDIAN);
        XePacketHeader h = new XePacketHeader(le.get(0) & 0xff, le.get(1) & 0xff, le.get(2) & 0xff, le.get(3) & 0xff,
                le.getInt(4), le.getLong(8), le.getLong(16));
        b.position(b.position() + BYTES);
        return h;
    }

    /** The {@value #BYTES} header bytes. */
    public ByteBuffer bytes() {
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) version).put((byte) typeCode).put((byte) tile).put((byte) gt).putInt(flags).putLong(offset)
                .putLong(size);
        return b.flip();
    }

    private static void checkByte(String what, int v) {
        if (v < 0 || v > 0xff) {
            throw new IllegalArgumentException(what + " " + v + " does not fit the header's byte");
        }
    }
}
