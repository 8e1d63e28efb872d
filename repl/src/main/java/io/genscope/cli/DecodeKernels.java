package io.genscope.cli;

import io.genscope.parser.eu.EuDisassembler;
import io.genscope.parser.eu.EuListing;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.print.KernelListing;
import io.genscope.parser.print.TextOut;
import io.genscope.spec.AddressSpace;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The EU disassembly {@code genscope decode} prints below each {@code Referenced ... shader:}
 * heading, remembered per kernel address: a capture references the same kernels frame after frame,
 * so when the bytes at an address are the ones disassembled there before, the lines are printed
 * again without disassembling. The lines depend only on those bytes (the kernel's end is the first
 * end-of-thread send or opcode 0 in them), so the output is the same as disassembling every time.
 * A kernel whose listing had problems (it ran past mapped memory) is not remembered. The EU spec is
 * loaded on the first kernel, so a decode without kernels never pays for it. One per decode; safe
 * for the threads of a parallel printer.
 */
final class DecodeKernels implements KernelListing {
    /** Kernels remembered at most; past it the oldest are forgotten all at once. */
    static final int MAX_KERNELS = 4096;

    private record Seen(int[] dwords, List<String> lines) {
    }

    private final String specName;
    private final Map<Long, Seen> seen = new ConcurrentHashMap<>();
    private volatile EuDisassembler disassembler;
    private volatile boolean unsupported;
    private final java.util.concurrent.atomic.AtomicBoolean preloading = new java.util.concurrent.atomic.AtomicBoolean();

    DecodeKernels(String specName) {
        this.specName = specName;
    }

    @Override
    public void kernel(TextOut out, GpuMemory memory, long address, String type) {
        Seen s = seen.get(address);
        if (s != null && same(memory, address, s.dwords())) {
            s.lines().forEach(out::line);
            return;
        }
        EuDisassembler d = disassembler();
        if (d == null) {
            return;
        }
        EuListing listing = d.disassembleKernel(memory, AddressSpace.PPGTT, address);
        String text = listing.text();
        List<String> lines = Arrays.asList(text.endsWith("\n") ? text.substring(0, text.length() - 1).split("\n", -1)
                : text.isEmpty() ? new String[0] : text.split("\n", -1));
        lines.forEach(out::line);
        if (listing.problems().isEmpty() && listing.end() % 4 == 0) {
            int[] dwords = new int[listing.end() / 4];
            if (memory.read(AddressSpace.PPGTT, address, dwords, 0, dwords.length) == dwords.length) {
                if (seen.size() >= MAX_KERNELS) {
                    seen.clear();
                }
                seen.put(address, new Seen(dwords, List.copyOf(lines)));
            }
        }
    }

    /**
     * Starts loading the EU spec on a daemon thread (once), so that the printing thread does not
     * wait for it at the first kernel: loading parses the family's spec text (about 0.1 s of CPU in
     * the launcher's JVM), which the second core can do while the capture is read.
     */
    void preload() {
        if (!preloading.getAndSet(true)) {
            Thread t = new Thread(this::disassembler, "genscope-eu-spec");
            t.setDaemon(true);
            t.start();
        }
    }

    String specName() {
        return specName;
    }

    private synchronized EuDisassembler disassembler() {
        if (disassembler == null && !unsupported) {
            unsupported = !EuDisassembler.supports(specName);
            disassembler = unsupported ? null : EuDisassembler.forGen(specName);
        }
        return disassembler;
    }

    private static boolean same(GpuMemory memory, long address, int[] dwords) {
        int[] now = new int[dwords.length];
        return memory.read(AddressSpace.PPGTT, address, now, 0, now.length) == now.length && Arrays.equals(now, dwords);
    }
}
