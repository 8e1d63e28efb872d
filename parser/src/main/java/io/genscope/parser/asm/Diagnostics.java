package io.genscope.parser.asm;

import java.util.ArrayList;
import java.util.List;

/** Collects errors with positions, up to {@link Assembler#MAX_ERRORS}. */
final class Diagnostics {
    private final String source;
    private final List<AsmError> errors;

    Diagnostics(String source) {
        this(source, new ArrayList<>());
    }

    Diagnostics(String source, List<AsmError> errors) {
        this.source = source;
        this.errors = errors;
    }

    void error(Syntax.Pos pos, String message) {
        if (errors.size() < Assembler.MAX_ERRORS) {
            errors.add(new AsmError(source, pos.line(), pos.column(), message));
        }
    }

    int count() {
        return errors.size();
    }

    List<AsmError> errors() {
        return errors;
    }

    /** Drops errors added after {@code mark} (a statement re-encoded later). */
    void truncate(int mark) {
        while (errors.size() > mark) {
            errors.remove(errors.size() - 1);
        }
    }

    String source() {
        return source;
    }
}
