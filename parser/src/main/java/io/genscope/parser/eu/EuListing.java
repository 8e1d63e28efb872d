package io.genscope.parser.eu;

import java.util.List;

/** The result of disassembling a byte range: the instructions, the problems, and the end offset. */
public record EuListing(List<EuLine> lines, List<EuProblem> problems, int end) {
    public EuListing {
        lines = List.copyOf(lines);
        problems = List.copyOf(problems);
    }

    /** The listing as Mesa prints it: labels, then each instruction on its line(s). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (EuLine l : lines) sb.append(l.text()).append('\n');
        return sb.toString();
    }
}
