package io.genscope.parser.capture;

import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;

/**
 * Receives what any capture reader finds, in capture order: AUB files, error states and raw
 * buffers all speak this one vocabulary, so the decoder and the shell do not care which it was.
 * Every method does nothing by default.
 */
public interface CaptureListener {
    /** Device and application, once, before any submission. */
    default void info(CaptureInfo info) {
    }

    /**
     * A ring to walk from head to tail. {@code memory} is valid during the call only.
     *
     * @param acthd the address the engine was executing (error states), or -1
     */
    default void submission(Submission submission, GpuMemory memory, long acthd) {
    }

    /** A lone buffer of commands at {@code address} (raw input); starts inside resolve through memory. */
    default void buffer(Engine engine, long address, AddressSpace space, int[] dwords, GpuMemory memory) {
    }

    /**
     * A lone buffer of commands, as above, from a capture that knows where the engine was executing
     * (error states); by default the same as the call without {@code acthd}.
     *
     * @param acthd the address the engine was executing, or -1
     */
    default void buffer(Engine engine, long address, AddressSpace space, int[] dwords, GpuMemory memory, long acthd) {
        buffer(engine, address, space, dwords, memory);
    }

    /** A comment the capture carries (NEO buffer maps, error-state headers). */
    default void comment(long offset, String text) {
    }

    /** How the reader read something unusual in the input that is not a problem with it (one line). */
    default void note(long offset, String text) {
    }

    /** Something wrong with the input. */
    default void problem(Problem problem) {
    }
}
