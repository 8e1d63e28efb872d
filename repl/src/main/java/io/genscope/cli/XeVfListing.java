package io.genscope.cli;

import io.genscope.migration.xe.XePacketHeader;
import io.genscope.migration.xe.XeVfCapture;
import io.genscope.migration.xe.XeVfReader;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.spec.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code genscope decode} on xe SR-IOV VF migration data (docs/xe-vf-migration.md): recognised by
 * its first packet header; its packets are listed and the contexts in its VRAM decoded as a capture's.
 */
final class XeVfListing {
    private XeVfListing() {
    }

    /**
     * Whether the file starts like xe VF migration data. Only a regular file is looked at: reading
     * the head of a pipe would take those bytes from the capture reader that opens it next.
     */
    static boolean accepts(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return XeVfReader.looksLike(in.readNBytes(XePacketHeader.BYTES));
        }
    }

    /**
     * Reads the data as a capture: its packets as comments, then the contexts found in its VRAM as
     * submissions ({@link XeVfCapture}), so they print as a capture's do.
     *
     * @param ggttBase where the VF's GGTT range starts, as the user gave it, or empty
     */
    static void read(Path file, Spec forced, java.util.OptionalLong ggttBase, CaptureListener listener) throws IOException {
        XeVfCapture.read(file, forced, ggttBase, listener);
    }
}
