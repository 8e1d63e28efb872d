package io.genscope.migration.policy;

/**
 * Where a migration is, as a failure names it ("failed during pre-copy round 3: ...").
 */
public enum Stage {
    SETUP("setup"),
    PRECOPY("pre-copy round"),
    GPU_COPY("the one-shot round (gpu-copy)"),
    GPU_STOP("the GPU stop (gpu-stop)"),
    STOP_COPY("stop-and-copy"),
    DEVICE_STATE("device state"),
    END_OF_STREAM("the end of the stream (waiting for the destination to resume)"),
    VERIFICATION("verification");

    private final String text;

    Stage(String text) {
        this.text = text;
    }

    /** How a message names the stage; a pre-copy round carries its number. */
    public String describe(int round) {
        return this == PRECOPY ? text + " " + round : text;
    }
}
