package io.genscope.api;

import java.util.Locale;

/**
 * The command streamers of a GEN GPU. A command is valid on some of them, and decoding needs to know
 * which one a buffer was submitted to.
 *
 * <pre>{@code
 * Engine e = Engine.parse("rcs");   // RENDER; also "render", "bcs", "vecs", ...
 * }</pre>
 */
public enum Engine {
    /** The render (3D and GPGPU) command streamer, RCS. */
    RENDER,
    /** The blitter (copy) command streamer, BCS. */
    BLITTER,
    /** The video (media codec) command streamer, VCS. */
    VIDEO,
    /** The video enhancement command streamer, VECS. */
    VIDEOENHANCE,
    /** The compute command streamer, CCS (gen12). */
    COMPUTE;

    /**
     * Reads an engine name as the command line does: {@code render}, {@code blitter}, {@code video},
     * {@code videoenhance}, {@code compute} or the kernel's short names ({@code rcs0}, {@code bcs}, ...).
     *
     * @param text the name, in any case
     * @return the engine
     * @throws IllegalArgumentException when the name is not an engine
     */
    public static Engine parse(String text) {
        return of(io.genscope.spec.Engine.parse(text));
    }

    /**
     * The name used in specs and reports.
     *
     * @return the lower-case name ({@code render})
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Engine of(io.genscope.spec.Engine e) {
        return e == null ? null : valueOf(e.name());
    }

    io.genscope.spec.Engine internal() {
        return io.genscope.spec.Engine.valueOf(name());
    }
}
