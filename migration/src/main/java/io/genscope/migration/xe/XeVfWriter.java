package io.genscope.migration.xe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes xe VF migration data, version {@value XePacketHeader#VERSION}, to a channel it does not
 * own (the caller opens and closes it). Packets go out in the order called; a well-formed stream
 * is a descriptor, then per GT its GuC state, GGTT (on the primary GT), MMIO and VRAM chunks, then
 * the trailer, as Linux saves them.
 *
 * <pre>{@code
 * try (FileChannel ch = FileChannel.open(path, CREATE_NEW, WRITE)) {
 *     new XeVfWriter(ch).descriptor(0xe20b, 0).ggtt(0, 0, ptes).mmio(0, 0, new int[4]).trailer();
 * }
 * }</pre>
 */
public final class XeVfWriter {
    private final WritableByteChannel out;
    private long written;

    /** A writer onto {@code out}. */
    public XeVfWriter(WritableByteChannel out) {
        this.out = Objects.requireNonNull(out);
    }

    /** Bytes written so far. */
    public long bytesWritten() {
        return written;
    }

    /** The descriptor with the device id and revision KLVs Linux writes, then {@code extra} ones. */
    public XeVfWriter descriptor(int deviceId, int revision, XeKlv... extra) throws IOException {
        List<XeKlv> klvs = new ArrayList<>(List.of(XeKlv.of(XeKlv.DEVICE_ID, deviceId), XeKlv.of(XeKlv.REVISION, revision)));
        klvs.addAll(List.of(extra));
        return descriptor(klvs);
    }

    /** A descriptor of exactly these KLVs. */
    public XeVfWriter descriptor(List<XeKlv> klvs) throws IOException {
        ByteBuffer b = dwords(klvs.stream().mapToInt(XeKlv::dwords).sum());
        for (XeKlv k : klvs) {
            b.putInt(k.headerDword());
            for (int v : k.value()) {
                b.putInt(v);
            }
        }
        return packet(XePacketType.DESCRIPTOR, 0, 0, 0, b.flip());
    }

    /** The GuC's state for the VF on one GT (whole dwords). */
    public XeVfWriter guc(int tile, int gt, byte[] state) throws IOException {
        if (state.length % 4 != 0 || state.length == 0) {
            throw new IllegalArgumentException("GuC state is a non-zero number of dwords, not " + state.length + " bytes");
        }
        return packet(XePacketType.GUC, tile, gt, 0, ByteBuffer.wrap(state));
    }

    /** The VF's GGTT entries, first page of its range first. */
    public XeVfWriter ggtt(int tile, int gt, long[] entries) throws IOException {
        if (entries.length == 0) {
            throw new IllegalArgumentException("a GGTT packet holds at least one entry");
        }
        ByteBuffer b = ByteBuffer.allocate(entries.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(entries);
        return packet(XePacketType.GGTT, tile, gt, 0, b);
    }

    /** A GT's scratch registers. */
    public XeVfWriter mmio(int tile, int gt, int[] registers) throws IOException {
        if (registers.length == 0) {
            throw new IllegalArgumentException("an MMIO packet holds at least one register");
        }
        ByteBuffer b = dwords(registers.length);
        b.asIntBuffer().put(registers);
        return packet(XePacketType.MMIO, tile, gt, 0, b);
    }

    /** A chunk of VRAM at {@code offset}: the buffer's remaining bytes. */
    public XeVfWriter vram(int tile, int gt, long offset, ByteBuffer bytes) throws IOException {
        return packet(XePacketType.VRAM, tile, gt, offset, bytes);
    }

    /** The trailer that ends the stream. */
    public XeVfWriter trailer() throws IOException {
        return packet(XePacketType.TRAILER, 0, 0, 0, ByteBuffer.allocate(0));
    }

    /** Any packet: a version-{@value XePacketHeader#VERSION} header sized to the payload's remaining bytes. */
    public XeVfWriter packet(XePacketType type, int tile, int gt, long offset, ByteBuffer payload) throws IOException {
        return raw(XePacketHeader.of(type, tile, gt, offset, payload.remaining()), payload);
    }

    /**
     * A header as given and a payload, unchecked against each other: for tests that write damaged
     * streams, and for carrying packets through unchanged.
     */
    public XeVfWriter raw(XePacketHeader header, ByteBuffer payload) throws IOException {
        write(header.bytes());
        write(payload.duplicate());
        return this;
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            written += out.write(b);
        }
    }

    private static ByteBuffer dwords(int n) {
        return ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    }
}
