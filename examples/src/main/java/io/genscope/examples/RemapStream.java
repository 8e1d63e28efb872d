package io.genscope.examples;

import io.genscope.api.AddressSpace;
import io.genscope.api.Engine;
import io.genscope.api.GenSpec;
import io.genscope.api.GgttWindows;
import io.genscope.api.Remapped;
import io.genscope.api.Remapper;
import java.io.PrintStream;

/**
 * Moves the GGTT addresses of a small raw command stream from a vGPU's guest windows to its host
 * windows and prints the relocations, then the addresses it refused to move (the audit).
 *
 * <pre>
 * java io.genscope.examples.RemapStream
 * </pre>
 */
public final class RemapStream {
    private RemapStream() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out));
    }

    /** Prints to {@code out}; returns 1 when some address could not be moved. */
    public static int run(PrintStream out) {
        // guest: aperture [0, 256M), hidden [256M, 1G); host: aperture at 1G, hidden at 2G
        GgttWindows windows = GgttWindows.parse("0:256M", "256M:1G", "1G", "2G");
        Remapper remapper = Remapper.of(GenSpec.forDevice("skl"), windows);
        int[] stream = {
            0x11000001, 0x2038, 0x0002_0000,       // MI_LOAD_REGISTER_IMM: RCS ring start = 0x20000 (guest aperture)
            0x10400002, 0x1000_4000, 0, 0x1234,    // MI_STORE_DATA_IMM (GGTT) to 0x10004000 (guest hidden window)
            0x18800001, 0x3000, 0,                 // MI_BATCH_BUFFER_START (GGTT) to 0x3000
            0x18800001, 0x7000_0000, 0,            // MI_BATCH_BUFFER_START to 0x70000000: outside both windows
            0x05000000,                            // MI_BATCH_BUFFER_END
        };
        Remapped result = remapper.rewrite(Engine.RENDER, stream, 0x8000, AddressSpace.GGTT);
        out.printf("windows: %s%n", windows);
        out.printf("%d commands, %d relocations, %d findings%n", result.commands(), result.relocationCount(),
                result.findingCount());
        for (Remapped.Relocation r : result.relocations()) {
            out.printf("relocated 0x%x  %s.%s  0x%x -> 0x%x  (byte %d)%n", r.address(), r.command(), r.field(),
                    r.oldValue(), r.newValue(), r.offset());
        }
        for (Remapped.Finding f : result.findings()) {
            out.printf("%s 0x%x  %s.%s  0x%x: %s%n", f.kind(), f.address(), f.command(), f.field(), f.value(), f.message());
        }
        return result.findingCount() == 0 ? 0 : 1;
    }
}
