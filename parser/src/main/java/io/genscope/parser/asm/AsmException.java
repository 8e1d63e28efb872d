package io.genscope.parser.asm;

import java.util.List;

/**
 * A listing that does not assemble: every error found (up to a limit), each with its line and
 * column. This is the only exception the {@link Assembler} throws, whatever the text.
 */
public final class AsmException extends RuntimeException {
    private final transient List<AsmError> errors;

    public AsmException(List<AsmError> errors) {
        super(message(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an AsmException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** The errors in source order; never empty. */
    public List<AsmError> errors() {
        return errors;
    }

    /** The first error. */
    public AsmError first() {
        return errors.get(0);
    }

    private static String message(List<AsmError> errors) {
        StringBuilder sb = new StringBuilder();
        for (AsmError e : errors) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(e);
        }
        return sb.toString();
    }
}
