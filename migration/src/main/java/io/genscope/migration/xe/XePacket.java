package io.genscope.migration.xe;

import java.util.List;
import java.util.OptionalInt;

/**
 * One packet of xe VF migration data as read: where its header starts in the stream, the header,
 * and what the payload holds. VRAM payloads stay in the file ({@link XeVfData#readVram}).
 */
public sealed interface XePacket {
    /** Byte offset of the packet's header in the stream. */
    long at();

    /** The header as read. */
    XePacketHeader header();

    /** Byte offset of the payload. */
    default long payloadAt() {
        return at() + XePacketHeader.BYTES;
    }

    /** "packet 3 (GGTT) at byte 120", the way problems name a packet. */
    static String name(int index, XePacketHeader header, long at) {
        return "packet " + index + " (" + header.typeLabel() + ") at byte " + at;
    }

    /**
     * The descriptor: KLVs about the saving device.
     *
     * @param at header offset
     * @param header the header
     * @param klvs the KLVs in stream order
     */
    record Descriptor(long at, XePacketHeader header, List<XeKlv> klvs) implements XePacket {
        public Descriptor {
            klvs = List.copyOf(klvs);
        }

        /** The first value dword of the first KLV with this key. */
        public OptionalInt value(int key) {
            return klvs.stream().filter(k -> k.key() == key && k.value().length > 0).mapToInt(k -> k.value()[0])
                    .findFirst();
        }

        /** The PCI device id, if the descriptor carries it. */
        public OptionalInt deviceId() {
            return value(XeKlv.DEVICE_ID);
        }

        /** The GGTT base genscope's VF images carry ({@link XeKlv#GENSCOPE_GGTT_BASE}), if present. */
        public java.util.OptionalLong ggttBase() {
            return klvs.stream().filter(k -> k.key() == XeKlv.GENSCOPE_GGTT_BASE && k.value().length == 2)
                    .mapToLong(k -> k.value()[0] & 0xffffffffL | (long) k.value()[1] << 32).findFirst();
        }

        /** The PCI revision id, if the descriptor carries it. */
        public OptionalInt revision() {
            return value(XeKlv.REVISION);
        }
    }

    /**
     * The trailer that ends the stream.
     *
     * @param at header offset
     * @param header the header
     */
    record Trailer(long at, XePacketHeader header) implements XePacket {
    }

    /**
     * The VF's GGTT range, first page first.
     *
     * @param at header offset
     * @param header the header
     * @param entries one raw entry per 4 KiB page ({@link XeGgttPte})
     */
    record Ggtt(long at, XePacketHeader header, long[] entries) implements XePacket {
        public Ggtt {
            entries = entries.clone();
        }

        @Override
        public long[] entries() {
            return entries.clone();
        }

        /** Number of entries. */
        public int count() {
            return entries.length;
        }

        /** Entry {@code i} decoded. */
        public XeGgttPte entry(int i) {
            return new XeGgttPte(entries[i]);
        }
    }

    /**
     * A GT's scratch registers.
     *
     * @param at header offset
     * @param header the header
     * @param registers the register values in register order
     */
    record Mmio(long at, XePacketHeader header, int[] registers) implements XePacket {
        public Mmio {
            registers = registers.clone();
        }

        @Override
        public int[] registers() {
            return registers.clone();
        }
    }

    /**
     * The GuC's state for the VF on one GT, opaque to the host.
     *
     * @param at header offset
     * @param header the header
     * @param state the state bytes
     */
    record Guc(long at, XePacketHeader header, byte[] state) implements XePacket {
        public Guc {
            state = state.clone();
        }

        @Override
        public byte[] state() {
            return state.clone();
        }
    }

    /**
     * A chunk of VRAM: {@code header().size()} bytes at VRAM offset {@code header().offset()}, left
     * in the file at {@link #payloadAt()}.
     *
     * @param at header offset
     * @param header the header
     */
    record Vram(long at, XePacketHeader header) implements XePacket {
    }

    /**
     * A packet whose payload the reader passed over: a type it does not know (which Linux skips as
     * well) or a payload larger than genscope holds for its type; a problem says which.
     *
     * @param at header offset
     * @param header the header
     */
    record Skipped(long at, XePacketHeader header) implements XePacket {
    }
}
