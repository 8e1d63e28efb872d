package io.genscope.parser.aub;

/**
 * The AUB packet kinds, identified by the top half of dword 0.
 *
 * <pre>
 *  31  29 28      23 22      16 15               0
 * +------+----------+----------+------------------+
 * | 111  |  opcode  | sub-op   |  length          |
 * +------+----------+----------+------------------+
 * opcode 0x2E (MemTrace, 0xF7xx_xxxx): packet = length + 1 dwords
 * opcode 0x01 (classic,  0xE0xx_xxxx): packet = length + 2 dwords
 *                                      (TRACE_HEADER_BLOCK: + dword 4 bytes of data)
 * </pre>
 */
public enum PacketKind {
    MEMTRACE_VERSION_OLD(0xF700),
    REGISTER_COMPARE(0xF701),
    REGISTER_POLL(0xF702),
    REGISTER_WRITE(0xF703),
    MEMORY_COMPARE(0xF704),
    MEMORY_POLL(0xF705),
    MEMORY_WRITE(0xF706),
    FRAME_BEGIN(0xF707),
    COMMENT(0xF708),
    DELAY(0xF709),
    MEMORY_DUMP(0xF70A),
    MEMORY_WRITE_DISCONTIGUOUS(0xF70B),
    TEST_PHASE_MARKER(0xF70C),
    MEMORY_CONTINUOUS_REGION(0xF70D),
    VERSION(0xF70E),
    PREDICATE(0xF70F),
    DUMP_COMPRESS(0xF710),
    AUB_HEADER(0xE085),
    TRACE_HEADER_BLOCK(0xE0C1),
    DUMP_BMP(0xE09E),
    /**
     * Classic sub-opcode 0x14, written by NEO: dw1 context handle, dw2 advanced[0] 64-bit[1],
     * dw3-10 four page-directory pointers (the first is the PML4 with 4-level tables). Informative
     * only: the context image carries the same root.
     */
    PPGTT_CONTEXT_CREATE(0xE094),
    /**
     * Classic sub-opcode 0x15: aubstream's request to dump a buffer (written for Xe-HP and later
     * when the runtime asks for one). Informative only.
     */
    BINARY_DUMP(0xE095),
    /** A well-formed header of a kind not listed here. */
    OTHER(-1);

    static final int MEMTRACE_OPCODE = 0x2E;
    static final int CLASSIC_OPCODE = 0x01;

    private static final PacketKind[] MEMTRACE = new PacketKind[0x11];

    static {
        for (PacketKind k : values()) {
            if ((k.code >>> 8) == 0xF7) {
                MEMTRACE[k.code & 0xff] = k;
            }
        }
    }

    private final int code;

    PacketKind(int code) {
        this.code = code;
    }

    /** The top 16 bits of dword 0 ({@code 0xF706} for MEMORY_WRITE), or -1 for {@link #OTHER}. */
    public int code() {
        return code;
    }

    /** The kind of a packet starting with {@code dword0}; {@link #OTHER} for anything unknown. */
    public static PacketKind of(int dword0) {
        int top = dword0 >>> 16;
        if ((top >>> 8) == 0xF7) {
            int sub = top & 0xff;
            return sub < MEMTRACE.length ? MEMTRACE[sub] : OTHER;
        }
        return switch (top) {
            case 0xE085 -> AUB_HEADER;
            case 0xE0C1 -> TRACE_HEADER_BLOCK;
            case 0xE09E -> DUMP_BMP;
            case 0xE094 -> PPGTT_CONTEXT_CREATE;
            case 0xE095 -> BINARY_DUMP;
            default -> OTHER;
        };
    }

    /** Whether dword 0 has packet type 7 and one of the two opcodes a length can be derived for. */
    static boolean isWellFormed(int dword0) {
        int opcode = (dword0 >>> 23) & 0x3f;
        return (dword0 >>> 29) == 7 && (opcode == MEMTRACE_OPCODE || opcode == CLASSIC_OPCODE);
    }
}
