package io.genscope.repl.model;

import io.genscope.parser.decode.Command;
import io.genscope.parser.eu.EuDisassembler;
import io.genscope.parser.eu.EuListing;
import io.genscope.parser.eu.EuProblem;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.print.AubinatorPrinter;
import io.genscope.parser.print.ByteOut;
import io.genscope.parser.state.StateBases;
import io.genscope.parser.print.TextOut;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Spec;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernels each walked command references, found exactly where the full printer puts a
 * {@code Referenced ... shader:} heading: a full-mode {@link AubinatorPrinter} runs beside the
 * caller's walk, writing to nowhere, and its kernel listing is caught instead of printed. Feed it
 * every command of the walk in order (the state bases it tracks depend on them).
 */
public final class ReferencedKernels {
    /**
     * One kernel a command references.
     *
     * @param type the heading's shader kind ({@code SIMD8 fragment shader})
     * @param address its GPU address in the PPGTT (bits 47:0)
     * @param listing the disassembly to the kernel's end (empty, with a problem, when the EU ISA is not covered)
     * @param bytes the instruction bytes the listing covers
     */
    public record Found(String type, long address, EuListing listing, byte[] bytes) {
        public Found {
            bytes = bytes.clone();
        }

        /** The instruction bytes (a copy). */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The bytes of one listed instruction (8 when compacted, else 16). */
        public byte[] instructionBytes(int offset, boolean compacted) {
            int end = Math.min(bytes.length, offset + (compacted ? 8 : 16));
            return java.util.Arrays.copyOfRange(bytes, Math.min(offset, end), end);
        }
    }

    private static final java.util.Map<String, java.util.Optional<EuDisassembler>> DISASSEMBLERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final AubinatorPrinter printer;
    private final EuDisassembler disassembler;
    private final String specName;
    private final List<Found> found = new ArrayList<>();

    /** @param bases the state bases, shared across the capture's submissions as decode shares them */
    public ReferencedKernels(Spec spec, GpuMemory memory, StateBases bases) {
        this.specName = spec.name();
        this.disassembler = DISASSEMBLERS.computeIfAbsent(spec.name(),
                s -> java.util.Optional.ofNullable(EuDisassembler.supports(s) ? EuDisassembler.forGen(s) : null))
                .orElse(null);
        this.printer = new AubinatorPrinter(spec, new ByteOut(OutputStream.nullOutputStream(), 1 << 12), true, memory,
                bases).kernels(this::kernel);
    }

    /** The EU spec the kernels are disassembled with; null when the generation has no disassembler. */
    public io.genscope.eu.EuSpec euSpec() {
        return disassembler == null ? null : disassembler.spec();
    }

    /** The kernels {@code c} references (none for most commands). */
    public List<Found> command(Command c, int depth) {
        found.clear();
        printer.command(c, depth);
        return found.isEmpty() ? List.of() : List.copyOf(found);
    }

    private void kernel(TextOut out, GpuMemory memory, long address, String type) {
        if (disassembler == null) {
            found.add(new Found(type, address, new EuListing(List.of(),
                    List.of(new EuProblem(0, "no EU disassembler for " + specName)), 0), new byte[0]));
            return;
        }
        EuListing listing = disassembler.disassembleKernel(memory, AddressSpace.PPGTT, address);
        found.add(new Found(type, address, listing, read(memory, address, listing.end())));
    }

    /** The {@code length} bytes at {@code address} in the PPGTT (as far as they are mapped). */
    static byte[] read(GpuMemory memory, long address, int length) {
        int[] dwords = new int[(length + 3) / 4];
        int got = Math.max(0, memory.read(AddressSpace.PPGTT, address, dwords, 0, dwords.length));
        byte[] out = new byte[Math.min(length, got * 4)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (dwords[i >> 2] >>> (8 * (i & 3)));
        }
        return out;
    }
}
