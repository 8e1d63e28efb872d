package io.genscope.rewriter.aub;

import io.genscope.parser.memory.ContextMemory;

/** Turns a rewritten dword of GPU memory into a patch of the capture file. */
interface DwordPatcher {
    /**
     * The file offset holding the dword at GGTT {@code address} as {@code memory} sees it now, or
     * -1 when no single place in the file holds it.
     */
    long origin(ContextMemory memory, long address);

    /** Patches the dword at GGTT {@code address} from {@code oldValue} to {@code newValue}; reports failures. */
    void patch(ContextMemory memory, long address, int oldValue, int newValue, String what);
}
