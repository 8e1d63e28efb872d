package io.genscope.migration.xe;

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
 * Reads xe VF migration data from a file. Never throws for damaged data: every problem is
 * reported with its byte offset and the packet it concerns. A payload is allocated only after its
 * size was checked against what is left of the file and against the bound for its type; VRAM is
 * never loaded (it stays in the file).
 *
 * <pre>{@code
 * XeVfData d = XeVfReader.read(Path.of("vf1.bin"));
 * d.problems().forEach(System.err::println);
 * }</pre>
 */
public final class XeVfReader {
    /** Most packets read from one stream (Linux writes a few per GT plus one per 512 MiB of VRAM). */
    public static final int MAX_PACKETS = 1 << 16;
    /** Most problems reported for one stream. */
    public static final int MAX_PROBLEMS = 1000;
    /** Scratch registers Linux saves per GT (VF_SW_FLAG 0-3, or their media GT copies). */
    public static final int MMIO_REGISTERS = 4;
    /** Largest descriptor read: Linux writes 16 bytes. */
    static final long MAX_DESCRIPTOR = 64 << 10;
    /** Largest MMIO payload read. */
    static final long MAX_MMIO = 4 << 10;
    /** Largest GuC state read. */
    static final long MAX_GUC = 8 << 20;
    /** Largest GGTT payload read: a 4 GiB GGTT's entries. */
    static final long MAX_GGTT = (4L << 30) / 4096 * 8;

    private final FileChannel in;
    private final long size;
    private final List<XePacket> packets = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private boolean descriptorSeen;

    private XeVfReader(FileChannel in, long size) {
        this.in = in;
        this.size = size;
    }

    /**
     * Whether a file's first bytes look like xe VF migration data: a non-zero version, the
     * descriptor's type, tile, GT, flags and offset zero, and a descriptor size that is small and
     * a whole number of dwords. Unknown versions are accepted here so that the reader can name them.
     */
    public static boolean looksLike(byte[] head) {
        if (head.length < XePacketHeader.BYTES) {
            return false;
        }
        XePacketHeader h = XePacketHeader.read(ByteBuffer.wrap(head));
        return h.version() != 0 && h.typeCode() == XePacketType.DESCRIPTOR.code() && h.tile() == 0 && h.gt() == 0
                && h.flags() == 0 && h.offset() == 0 && h.size() >= 0 && h.size() <= MAX_DESCRIPTOR && h.size() % 4 == 0;
    }

