package io.genscope.rewriter;

/**
 * The strict audit's rules for a guest's privileged command buffers (ring, GGTT batches, indirect
 * context), after GVT-g's command parser. Each finding names the command, its address and one of
 * these rules; the names are stable (they appear in reports as {@link Finding.Kind} labels).
 */
public enum AuditRule {
    /** No command of the engine the buffer runs on has this header (another engine's command too). */
    UNKNOWN_COMMAND("no command of this engine has this header"),
    /** A command the spec lists as refused from a guest (MI_UPDATE_GTT, ...). */
    PRIVILEGED_COMMAND("a mediator refuses this command from a guest"),
    /** MI_LOAD_REGISTER_IMM/REG/MEM writing a register outside the spec's guest allow-list. */
    REGISTER_NOT_ALLOWED("writes a register outside the guest allow-list"),
    /** A batch buffer start that jumps back into a buffer already running (it never ends). */
    BATCH_LOOP("batch buffer start loops back into a running buffer"),
    /** A command that runs past the end of its buffer. */
    COMMAND_CUT_OFF("command runs past the end of its buffer");

    private final String text;

    AuditRule(String text) {
        this.text = text;
    }

    /** A short phrase for reports. */
    public String text() {
        return text;
    }

    /** The lower-case name used in reports ({@code register_not_allowed}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
