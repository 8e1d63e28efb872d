package io.genscope.migration.stream;

import io.genscope.migration.state.GraphicsWindows;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the destination needs before the first page: how much memory to stage and how the vGPU's
 * graphics windows look (which bounds the GGTT region).
 *
 * <pre>
 *  0 u64 guest memory bytes    8 u32 page size (4096)    12 u32 flags (bit 0: send a digest)
 * 16 u64 aperture base        24 u64 aperture size
 * 32 u64 hidden base          40 u64 hidden size
 * 48 u8[16] policy name, ASCII, zero-padded
 * </pre>
 */
public record SetupInfo(long memoryBytes, GraphicsWindows windows, boolean digestRequested, String policy) {
    public static final int FLAG_DIGEST = 1;
    public static final int BYTES = 64;

    public void encode(ByteBuffer b) {
        b.putLong(memoryBytes).putInt(4096).putInt(digestRequested ? FLAG_DIGEST : 0);
        b.putLong(windows.apertureBase()).putLong(windows.apertureSize()).putLong(windows.hiddenBase())
                .putLong(windows.hiddenSize());
        byte[] name = policy.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 16; i++) {
            b.put(i < name.length ? name[i] : 0);
        }
    }

    /** Decodes a SETUP payload; returns null and says why in {@code why[0]} when it is invalid. */
    public static SetupInfo decode(ByteBuffer b, int off, String[] why) {
        long memory = b.getLong(off);
        int pageSize = b.getInt(off + 8);
        int flags = b.getInt(off + 12);
        if (pageSize != 4096) {
            why[0] = "page size " + pageSize + ", only 4096 is supported";
            return null;
        }
        if ((flags & ~FLAG_DIGEST) != 0) {
            why[0] = String.format("unknown flags 0x%x", flags);
            return null;
        }
        GraphicsWindows w;
        try {
            w = new GraphicsWindows(b.getLong(off + 16), b.getLong(off + 24), b.getLong(off + 32), b.getLong(off + 40));
        } catch (IllegalArgumentException e) {
            why[0] = e.getMessage();
            return null;
        }
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            int c = b.get(off + 48 + i) & 0xff;
            if (c == 0) {
                break;
            }
            name.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return new SetupInfo(memory, w, (flags & FLAG_DIGEST) != 0, name.toString());
    }
}
