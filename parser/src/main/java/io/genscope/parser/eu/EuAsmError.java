package io.genscope.parser.eu;

/** A problem in one line of assembly text, at a column (1-based); the assembler reports and skips it. */
final class EuAsmError extends RuntimeException {
    final int column;

    EuAsmError(int column, String message) {
        super(message, null, false, false);
        this.column = column;
    }
}
