package io.genscope.parser.errorstate;

import io.genscope.parser.capture.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one error state, kept up to a limit so that garbage input cannot fill the
 * heap with them; the rest are counted and summed up in one last problem on the line of the first
 * one left out.
 */
final class ParseProblems {
    static final int LIMIT = 1000;

    private final List<Problem> problems = new ArrayList<>();
    private long suppressed;
    private Problem firstSuppressed;

    void add(Problem p) {
        if (problems.size() < LIMIT) {
            problems.add(p);
        } else if (suppressed++ == 0) {
            firstSuppressed = p;
        }
    }

    /** All problems kept, closed by a note on how many were left out. */
    List<Problem> finish() {
        if (suppressed > 0) {
            String first = firstSuppressed.message();
            String line = first.startsWith("line ") ? first.substring(0, first.indexOf(": ") + 2) : "";
            problems.add(new Problem(firstSuppressed.kind(), firstSuppressed.offset(), line + suppressed
                    + " more problems from here on are not listed; the first: " + first.substring(line.length())));
            suppressed = 0;
        }
        return List.copyOf(problems);
    }
}
