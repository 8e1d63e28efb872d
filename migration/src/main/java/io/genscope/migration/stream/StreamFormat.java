package io.genscope.migration.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Constants of the migration stream (docs/stream-format.md has the full description). All integers
 * are little-endian.
 *
 * <pre>
 * stream header (16 bytes)
 *  0                8        10       12       16
 * +----------------+--------+--------+--------+
 * | magic (8)      | version| flags  | crc32c |   magic = "GSMIG" 0D 0A 1A, version 1
 * +----------------+--------+--------+--------+   crc32c over bytes 0..11
 * flags: bit 0 = PAGE_COMPRESSED / PAGE_DELTA may appear ({@link #FLAG_COMPRESSED_PAGES})
 *
 * record (24-byte header, then length bytes of payload)
 *  0      2      4          8                  16         20         24
 * +------+------+----------+------------------+----------+----------+-----------+
 * | kind | flags| length   | arg              | sequence | crc32c   | payload   |
 * | u16  | u16=0| u32      | u64              | u32      | u32      | length B  |
 * +------+------+----------+------------------+----------+----------+-----------+
 * sequence = index of the record (0 for the first after the header)
 * crc32c   = CRC-32C over header bytes 0..19, then the payload
 * </pre>
 */
public final class StreamFormat {
    public static final byte[] MAGIC = {'G', 'S', 'M', 'I', 'G', 0x0D, 0x0A, 0x1A};
    public static final int VERSION = 1;
    public static final int STREAM_HEADER_BYTES = 16;
    public static final int RECORD_HEADER_BYTES = 24;
    /** The largest payload of any record (a device-state chunk). */
    public static final int MAX_PAYLOAD = 1 << 20;
    /** Device-state regions are cut into chunks of at most this many bytes. */
    public static final int DEVICE_CHUNK = MAX_PAYLOAD;
    /**
     * Stream header flag bit 0: the stream may carry PAGE_COMPRESSED and PAGE_DELTA records
     * ({@code --compress lz4|delta}). A reader that does not know a flag refuses the stream.
     */
    public static final int FLAG_COMPRESSED_PAGES = 1;
    /** Every stream header flag this version knows. */
    public static final int KNOWN_FLAGS = FLAG_COMPRESSED_PAGES;

    private StreamFormat() {
    }

    /** The 16-byte stream header. */
    public static ByteBuffer header() {
        return header(0);
    }

    /** The 16-byte stream header with {@code flags} (see {@link #FLAG_COMPRESSED_PAGES}). */
    public static ByteBuffer header(int flags) {
        ByteBuffer b = ByteBuffer.allocate(STREAM_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) VERSION).putShort((short) flags);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 12);
        b.putInt((int) crc.getValue());
        return b.flip();
    }
}
