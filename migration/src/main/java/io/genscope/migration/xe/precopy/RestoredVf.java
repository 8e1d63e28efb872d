package io.genscope.migration.xe.precopy;

import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.VgpuDigest;
import io.genscope.migration.xe.XeVfData;
import io.genscope.parser.capture.Problem;
import java.util.Arrays;
import java.util.List;

/**
 * A VF as {@link VfRestore} rebuilt it: the stream as read, its VRAM, its state, and every problem.
 *
 * @param data the stream as {@code XeVfReader} read it
 * @param vram the VRAM quota with every VRAM packet applied in order
 * @param state the descriptor's ids (-1 when missing) and the last GGTT, MMIO and GuC packets (empty when missing)
 * @param problems the reader's problems and the restore's, with byte offsets
 */
public record RestoredVf(XeVfData data, PageStore vram, XeVfState state, List<Problem> problems)
        implements AutoCloseable {
    public RestoredVf {
        problems = List.copyOf(problems);
    }

    /**
     * Whether this VF holds exactly what {@code source} held at its stop: VRAM by the 128-bit
     * digest that migrations verify with (a different function from the page hash), state by value.
     * The source must be stopped.
     */
    public boolean matches(XeVfSource source) {
        try (PageStore src = PageStore.over(source.vram())) {
            return src.sizeBytes() == vram.sizeBytes() && Arrays.equals(VgpuDigest.memory(src), VgpuDigest.memory(vram))
                    && source.state().equals(state);
        }
    }

    /** Where the stream's packets stand against Linux's save order and restore rules. */
    public VfOrder order() {
        return VfOrder.of(data);
    }

    @Override
    public void close() {
        vram.close();
    }
}
