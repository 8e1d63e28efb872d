package io.genscope.parser.capture;

/**
 * Something wrong with the input, found while reading or decoding it. Never thrown: collected and
 * shown next to everything that could still be decoded.
 *
 * @param kind what went wrong
 * @param offset byte offset in the input file, or the GPU address for problems found while walking
 *     command buffers ({@link Kind#isAddress()})
 * @param message what a user needs to know, in one line
 */
public record Problem(Kind kind, long offset, String message) {

    /** The closed set of problem kinds. */
    public enum Kind {
        /** The file ends inside a packet or structure. */
        TRUNCATED(false),
        /** A packet or record that cannot be what its header says. */
        CORRUPT(false),
        /** A packet type the reader skips. */
        UNSUPPORTED(false),
        /** A dword 0 that no command in the spec matches. */
        UNKNOWN_COMMAND(true),
        /** A command whose length runs past the end of its buffer. */
        COMMAND_TRUNCATED(true),
        /** An address that points at unmapped memory. */
        UNMAPPED(true),
        /** A batch buffer chain that comes back to where it was. */
        LOOP(true),
        /** More batch buffer starts than the walker follows. */
        JUMP_LIMIT(true);

        private final boolean address;

        Kind(boolean address) {
            this.address = address;
        }

        /** Whether {@code offset} is a GPU address rather than a file offset. */
        public boolean isAddress() {
            return address;
        }
    }

    @Override
    public String toString() {
        return (kind.isAddress() ? String.format("at GPU address 0x%x", offset) : "at byte offset " + offset) + ": "
                + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + message;
    }
}
