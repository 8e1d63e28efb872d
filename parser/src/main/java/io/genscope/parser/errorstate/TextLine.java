package io.genscope.parser.errorstate;

import io.genscope.parser.capture.Problem;

/**
 * One line of an error state: its number (from 1) and where its bytes are in the file, line
 * terminator excluded.
 */
record TextLine(int number, int start, int end) {

    int length() {
        return end - start;
    }

    /** A problem at {@code column} bytes into this line; the message starts with the line number. */
    Problem problem(Problem.Kind kind, int column, String message) {
        return new Problem(kind, (long) start + Math.max(0, column), "line " + number + ": " + message);
    }
}
