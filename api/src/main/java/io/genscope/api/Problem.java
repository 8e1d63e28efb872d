package io.genscope.api;

import java.util.Locale;

/**
 * Something wrong with the input, found while reading, decoding or walking it. Damaged input never
 * makes the library throw: results carry their problems next to everything that could still be
 * decoded.
 *
 * <pre>{@code
 * for (Problem p : decoded.problems()) {
 *     System.err.println(p);   // "at GPU address 0x1040: unknown command: no render command matches ..."
 * }
 * }</pre>
 *
 * @param kind what went wrong
 * @param at a byte offset in the input file, or a GPU address when {@link Kind#isAddress()}
 * @param message one line for a user
 */
public record Problem(Kind kind, long at, String message) {

    /**
     * The closed set of problem kinds.
     *
     * <pre>{@code
     * boolean loops = decoded.problems().stream().anyMatch(p -> p.kind() == Problem.Kind.LOOP);
     * }</pre>
     */
    public enum Kind {
        /** The file ends inside a packet or structure. */
        TRUNCATED(false),
        /** A packet or record that cannot be what its header says. */
        CORRUPT(false),
        /** A packet type or file the reader does not handle. */
        UNSUPPORTED(false),
        /** A dword 0 that no command of the spec matches. */
        UNKNOWN_COMMAND(true),
        /** A command whose length runs past the end of its buffer. */
        COMMAND_TRUNCATED(true),
        /** An address that points at unmapped memory. */
        UNMAPPED(true),
        /** A batch buffer chain that comes back to where it was. */
        LOOP(true),
        /** More nested batch buffer starts than the walker follows. */
        JUMP_LIMIT(true);

        private final boolean address;

        Kind(boolean address) {
            this.address = address;
        }

        /**
         * Whether {@link Problem#at()} is a GPU address rather than a file offset.
         *
         * @return true for problems found while walking command buffers
         */
        public boolean isAddress() {
            return address;
        }
    }

    static Problem of(io.genscope.parser.capture.Problem p) {
        return new Problem(Kind.valueOf(p.kind().name()), p.offset(), p.message());
    }

    @Override
    public String toString() {
        return (kind.isAddress() ? String.format("at GPU address 0x%x", at) : "at byte offset " + at) + ": "
                + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + message;
    }
}
