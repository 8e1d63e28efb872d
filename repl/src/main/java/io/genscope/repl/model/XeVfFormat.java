package io.genscope.repl.model;

import io.genscope.migration.xe.XeVfCapture;
import io.genscope.migration.xe.XeVfReader;
import io.genscope.parser.capture.CaptureFormat;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.spec.Spec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * xe SR-IOV VF migration data as a capture format for the shell: its contexts, found through the
 * GGTT packet in its VRAM ({@link XeVfCapture}), are the submissions; the packet listing comes as
 * comments. One instance per opened file, kept with it so that a replay reads it the same way.
 *
 * @param forced the spec chosen with {@code --gen}, or null
 * @param ggttBase where the VF's GGTT range starts as the user gave it, or empty (the data's KLV, or inferred)
 */
public record XeVfFormat(Spec forced, OptionalLong ggttBase) implements CaptureFormat {
    @Override
    public String name() {
        return XeVfCapture.FORMAT;
    }

    @Override
    public boolean accepts(byte[] head) {
        return XeVfReader.looksLike(head);
    }

    @Override
    public void read(Path file, CaptureListener listener) throws IOException {
        XeVfCapture.read(file, forced, ggttBase, listener);
    }

    /** The format of {@code file} when it is xe VF migration data, else null. */
    static XeVfFormat of(Path file, Spec forced, OptionalLong ggttBase) throws IOException {
        byte[] head;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            head = in.readNBytes(io.genscope.migration.xe.XePacketHeader.BYTES);
        }
        XeVfFormat f = new XeVfFormat(forced, ggttBase);
        return f.accepts(head) ? f : null;
    }
}
