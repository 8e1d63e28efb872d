package io.genscope.api;

import java.util.ArrayList;
import java.util.List;

/**
 * What one decode or walk found: the commands in execution order, and the problems met on the way
 * (unknown commands, truncated ones, unmapped batches, loops). A damaged buffer gives a result with
 * problems, never an exception.
 *
 * <pre>{@code
 * Decoded d = Decoding.of(GenSpec.forDevice("skl")).decode(Engine.RENDER, dwords, 0x1000, AddressSpace.GGTT);
 * d.commands().forEach(c -> System.out.println(c.name()));
 * if (!d.clean()) d.problems().forEach(System.err::println);
 * }</pre>
 *
 * @param commands the commands, in the order the engine would run them
 * @param problems what was wrong with the input
 */
public record Decoded(List<GpuCommand> commands, List<Problem> problems) {

    /**
     * Copies the lists.
     *
     * @param commands the commands
     * @param problems the problems
     */
    public Decoded {
        commands = List.copyOf(commands);
        problems = List.copyOf(problems);
    }

    /**
     * Whether nothing was wrong.
     *
     * @return true when there are no problems
     */
    public boolean clean() {
        return problems.isEmpty();
    }

    /**
     * The first batch buffer a ring (or buffer) started: the commands from the first one at depth 2
     * until the walk returns to depth 1, including what that batch itself started.
     *
     * @return those commands, or an empty list when nothing was started
     */
    public List<GpuCommand> firstBatch() {
        List<GpuCommand> out = new ArrayList<>();
        for (GpuCommand c : commands) {
            if (c.depth() >= 2) {
                out.add(c);
            } else if (!out.isEmpty()) {
                break;
            }
        }
        return List.copyOf(out);
    }
}
