package io.genscope.parser.aub;

import io.genscope.parser.capture.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects problems and passes them to the listener, up to a limit so that a hostile file cannot
 * fill the heap with them; the rest are only counted.
 */
final class ProblemLog {
    static final int LIMIT = 1000;

    private final AubListener listener;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> reportedOnce = new HashSet<>();
    private long suppressed;
    private Problem firstSuppressed;

    ProblemLog(AubListener listener) {
        this.listener = listener;
    }

    void report(Problem.Kind kind, long offset, String message) {
        Problem p = new Problem(kind, offset, message);
        if (problems.size() >= LIMIT) {
            if (suppressed++ == 0) {
                firstSuppressed = p;
            }
            return;
        }
        problems.add(p);
        listener.problem(p);
    }

    /** Reports only the first problem with this key. */
    void reportOnce(String key, Problem.Kind kind, long offset, String message) {
        if (reportedOnce.size() < LIMIT && reportedOnce.add(key)) {
            report(kind, offset, message);
        }
    }

    /** All problems, closed by a note on how many were left out. */
    List<Problem> finish() {
        if (suppressed > 0) {
            Problem note = new Problem(firstSuppressed.kind(), firstSuppressed.offset(),
                    suppressed + " more problems from here on are not listed (first: " + firstSuppressed.message() + ")");
            problems.add(note);
            listener.problem(note);
            suppressed = 0;
        }
        return problems;
    }
}
