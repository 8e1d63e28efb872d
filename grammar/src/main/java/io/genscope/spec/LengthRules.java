package io.genscope.spec;

/**
 * The length of a command nobody described, from its header class alone.
 *
 * <pre>
 *  31 29 28 27 26 24 23      16 15       8 7        0
 * +-----+-----+-----+----------+----------+----------+
 * |type | sub | op  | sub-op   |          | length-2 |   type 3 (3D / media / video)
 * +-----+-----+-----+----------+----------+----------+
 * |  0  |   MI opcode  |  flags            | length-2 |   type 0 (MI); opcodes below 0x10 are 1 dword
 * +-----+--------------+-------------------+----------+
 * </pre>
 */
public final class LengthRules {
    private LengthRules() {
    }

    /** The header-class length in dwords, or -1 when the class has no generic rule. */
    public static int fallback(int h) {
        int type = h >>> 29;
        switch (type) {
            case 0: {
                int opcode = (h >>> 23) & 0x3f;
                return opcode < 16 ? 1 : (h & 0xff) + 2;
            }
            case 2:
                return (h & 0xff) + 2;
            case 3: {
                int subtype = (h >>> 27) & 3;
                int opcode = (h >>> 24) & 7;
                int whole = h >>> 16;
                switch (subtype) {
                    case 0:
                        return whole == 0x6104 ? 1 : opcode < 2 ? (h & 0xff) + 2 : -1;
                    case 1:
                        return opcode < 2 ? 1 : -1;
                    case 2:
                        return opcode == 0 ? (h & 0xff) + 2 : opcode < 3 ? (h & 0xffff) + 2 : -1;
                    default:
                        return whole == 0x780b ? 1 : opcode < 4 ? (h & 0xff) + 2 : -1;
                }
            }
            default:
                return -1;
        }
    }
}
