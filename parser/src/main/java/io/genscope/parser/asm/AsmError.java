package io.genscope.parser.asm;

/**
 * One error in a GenAsm listing, at a 1-based line and column.
 *
 * @param source the listing's name (a file name) as given to the assembler
 * @param line 1-based line
 * @param column 1-based column
 * @param message what is wrong, with the valid choices where a name was wrong
 */
public record AsmError(String source, int line, int column, String message) {
    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + message;
    }
}
