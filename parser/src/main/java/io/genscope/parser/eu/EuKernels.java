package io.genscope.parser.eu;

import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.print.KernelListing;
import io.genscope.parser.print.TextOut;
import io.genscope.spec.AddressSpace;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The EU disassembly aubinator prints below a {@code Referenced ... shader:} heading: the kernel
 * read through the context's PPGTT up to its end, in Mesa's syntax, for the generations the EU
 * spec covers (others print nothing there, as before).
 */
public final class EuKernels implements KernelListing {
    private static final Map<String, KernelListing> BY_SPEC = new ConcurrentHashMap<>();

    private final EuDisassembler disassembler;

    private EuKernels(EuDisassembler disassembler) {
        this.disassembler = disassembler;
    }

    /** The listing for the command spec {@code specName} ({@code gen9}, ...); NONE when its EU ISA is not covered. */
    public static KernelListing forSpec(String specName) {
        return BY_SPEC.computeIfAbsent(specName,
                s -> EuDisassembler.supports(s) ? new EuKernels(EuDisassembler.forGen(s)) : KernelListing.NONE);
    }

    @Override
    public void kernel(TextOut out, GpuMemory memory, long address, String type) {
        String text = disassembler.disassembleKernel(memory, AddressSpace.PPGTT, address).text();
        int from = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
            out.line(text.substring(from, nl));
            from = nl + 1;
        }
        if (from < text.length()) {
            out.line(text.substring(from));
        }
    }
}
