package io.genscope.parser.print;

import io.genscope.parser.memory.GpuMemory;

/**
 * What the full printer writes below a {@code Referenced ... shader:} heading (aubinator puts the
 * kernel's EU disassembly there). The default writes nothing, which is what genscope printed
 * before it had a disassembler; set another one with {@link AubinatorPrinter#kernels(KernelListing)}.
 */
@FunctionalInterface
public interface KernelListing {
    /**
     * @param out where the lines go (through {@link TextOut#line}); in order with the rest of the output
     * @param memory the memory the printer reads indirect state from (the kernel is in its PPGTT)
     * @param address the kernel's GPU address (instruction base plus kernel start pointer, bits 47:0)
     * @param type the kind of shader as the heading names it ({@code SIMD8 fragment shader})
     */
    void kernel(TextOut out, GpuMemory memory, long address, String type);

    /** Prints nothing below the heading. */
    KernelListing NONE = (out, memory, address, type) -> {
    };
}
