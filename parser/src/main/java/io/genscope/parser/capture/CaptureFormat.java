package io.genscope.parser.capture;

import java.io.IOException;
import java.nio.file.Path;

/** One kind of capture file, and how to read it. */
public interface CaptureFormat {
    /** Short name ({@code aub}, {@code error-state}). */
    String name();

    /** Whether this format recognises the file from its first bytes (already decompressed). */
    boolean accepts(byte[] head);

    /** Reads the file, reporting to the listener; damaged input becomes problems, not exceptions. */
    void read(Path file, CaptureListener listener) throws IOException;
}
