package io.genscope.parser.errorstate;

import io.genscope.parser.capture.Problem;

/**
 * One line of an error state: its number (from 1) and where its bytes are in the file, line
 * terminator excluded.
 */
record TextLine(int number, int start, int end) {

    /** Calls {@code each} for every line of {@code data[0..size)} ({@code \n} or {@code \r\n} ended). */
    static void split(byte[] data, int size, java.util.function.Consumer<TextLine> each) {
        int pos = 0;
        int number = 0;
        while (pos < size) {
            int eol = pos;
            while (eol < size && data[eol] != '\n') {
                eol++;
            }
            int end = eol;
            if (end > pos && data[end - 1] == '\r') {
                end--;
            }
            number++;
            each.accept(new TextLine(number, pos, end));
            pos = eol + 1;
        }
    }

    int length() {
        return end - start;
    }

    /** A problem at {@code column} bytes into this line; the message starts with the line number. */
    Problem problem(Problem.Kind kind, int column, String message) {
        return new Problem(kind, (long) start + Math.max(0, column), "line " + number + ": " + message);
    }
}
