package io.genscope.repl.model;

/**
 * How much GPU memory a capture populated, as of its last submission, and what the shell holds.
 *
 * @param physicalPages 4 KiB physical pages the capture wrote
 * @param physicalHeapBytes bytes of those pages copied to the heap (partially written pages)
 * @param ggttEntries GGTT entries the capture wrote
 * @param ggttHeapBytes heap used by the GGTT table
 * @param modelBytes estimated heap of the shell's command model (commands, dwords, batches)
 */
public record MemoryUse(long physicalPages, long physicalHeapBytes, long ggttEntries, long ggttHeapBytes,
        long modelBytes) {
}
