package io.genscope.migration.xe;

import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;

/**
 * The VF's GGTT as a walker sees it, read from saved migration data: a graphics address in the
 * VF's range selects a GGTT entry of the GGTT packet; a valid entry in local memory points at a
 * VRAM offset, read from the VRAM chunk that covers it. Entries in system memory, and the PPGTT,
 * are not in the data (guest memory migrates separately) and read as unmapped.
 */
public final class XeVfMemory implements GpuMemory, Closeable {
    private final long base;
    private final long[] entries;
    private final List<XePacket.Vram> chunks;
    private final FileChannel file;
    private final ByteBuffer page = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * Opens the data's file for reading.
     *
     * @param data the read data (its first GGTT packet is the VF's range)
     * @param ggttBase graphics address of the range's first page
     */
    public XeVfMemory(XeVfData data, long ggttBase) throws IOException {
        this.base = ggttBase;
        List<XePacket.Ggtt> ggtt = data.packets(XePacket.Ggtt.class);
        this.entries = ggtt.isEmpty() ? new long[0] : ggtt.get(0).entries();
        this.chunks = data.packets(XePacket.Vram.class).stream().sorted(Comparator.comparingLong(v -> v.header().offset()))
                .toList();
        this.file = FileChannel.open(data.file(), StandardOpenOption.READ);
    }

    /** The entry for the page holding {@code address}, or 0 outside the range. */
    public long entry(long address) {
        long i = (address - base) >> 12;
        return address < base || i >= entries.length ? 0 : entries[(int) i];
    }

    @Override
    public int read(AddressSpace space, long address, int[] dst, int off, int count) {
        if (space != AddressSpace.GGTT) {
            return 0;
        }
        int done = 0;
        long a = address & 0xffff_ffff_ffffL & ~3L;
        while (done < count) {
            XeGgttPte e = new XeGgttPte(entry(a));
            int inPage = (int) (a & 4095);
            if (!e.valid() || !e.localMemory() || !load(e.address())) {
                return done;
            }
            int n = Math.min(count - done, (4096 - inPage) >> 2);
            page.position(inPage);
            page.asIntBuffer().get(dst, off + done, n);
            done += n;
            a += 4L * n;
        }
        return done;
    }

    /** Reads the VRAM page at {@code offset} into {@link #page}; false when no chunk holds it whole. */
    private boolean load(long offset) {
        for (XePacket.Vram c : chunks) {
            long from = c.header().offset();
            if (offset >= from && offset + 4096 <= from + c.header().size()) {
                page.clear();
                try {
                    return XeVfReader.readFully(file, c.payloadAt() + offset - from, page) == 4096;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
