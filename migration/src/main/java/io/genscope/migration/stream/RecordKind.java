package io.genscope.migration.stream;

/**
 * The kinds of record in a migration stream, with the payload length each may have. A reader
 * rejects a length outside these bounds before reading (or allocating for) the payload.
 */
public enum RecordKind {
    /** First record: guest memory size, page size, graphics windows, policy, flags (64 bytes). */
    SETUP(0x01, 64, 64),
    /** A round starts: arg = round number (from 1); payload u32 phase, u32 0. */
    ROUND_BEGIN(0x02, 8, 8),
    /** A round ends: arg = round number; payload u64 page records in the round, u64 of them zero pages. */
    ROUND_END(0x03, 16, 16),
    /** A page: arg = guest page number; payload its 4096 bytes. */
    PAGE_RAW(0x10, 4096, 4096),
    /** An all-zero page: arg = guest page number; no payload. */
    PAGE_ZERO(0x11, 0, 0),
    /**
     * A page as a word delta against the destination's copy of it (see PageDelta): arg = guest page
     * number; payload 0..4095 bytes. Only in streams whose header has FLAG_COMPRESSED_PAGES.
     */
    PAGE_DELTA(0x12, 0, 4095),
    /**
     * A page as an LZ4 block decoding to exactly 4096 bytes: arg = guest page number; payload
     * 1..4095 bytes. Only in streams whose header has FLAG_COMPRESSED_PAGES.
     */
    PAGE_COMPRESSED(0x13, 1, 4095),
    /** A chunk of a device-state region: arg = region id &lt;&lt; 32 | byte offset in the region. */
    DEVICE(0x20, 1, StreamFormat.MAX_PAYLOAD),
    /** Last record: counts and the length and CRC-32C of every device-state region. */
    END(0x7F, 16, 16 + 16 * 16);

    private final int code;
    private final int minPayload;
    private final int maxPayload;

    RecordKind(int code, int minPayload, int maxPayload) {
        this.code = code;
        this.minPayload = minPayload;
        this.maxPayload = maxPayload;
    }

    public int code() {
        return code;
    }

    public int minPayload() {
        return minPayload;
    }

    public int maxPayload() {
        return maxPayload;
    }

    /** Whether the kind may appear only in a stream whose header announces compressed pages. */
    public boolean compressedPage() {
        return this == PAGE_DELTA || this == PAGE_COMPRESSED;
    }

    /** The kind with this code, or null. */
    public static RecordKind byCode(int code) {
        for (RecordKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
