package io.genscope.migration.xe.precopy;

import io.genscope.migration.state.PageStore;
import io.genscope.migration.xe.XePacket;
import io.genscope.migration.xe.XeVfData;
import io.genscope.migration.xe.XeVfReader;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Problem.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores a VF from xe VF migration data as a destination PF would: the stream read with
 * {@link XeVfReader}, then every VRAM packet written at its offset in stream order (a later packet
 * for the same pages replaces an earlier one, which is how a pre-copy stream carries its rounds),
 * the state packets kept. VRAM lands in a sparse {@link PageStore}: all-zero pages of never-written
 * 4 MiB extents take no memory. Problems (the reader's, and VRAM packets outside the quota or not
 * whole pages, skipped) come with byte offsets; nothing throws for damaged data.
 */
public final class VfRestore {
    private static final int PIECE = 4 << 20;

    private VfRestore() {
    }

    /**
     * The VF restored from {@code file}, for a VRAM quota of {@code quota} bytes.
     *
     * @param file the stream
     * @param quota the destination VF's VRAM quota
     */
    public static RestoredVf restore(Path file, long quota) throws IOException {
        XeVfData data = XeVfReader.read(file);
        List<Problem> problems = new ArrayList<>(data.problems());
        PageStore vram = new PageStore(quota);
        int deviceId = -1;
        int revision = -1;
        long[] ggtt = new long[0];
        int[] mmio = new int[0];
        byte[] guc = new byte[0];
        ByteBuffer buf = ByteBuffer.allocateDirect(PIECE).order(ByteOrder.LITTLE_ENDIAN);
        try {
            for (int i = 0; i < data.packets().size(); i++) {
                XePacket p = data.packets().get(i);
                if (p instanceof XePacket.Descriptor d) {
                    deviceId = d.deviceId().orElse(-1);
                    revision = d.revision().orElse(-1);
                } else if (p instanceof XePacket.Ggtt g) {
                    ggtt = g.entries();
                } else if (p instanceof XePacket.Mmio m) {
                    mmio = m.registers();
                } else if (p instanceof XePacket.Guc g) {
                    guc = g.state();
                } else if (p instanceof XePacket.Vram v) {
                    vram(data, i, v, vram, buf, problems);
                }
            }
        } finally {
            PageStore.release(buf);
        }
        return new RestoredVf(data, vram, new XeVfState(deviceId, revision, ggtt, mmio, guc), problems);
    }

    private static void vram(XeVfData data, int index, XePacket.Vram v, PageStore vram, ByteBuffer buf,
            List<Problem> problems) throws IOException {
        long off = v.header().offset();
        long size = v.header().size();
        String name = XePacket.name(index, v.header(), v.at());
        if (off % PageStore.PAGE_SIZE != 0 || size % PageStore.PAGE_SIZE != 0) {
            problems.add(new Problem(Kind.CORRUPT, v.at() + 8, name + String.format(": offset 0x%x and size 0x%x are"
                    + " not whole 4 KiB pages; skipped", off, size)));
            return;
        }
        if (off < 0 || size < 0 || off > vram.sizeBytes() || size > vram.sizeBytes() - off) {
            problems.add(new Problem(Kind.CORRUPT, v.at() + 8, name + String.format(": 0x%x bytes at 0x%x run past the"
                    + " VF's VRAM quota of 0x%x bytes; skipped", size, off, vram.sizeBytes())));
            return;
        }
        int page = (int) (off >>> PageStore.PAGE_SHIFT);
        for (long done = 0; done < size; done += PIECE) {
            int n = (int) Math.min(PIECE, size - done);
            buf.clear().limit(n);
            int got = data.readVram(v, done, buf);
            if (got < n) {
                problems.add(new Problem(Kind.TRUNCATED, v.payloadAt() + done + got, name + ": the file ends inside"
                        + " its payload"));
                return;
            }
            for (int at = 0; at < n; at += PageStore.PAGE_SIZE, page++) {
                if (vram.slabOrNull(page) == null && PageStore.isZero(buf, at)) {
                    continue;
                }
                vram.write(page, buf, at);
            }
        }
    }
}
