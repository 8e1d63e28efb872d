package io.genscope.parser.eu;

/** Something wrong in an instruction stream, at a byte offset; decoding continues after it. */
public record EuProblem(int offset, String message) {
    @Override
    public String toString() { return "offset 0x" + Integer.toHexString(offset) + ": " + message; }
}
