package io.genscope.api;

import io.genscope.rewriter.CommandRewriter;
import io.genscope.rewriter.RawRemapper;
import io.genscope.rewriter.RemapReport;
import io.genscope.rewriter.aub.AubRemapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Moves every GGTT address in a command stream from a vGPU's guest windows to its host windows,
 * field by field as the spec describes each command, and says what it moved. Addresses outside the
 * guest windows are left alone and reported as findings (the security audit); so are translated
 * addresses a field cannot hold and commands cut off before an address field ends. Buffers that run
 * from the PPGTT hold no GGTT addresses and come back unchanged. Immutable; may be shared.
 *
 * <pre>{@code
 * Remapper r = Remapper.of(GenSpec.forDevice("skl"), GgttWindows.parse("0:256M", "256M:1G", "1G", "2G"));
 * Remapped out = r.rewrite(Engine.RENDER, dwords, 0x1000, AddressSpace.GGTT);
 * out.relocations().forEach(x -> System.out.printf("%s.%s 0x%x -> 0x%x%n", x.command(), x.field(),
 *         x.oldValue(), x.newValue()));
 * }</pre>
 */
public final class Remapper {
    private final GenSpec spec;
    private final GgttWindows windows;
    private final CommandRewriter rewriter;

    private Remapper(GenSpec spec, GgttWindows windows) {
        this.spec = spec;
        this.windows = windows;
        this.rewriter = new CommandRewriter(spec.internal(), windows.map());
    }

    /**
     * A remapper for one generation and one vGPU's windows.
     *
     * @param spec the generation the stream is for
     * @param windows the guest and host windows
     * @return the remapper
     */
    public static Remapper of(GenSpec spec, GgttWindows windows) {
        return new Remapper(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(windows, "windows"));
    }

    /**
     * The spec it reads commands with.
     *
     * @return the spec
     */
    public GenSpec spec() {
        return spec;
    }

    /**
     * The windows it moves addresses between.
     *
     * @return the windows
     */
    public GgttWindows windows() {
        return windows;
    }

    /**
     * Rewrites a raw command stream: dwords read one command after another (batch buffer starts are
     * rewritten but not followed). The input is not changed.
     *
     * @param engine the engine the stream is for
     * @param dwords the commands
     * @param address GPU address of {@code dwords[0]} (for the report)
     * @param space what the stream runs from: GGTT buffers are rewritten, PPGTT ones left alone
     * @return the rewritten dwords with the relocations and findings
     */
    public Remapped rewrite(Engine engine, int[] dwords, long address, AddressSpace space) {
        ByteBuffer b = ByteBuffer.allocate(dwords.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(dwords);
        return rewrite(engine, b.array(), address, space);
    }

    /**
     * Rewrites a raw command stream given as bytes (little-endian dwords; trailing bytes that make no
     * whole dword are copied as they are).
     *
     * @param engine the engine the stream is for
     * @param stream the commands as bytes
     * @param address GPU address of the first byte
     * @param space what the stream runs from
     * @return the rewritten stream with the relocations and findings
     */
    public Remapped rewrite(Engine engine, byte[] stream, long address, AddressSpace space) {
        RemapReport report = new RemapReport(windows.map());
        byte[] out = RawRemapper.remap(stream, address, engine.internal(), space.internal(), rewriter, report);
        return Remapped.of(out, report);
    }

    /**
     * Rewrites a whole AUB capture (plain or {@code .xz}) into another file: the GGTT entries it
     * writes move to their host index, and every GGTT address in its rings, batches, context images,
     * register writes and submissions moves to the host windows, read with this remapper's spec (as
     * {@code genscope remap --gen}). Damaged captures give problems, not exceptions.
     *
     * <pre>{@code
     * Remapped.OfCapture r = remapper.rewriteCapture(Path.of("guest.aub.xz"), Path.of("host.aub"), true);
     * if (!r.written()) r.findings().forEach(f -> System.err.println(f.message()));
     * }</pre>
     *
     * @param in the capture
     * @param out where the rewritten capture goes (not {@code in}; written plain, not compressed)
     * @param strict write nothing when any address could not be moved
     * @return what was moved and found, and whether {@code out} was written
     * @throws IOException when a file cannot be read or written
     * @throws IllegalArgumentException when {@code out} is {@code in}
     */
    public Remapped.OfCapture rewriteCapture(Path in, Path out, boolean strict) throws IOException {
        AubRemapper.Result r = new AubRemapper(windows.map(), spec.internal()).remap(in, out, strict);
        return Remapped.OfCapture.of(r);
    }
}
