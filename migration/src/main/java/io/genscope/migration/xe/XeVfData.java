package io.genscope.migration.xe;

import io.genscope.parser.capture.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * What {@link XeVfReader} found in a file: the packets it could read, in stream order, and the
 * problems, each with its byte offset. VRAM payloads are read from the file on demand.
 *
 * @param file the file read
 * @param size its size in bytes
 * @param packets the packets read
 * @param problems what is wrong, in stream order
 */
public record XeVfData(Path file, long size, List<XePacket> packets, List<Problem> problems) {
    public XeVfData {
        packets = List.copyOf(packets);
        problems = List.copyOf(problems);
    }

    /** The descriptor, if the stream has one. */
    public Optional<XePacket.Descriptor> descriptor() {
        return packets.stream().filter(XePacket.Descriptor.class::isInstance).map(XePacket.Descriptor.class::cast)
                .findFirst();
    }

    /** The packets of one kind, in stream order. */
    public <T extends XePacket> List<T> packets(Class<T> kind) {
        return packets.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /**
     * Fills {@code dst} with the chunk's bytes from {@code from} (relative to the chunk), as far as
     * the chunk and the file reach.
     *
     * @return bytes read
     */
    public int readVram(XePacket.Vram chunk, long from, ByteBuffer dst) throws IOException {
        long size = chunk.header().size();
        if (from < 0 || from >= size) {
            return 0;
        }
        int want = (int) Math.min(dst.remaining(), size - from);
        ByteBuffer view = dst.slice().limit(want);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n = XeVfReader.readFully(ch, chunk.payloadAt() + from, view);
            dst.position(dst.position() + n);
            return n;
        }
    }
}
