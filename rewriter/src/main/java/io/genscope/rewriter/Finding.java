package io.genscope.rewriter;

import io.genscope.spec.Engine;

/**
 * Something the rewriter could not translate: the audit's output. Positions as in
 * {@link Relocation}.
 *
 * @param kind what is wrong
 * @param source where it was
 * @param address GPU address (or MMIO offset) as in {@link Relocation#address()}
 * @param engine the engine, or null
 * @param command the command or place
 * @param field the field, or empty
 * @param offset byte offset in the input file, or -1 when not known
 * @param value the address (or value) found
 * @param message one line for a user
 */
public record Finding(Kind kind, Source source, long address, Engine engine, String command, String field,
        long offset, long value, String message) {

    /** The closed set of findings. */
    public enum Kind {
        /** A GGTT address outside the vGPU's windows (the security audit's finding). */
        OUTSIDE_WINDOWS,
        /** A translated address that the field cannot hold. */
        DOES_NOT_FIT,
        /** A command cut off before its address field ends. */
        TRUNCATED,
        /** A capture dword to rewrite that no single place in the file holds. */
        NOT_IN_FILE,
        /** One place in the file that two rewrites want to hold different values. */
        CONFLICT,
        /** Audit ({@link AuditRule#UNKNOWN_COMMAND}): no command of the engine has this header. */
        UNKNOWN_COMMAND,
        /** Audit ({@link AuditRule#PRIVILEGED_COMMAND}): a command refused from a guest. */
        PRIVILEGED_COMMAND,
        /** Audit ({@link AuditRule#REGISTER_NOT_ALLOWED}): a register write outside the allow-list. */
        REGISTER_NOT_ALLOWED,
        /** Audit ({@link AuditRule#BATCH_LOOP}): a batch buffer start that loops. */
        BATCH_LOOP,
        /** Audit ({@link AuditRule#COMMAND_CUT_OFF}): a command running past its buffer's end. */
        COMMAND_CUT_OFF;

        static Kind of(AuditRule r) {
            return valueOf(r.name());
        }

        /** Whether this is one of the command audit's rules (as opposed to an address finding). */
        public boolean isAuditRule() {
            return ordinal() >= UNKNOWN_COMMAND.ordinal();
        }

        static Kind of(Rejection r) {
            return switch (r) {
                case OUTSIDE_WINDOWS -> OUTSIDE_WINDOWS;
                case DOES_NOT_FIT -> DOES_NOT_FIT;
                case TRUNCATED -> TRUNCATED;
            };
        }

        /** The lower-case name used in reports. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
