package io.genscope.rewriter;

/** Why a GGTT address was left as it was. */
public enum Rejection {
    /** The address lies outside both windows of the source side: the audit's finding. */
    OUTSIDE_WINDOWS("outside the windows"),
    /** The translated address needs more bits than the field holds (or loses alignment bits). */
    DOES_NOT_FIT("does not fit the field"),
    /** The command ends (buffer cut off) before the field does. */
    TRUNCATED("command cut off before the field ends");

    private final String text;

    Rejection(String text) {
        this.text = text;
    }

    /** A short phrase for reports. */
    public String text() {
        return text;
    }
}
