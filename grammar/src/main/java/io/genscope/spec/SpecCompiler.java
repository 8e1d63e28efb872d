package io.genscope.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build-time step: parses every built-in generation and writes its precompiled form
 * ({@code genN.gspec.bin}), and every built-in EU spec's ({@code genN.euspec.bin}), into the given
 * resource directory. Usage: {@code SpecCompiler OUT_DIR}.
 */
public final class SpecCompiler {
    private SpecCompiler() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0], "io", "genscope", "spec");
        Files.createDirectories(dir);
        for (String gen : SpecLoader.BUILTIN) {
            byte[] bin = SpecLoader.compile(gen);
            Files.write(dir.resolve(gen + ".gspec.bin"), bin);
        }
        Path eu = Path.of(args[0], "io", "genscope", "eu");
        Files.createDirectories(eu);
        for (String family : io.genscope.eu.EuSpecLoader.FAMILIES) {
            Files.write(eu.resolve(family + ".euspec.bin"), io.genscope.eu.EuSpecLoader.compile(family));
        }
    }
}
