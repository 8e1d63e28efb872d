package io.genscope.parser.aub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The real captures under {@code fixtures/captures}, decompressed once per test run. */
final class CaptureFixtures {
    private static final Map<String, Path> DECOMPRESSED = new HashMap<>();

    private CaptureFixtures() {
    }

    static Path dir() {
        return Path.of(System.getProperty("genscope.fixtures", "../fixtures")).resolve("captures");
    }

    /** The compressed capture, e.g. {@code iris-skl.aub.xz}. */
    static Path compressed(String name) {
        Path p = dir().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("missing fixture " + p.toAbsolutePath());
        }
        return p;
    }

    /** The capture decompressed into a temporary file (deleted at exit). */
    static synchronized Path decompressed(String name) {
        return DECOMPRESSED.computeIfAbsent(name, n -> {
            try {
                XzFiles.Decompressed d = XzFiles.decompressToTemp(compressed(n));
                if (d.problem() != null) {
                    throw new IllegalStateException("damaged fixture " + n + ": " + d.problem());
                }
                d.file().toFile().deleteOnExit();
                return d.file();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The decompressed capture's bytes. */
    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(decompressed(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
