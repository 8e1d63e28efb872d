package io.genscope.migration.workload.capture;

import io.genscope.migration.workload.SyntheticSpec;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Parameters of a capture-driven workload, written
 * {@code capture:FILE.aub[.xz][,speed=X][,loop][,memory=1G][,graphics=512M][,fill=0.6][,zero-share=0.1][,seed=1]}.
 *
 * @param file the AUB capture (plain or xz)
 * @param speed {@code speed}: replay rate; 1 replays 60 submissions per second (one submission per
 *     frame of a 60 Hz application), the CPU writes before each submission in its slot (default 1)
 * @param loop {@code loop}: replay the capture again and again until the workload is paused or
 *     closed; without it one pass (default off)
 * @param memoryBytes {@code memory}: guest RAM of the vGPU (default 1G)
 * @param graphicsBytes {@code graphics}: graphics memory its GGTT maps (default 512M); the capture's
 *     pages are placed in it
 * @param fill {@code fill}: share of system memory holding data, as in the synthetic workload (default 0.6)
 * @param zeroShare {@code zero-share}: share of pre-filled pages that are zero (default 0.1)
 * @param seed {@code seed}: placement of graphics memory in guest memory, background content and
 *     the bytes GPU writes leave (default 1)
 */
public record CaptureSpec(Path file, double speed, boolean loop, long memoryBytes, long graphicsBytes, double fill,
        double zeroShare, long seed) {

    /** Submissions per second at speed 1. */
    public static final double SUBMISSIONS_PER_SECOND = 60;

    public CaptureSpec {
        if (!(speed > 0 && speed <= 1e6)) {
            throw new IllegalArgumentException("capture workload: speed must be above 0 (and at most 1e6)");
        }
        // the synthetic spec checks sizes and shares
        baseSpec(memoryBytes, graphicsBytes, fill, zeroShare, seed);
    }

    /** The synthetic vGPU the capture is placed into: same sizes, no synthetic writers. */
    public SyntheticSpec base() {
        return baseSpec(memoryBytes, graphicsBytes, fill, zeroShare, seed);
    }

    private static SyntheticSpec baseSpec(long memory, long graphics, double fill, double zeroShare, long seed) {
        try {
            return new SyntheticSpec(memory, graphics, 0, 0, 0, 0, 0, 0, 0, fill, zeroShare, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("synthetic workload", "capture workload"));
        }
    }

    public static boolean matches(String text) {
        return text.trim().startsWith("capture:");
    }

    /** Parses {@code capture:FILE[,key=value|loop...]}. */
    public static CaptureSpec parse(String text) {
        String t = text.trim();
        if (!matches(t) || t.length() == "capture:".length()) {
            throw new IllegalArgumentException("capture workload: use capture:FILE.aub[,speed=X,loop,memory=1G,graphics=512M]");
        }
        String[] parts = t.substring("capture:".length()).split(",");
        double speed = 1;
        boolean loop = false;
        SyntheticSpec d = SyntheticSpec.DEFAULT;
        long memory = d.memoryBytes();
        long graphics = d.graphicsBytes();
        double fill = d.fill();
        double zero = d.zeroShare();
        long seed = 1;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.equals("loop")) {
                loop = true;
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("capture workload: '" + p + "' is not key=value or loop");
            }
            String k = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String v = p.substring(eq + 1).trim();
            switch (k) {
                case "speed" -> speed = num(v);
                case "loop" -> loop = Boolean.parseBoolean(v) || v.equals("1");
                case "memory" -> memory = SyntheticSpec.size(v, memory);
                case "graphics" -> graphics = SyntheticSpec.size(v, graphics);
                case "fill" -> fill = num(v);
                case "zero-share" -> zero = num(v);
                case "seed" -> seed = (long) num(v);
                default -> throw new IllegalArgumentException("capture workload: unknown parameter '" + k
                        + "' (speed, loop, memory, graphics, fill, zero-share, seed)");
            }
        }
        return new CaptureSpec(Path.of(parts[0].trim()), speed, loop, memory, graphics, fill, zero, seed);
    }

    private static double num(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("capture workload: '" + v + "' is not a number");
        }
    }

    /** The text form with every parameter. */
    public String describe() {
        return String.format(Locale.ROOT, "capture:%s,speed=%s%s,memory=%dM,graphics=%dM,fill=%s,zero-share=%s,seed=%d", file,
                speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed), loop ? ",loop" : "",
                memoryBytes >> 20, graphicsBytes >> 20, fill, zeroShare, seed);
    }
}
