package io.genscope.parser.errorstate;

import io.genscope.parser.capture.Problem;
import java.util.List;

/**
 * Everything genscope reads from one i915 GPU error state ({@code /sys/class/drm/card0/error}) or
 * Xe devcoredump ({@code /sys/class/drm/card0/device/devcoredump/data}).
 *
 * @param pciId from the {@code PCI ID:} line, or 0
 * @param platform from the {@code Platform:} line, or empty
 * @param application the process named on the {@code GPU HANG} or {@code Active process} line, or empty
 * @param engines the {@code <engine> command stream:} sections, in file order
 * @param buffers the dumped buffers, in file order
 * @param text every line that is neither a buffer line nor a payload, in file order
 * @param problems what was wrong with the text
 * @param xe whether it was an Xe driver devcoredump (no rings; batches cut out of the VM state)
 */
public record ErrorState(int pciId, String platform, String application, List<EngineRegisters> engines,
        List<DumpedBuffer> buffers, List<Text> text, List<Problem> problems, boolean xe) {

    /** One line of text and where it starts in the file. */
    public record Text(long offset, String text) {
    }

    /** The registers of the section naming this engine, or null. */
    public EngineRegisters registersOf(DumpedBuffer buffer) {
        for (EngineRegisters r : engines) {
            if (r.engine() != null && r.engine() == buffer.engine() && r.instance() == buffer.instance()) {
                return r;
            }
        }
        return null;
    }
}
