package io.genscope.repl.model;

import io.genscope.spec.AddressSpace;

/**
 * A run of commands read from one buffer: the ring of a submission (depth 1) or a batch buffer a
 * MI_BATCH_BUFFER_START entered. Its entries, with those of the batches it starts in turn, are the
 * contiguous range {@code [firstEntry, endEntry)}: the walk lists commands in execution order.
 *
 * @param index position among the capture's batches
 * @param item the submission it ran in
 * @param address GPU address of its first command
 * @param space the address space it was read through
 * @param depth nesting level (1 = ring)
 * @param starter the entry of the MI_BATCH_BUFFER_START that entered it, or -1 for a ring
 * @param parent the batch of {@code starter}, or -1
 * @param firstEntry its first command
 * @param endEntry one past the last command of it and everything it started
 */
public record Batch(int index, int item, long address, AddressSpace space, int depth, int starter, int parent,
        int firstEntry, int endEntry) {

    /** Number of commands, including those of the batches it started. */
    public int size() {
        return endEntry - firstEntry;
    }
}
