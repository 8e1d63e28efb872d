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
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores a VF from xe VF migration data as a destination PF would: the stream read with
 * {@link XeVfReader}, then every VRAM packet written at its offset in stream order (a later packet
 * for the same pages replaces an earlier one, which is how a pre-copy stream carries its rounds),
 * the primary GT's state packets kept, other GTs' packets and those of unknown types carried as
 * opaque packets. VRAM lands in a sparse {@link PageStore}: all-zero pages of never-written
 * 4 MiB extents take no memory. Problems (the reader's, and VRAM packets outside the quota or not
 * whole pages, skipped) come with byte offsets; nothing throws for damaged data.
 */
public final class VfRestore {
    private static final int PIECE = 4 << 20;
    /** Largest packet of an unknown type carried through (as the reader bounds a GuC state). */
    private static final long MAX_OPAQUE = 8 << 20;

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
        List<XeVfState.Packet> opaque = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocateDirect(PIECE).order(ByteOrder.LITTLE_ENDIAN);
        try {
            for (int i = 0; i < data.packets().size(); i++) {
                XePacket p = data.packets().get(i);
                boolean primary = p.header().tile() == 0 && p.header().gt() == 0;
                if (p instanceof XePacket.Descriptor d) {
                    deviceId = d.deviceId().orElse(-1);
                    revision = d.revision().orElse(-1);
                } else if (p instanceof XePacket.Vram v) {
                    vram(data, i, v, vram, buf, problems);
                } else if (!primary && !(p instanceof XePacket.Trailer) && !(p instanceof XePacket.Skipped)) {
                    opaque.add(carried(p));
                } else if (p instanceof XePacket.Ggtt g) {
                    ggtt = g.entries();
                } else if (p instanceof XePacket.Mmio m) {
                    mmio = m.registers();
                } else if (p instanceof XePacket.Guc g) {
                    guc = g.state();
                } else if (p instanceof XePacket.Skipped k && unknown(k)) {
                    opaque.add(new XeVfState.Packet(k.header().typeCode(), k.header().tile(), k.header().gt(),
                            k.header().offset(), payload(file, k)));
                    problems.removeIf(q -> q.kind() == Kind.UNSUPPORTED && q.offset() == k.at() + 1);
                }
            }
        } finally {
            PageStore.release(buf);
        }
        return new RestoredVf(data, vram, new XeVfState(deviceId, revision, ggtt, mmio, guc, opaque), problems);
    }

    /** A packet of a type the reader does not know, small enough to carry (else it stays a problem). */
    private static boolean unknown(XePacket.Skipped k) {
        return k.header().typeCode() != 0 && k.header().type().isEmpty() && k.header().size() >= 0
                && k.header().size() <= MAX_OPAQUE;
    }

    /** Another GT's GuC, GGTT or MMIO packet as the bytes it carried. */
    private static XeVfState.Packet carried(XePacket p) {
        ByteBuffer b;
        if (p instanceof XePacket.Guc g) {
            b = ByteBuffer.wrap(g.state());
        } else if (p instanceof XePacket.Ggtt g) {
            b = ByteBuffer.allocate(g.count() * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(g.entries());
        } else {
            int[] r = ((XePacket.Mmio) p).registers();
            b = ByteBuffer.allocate(r.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(r);
        }
        return new XeVfState.Packet(p.header().typeCode(), p.header().tile(), p.header().gt(), p.header().offset(),
                b.array());
    }

    private static byte[] payload(Path file, XePacket.Skipped k) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) k.header().size());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (b.hasRemaining() && ch.read(b, k.payloadAt() + b.position()) >= 0) {
                // the reader checked that the payload lies inside the file
            }
        }
        return b.array();
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
