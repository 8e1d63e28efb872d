package io.genscope.spec;

import java.util.Locale;

/** The command streamers a GEN GPU has; a command is valid on a subset of them. */
public enum Engine {
    RENDER, BLITTER, VIDEO, VIDEOENHANCE, COMPUTE;

    /** The name used in spec files and on the command line ({@code render}, {@code blitter}, ...). */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a spec or command-line name; also accepts the kernel's short names (rcs, bcs, vcs, vecs, ccs). */
    public static Engine parse(String text) {
        String t = text.toLowerCase(Locale.ROOT).replaceAll("[0-9]+$", "");
        return switch (t) {
            case "render", "rcs" -> RENDER;
            case "blitter", "bcs", "copy", "blt" -> BLITTER;
            case "video", "vcs", "bsd" -> VIDEO;
            case "videoenhance", "vecs", "vebox" -> VIDEOENHANCE;
            case "compute", "ccs" -> COMPUTE;
            default -> throw new IllegalArgumentException("unknown engine '" + text
                    + "' (render, blitter, video, videoenhance, compute)");
        };
    }
}
