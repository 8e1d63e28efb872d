package io.genscope.rewriter;

/**
 * Hears about every GGTT address the rewriter meets, without allocating anything itself. Positions
 * are dword indices into the array being rewritten.
 */
public interface RewriteSink {
    /**
     * An address was translated and written back.
     *
     * @param at index of the command's dword 0 (of the MI_LOAD_REGISTER_IMM for register values)
     * @param dword index of the dword holding the field's lowest bit
     * @param command name of the command carrying it
     * @param field the field (a register's field for register values)
     * @param element the repeated group element, or -1
     * @param oldAddress the address as it was (canonical high bits included when the field has them)
     * @param newAddress the address as written
     */
    default void relocated(int at, int dword, String command, AddressField field, int element, long oldAddress,
            long newAddress) {
    }

    /** A GGTT address was left unchanged, for the reason given (same positions as {@link #relocated}). */
    default void rejected(int at, int dword, String command, AddressField field, int element, long address,
            Rejection why) {
    }

    /**
     * The audit refuses a command ({@link CommandAudit}).
     *
     * @param at index of the command's dword 0
     * @param command the command's name, or {@code "unknown"} (header in {@code value})
     * @param rule the rule it breaks
     * @param value the dword concerned: the header, the register offset, the start's target
     * @param detail one line for a user
     */
    default void refused(int at, String command, AuditRule rule, long value, String detail) {
    }

    /** A sink that ignores everything. */
    RewriteSink NONE = new RewriteSink() {
    };
}
