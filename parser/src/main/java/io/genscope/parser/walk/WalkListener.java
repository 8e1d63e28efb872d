package io.genscope.parser.walk;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.decode.Command;

/** Receives what a {@link CommandWalker} finds, in execution order. */
public interface WalkListener {
    /** A command; {@code depth} is 1 for the ring (or the first buffer), +1 per batch level. */
    void command(Command c, int depth);

    /**
     * The walk starts reading a buffer: the ring (depth 1), or a batch a start sends it to. Called
     * before the buffer's first command.
     *
     * @param address where the buffer's first command is
     * @param space the address space the buffer is read through
     * @param depth the depth its commands will have
     */
    default void enter(long address, io.genscope.spec.AddressSpace space, int depth) {
    }

    /** A batch buffer start whose target is not mapped ({@code address} as the command holds it). */
    default void unavailable(long address) {
    }

    /** A batch buffer entered past the nesting limit at this address. */
    default void jumpLimit(long address) {
    }

    /** A walk problem (loop, unknown command, truncated command). */
    default void problem(Problem p) {
    }
}
