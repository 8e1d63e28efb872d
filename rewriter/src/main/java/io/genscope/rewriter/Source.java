package io.genscope.rewriter;

/** Where a rewritten or audited address was found. */
public enum Source {
    /** A field of a command in a ring or a GGTT batch (or a raw buffer). */
    COMMAND,
    /** An MMIO register write (an AUB register-write packet). */
    REGISTER,
    /** A register value in a logical ring context image. */
    CONTEXT_IMAGE,
    /** An execlist submission's context descriptor. */
    SUBMISSION,
    /** GGTT page-table entries written by a capture (moved to their host index). */
    GGTT_ENTRIES,
    /** A capture's memory write addressed through the GGTT. */
    GGTT_WRITE;

    /** The lower-case name used in reports ({@code ggtt_entries}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
