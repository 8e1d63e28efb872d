package io.genscope.repl.model;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import java.util.List;

/**
 * One thing a capture gives to walk, in capture order: an execlist submission (ring from head to
 * tail), or a lone buffer of commands (raw input). Its commands are the entries
 * {@code [firstEntry, endEntry)}.
 *
 * @param index position among the capture's items (the {@code sN} the shell shows)
 * @param submission the submission, or null for a lone buffer
 * @param engine the engine it ran on
 * @param acthd the address the engine was executing (error states), or -1
 * @param bufferAddress a lone buffer's address (0 for submissions)
 * @param bufferSpace a lone buffer's space (GGTT for submissions)
 * @param bufferDwords a lone buffer's dwords (empty for submissions)
 * @param firstEntry its first command
 * @param endEntry one past its last command
 * @param problems what walking it found (unknown and truncated commands, loops, unmapped batches)
 */
public record Item(int index, Submission submission, Engine engine, long acthd, long bufferAddress,
        AddressSpace bufferSpace, int[] bufferDwords, int firstEntry, int endEntry, List<Problem> problems) {

    public Item {
        problems = List.copyOf(problems);
    }

    public boolean isSubmission() {
        return submission != null;
    }

    public int commandCount() {
        return endEntry - firstEntry;
    }

    /** Whether an entry index falls in this item. */
    public boolean contains(int entry) {
        return entry >= firstEntry && entry < endEntry;
    }
}