    /** Reads the whole file. */
    public static XeVfData read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            XeVfReader r = new XeVfReader(ch, ch.size());
            r.readAll();
            return new XeVfData(file, r.size, r.packets, r.problems);
        }
    }

    private void readAll() throws IOException {
        if (size == 0) {
            problem(Kind.TRUNCATED, 0, "the file is empty; xe VF migration data starts with a descriptor packet");
            return;
        }
        long pos = 0;
        boolean trailer = false;
        while (pos < size) {
            int index = packets.size();
            if (trailer) {
                problem(Kind.CORRUPT, pos, "packet " + (index - 1) + " (trailer) ends the stream, yet " + (size - pos)
                        + " bytes follow it");
                return;
            }
            if (index >= MAX_PACKETS) {
                problem(Kind.CORRUPT, pos, "packet " + index + ": more than " + MAX_PACKETS + " packets; genscope reads no"
                        + " further");
                return;
            }
            if (size - pos < XePacketHeader.BYTES) {
                problem(Kind.TRUNCATED, pos, "packet " + index + ": the file ends inside its header (" + (size - pos)
                        + " of " + XePacketHeader.BYTES + " bytes)");
                return;
            }
            ByteBuffer hb = ByteBuffer.allocate(XePacketHeader.BYTES);
            readFully(in, pos, hb);
            XePacketHeader h = XePacketHeader.read(hb.flip());
            String name = XePacket.name(index, h, pos);
            if (h.version() != XePacketHeader.VERSION) {
                problem(Kind.UNSUPPORTED, pos, "packet " + index + ": version " + h.version() + " is not one genscope"
                        + " reads (it knows version " + XePacketHeader.VERSION + ", the one Linux's xe driver writes); reading stops"
                        + " here");
                return;
            }
            long left = size - pos - XePacketHeader.BYTES;
            if (Long.compareUnsigned(h.size(), left) > 0) {
                problem(Kind.TRUNCATED, pos + 16, name + ": its payload of " + Long.toUnsignedString(h.size())
                        + " bytes runs past the end of the file (" + left + " bytes left)");
                return;
            }
            XePacket p = packet(index, name, h, pos);
            order(index, name, p, pos);
            trailer = p instanceof XePacket.Trailer;
            packets.add(p);
            pos += XePacketHeader.BYTES + h.size();
        }
        if (!trailer) {
            problem(Kind.TRUNCATED, size, "the stream ends without a trailer packet (" + packets.size() + " packets read)");
        }
    }

    /** Where packets must be: the descriptor first and once. */
    private void order(int index, String name, XePacket p, long pos) {
        boolean isDescriptor = p instanceof XePacket.Descriptor;
        if (index == 0 && !isDescriptor) {
            problem(Kind.CORRUPT, pos, name + ": the stream must start with a descriptor");
        } else if (index > 0 && isDescriptor && descriptorSeen) {
            problem(Kind.CORRUPT, pos, name + ": a second descriptor");
        }
        descriptorSeen |= isDescriptor;
    }

    private XePacket packet(int index, String name, XePacketHeader h, long pos) throws IOException {
        long n = h.size();
        long payload = pos + XePacketHeader.BYTES;
        if (h.typeCode() == 0) {
            problem(Kind.CORRUPT, pos + 1, name + ": type 0 is never a packet (zeroed memory?); Linux's restore refuses"
                    + " it as an invalid packet");
            return new XePacket.Skipped(pos, h);
        }
        if (h.type().isEmpty()) {
            problem(Kind.UNSUPPORTED, pos + 1, name + ": skipped, as Linux skips types it does not know");
            return new XePacket.Skipped(pos, h);
        }
        return switch (h.type().get()) {
            case DESCRIPTOR -> {
                deviceWide(name, h, pos, false);
                if (tooLarge(name, h, pos, MAX_DESCRIPTOR)) {
                    yield new XePacket.Skipped(pos, h);
                }
                yield new XePacket.Descriptor(pos, h, klvs(name, payload, n));
            }
            case TRAILER -> {
                deviceWide(name, h, pos, true);
                if (n != 0) {
                    problem(Kind.CORRUPT, pos + 16, name + ": a trailer of " + n + " bytes; Linux writes it empty");
                }
                yield new XePacket.Trailer(pos, h);
            }
            case GGTT -> {
                if (tooLarge(name, h, pos, MAX_GGTT) || !multiple(name, h, pos, 8, "8-byte entries")) {
                    yield new XePacket.Skipped(pos, h);
                }
                ByteBuffer b = load(payload, n);
                long[] entries = new long[(int) (n / 8)];
                b.asLongBuffer().get(entries);
                yield new XePacket.Ggtt(pos, h, entries);
            }
            case MMIO -> {
                if (tooLarge(name, h, pos, MAX_MMIO) || !multiple(name, h, pos, 4, "32-bit registers")) {
                    yield new XePacket.Skipped(pos, h);
                }
                if (n != MMIO_REGISTERS * 4) {
                    problem(Kind.CORRUPT, pos + 16, name + ": " + n / 4 + " registers; Linux saves " + MMIO_REGISTERS
                            + " per GT and refuses any other count");
                }
                int[] regs = new int[(int) (n / 4)];
                load(payload, n).asIntBuffer().get(regs);
                yield new XePacket.Mmio(pos, h, regs);
            }
            case GUC -> {
                if (tooLarge(name, h, pos, MAX_GUC) || !multiple(name, h, pos, 4, "dwords")) {
                    yield new XePacket.Skipped(pos, h);
                }
                yield new XePacket.Guc(pos, h, load(payload, n).array());
            }
            case VRAM -> {
                if (Long.compareUnsigned(h.offset() + n, h.offset()) < 0) {
                    problem(Kind.CORRUPT, pos + 8, name + String.format(": offset 0x%x plus size 0x%x leave 64 bits",
                            h.offset(), n));
                }
                yield new XePacket.Vram(pos, h);
            }
        };
    }

    /** The descriptor's KLVs; a damaged one ends the list with a problem at its dword. */
    private List<XeKlv> klvs(String name, long payload, long n) throws IOException {
        List<XeKlv> klvs = new ArrayList<>();
        if (n % 4 != 0) {
            problem(Kind.CORRUPT, payload - 8, name + ": " + n + " bytes are not whole KLV dwords");
        }
        int[] d = new int[(int) (n / 4)];
        load(payload, n).asIntBuffer().get(d);
        int i = 0;
        while (i < d.length) {
            int key = d[i] >>> 16;
            int len = d[i] & 0xffff;
            if (len > d.length - i - 1) {
                problem(Kind.CORRUPT, payload + 4L * i, name + String.format(": KLV key 0x%04x claims %d dwords, %d are"
                        + " left", key, len, d.length - i - 1));
                break;
            }
            klvs.add(new XeKlv(key, java.util.Arrays.copyOfRange(d, i + 1, i + 1 + len)));
            i += 1 + len;
        }
        return klvs;
    }

    /**
     * The descriptor and the trailer belong to the device, not a GT: Linux's restore refuses them
     * unless tile and GT are 0 (and, for the trailer, the offset too).
     */
    private void deviceWide(String name, XePacketHeader h, long pos, boolean offsetToo) {
        if (h.tile() != 0 || h.gt() != 0) {
            problem(Kind.CORRUPT, pos + 2, name + ": tile " + h.tile() + ", GT " + h.gt() + "; Linux's restore takes it"
                    + " only on tile 0, GT 0");
        }
        if (offsetToo && h.offset() != 0) {
            problem(Kind.CORRUPT, pos + 8, name + String.format(": offset 0x%x; Linux's restore takes it only at 0",
                    h.offset()));
        }
    }

    private boolean tooLarge(String name, XePacketHeader h, long pos, long max) {
        if (Long.compareUnsigned(h.size(), max) <= 0) {
            return false;
        }
        problem(Kind.CORRUPT, pos + 16, name + ": " + Long.toUnsignedString(h.size()) + " bytes, more than the "
                + max + " genscope reads for this type; skipped");
        return true;
    }

    private boolean multiple(String name, XePacketHeader h, long pos, int unit, String what) {
        if (h.size() % unit == 0 && h.size() > 0) {
            return true;
        }
        problem(Kind.CORRUPT, pos + 16, name + ": " + h.size() + " bytes are not a whole, non-zero number of " + what
                + "; skipped");
        return false;
    }

    /** The payload bytes, little-endian; {@code n} was checked against the file and the type's bound. */
    private ByteBuffer load(long at, long n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) n);
        readFully(in, at, b);
        return b.flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    private void problem(Kind kind, long offset, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new Problem(kind, offset, message));
        }
    }

    /** Reads until {@code dst} is full or the file ends; returns the bytes read. */
    static int readFully(FileChannel ch, long at, ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int r = ch.read(dst, at + total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }
}
