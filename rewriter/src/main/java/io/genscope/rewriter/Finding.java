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
        CONFLICT;

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
