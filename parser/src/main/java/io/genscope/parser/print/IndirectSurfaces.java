package io.genscope.parser.print;

import io.genscope.parser.decode.CFormat;
import io.genscope.parser.decode.Command;
import io.genscope.parser.print.IndirectFields.Entry;
import io.genscope.parser.state.StateBases;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import java.util.List;

/**
 * Binding tables (and the RENDER_SURFACE_STATEs their entries point to), sampler states and
 * interface descriptors.
 *
 * <pre>
 * pointer 0: 0xbffff000                      a binding table entry (surface state offset)
 * 0x1ff7ef000:  0xe35c3000 : Dword 0         its RENDER_SURFACE_STATE at the surface base
 * sampler state 0                            a SAMPLER_STATE at the dynamic base
 * descriptor 0: fffef340                     an INTERFACE_DESCRIPTOR_DATA at the dynamic base
 * </pre>
 */
final class IndirectSurfaces {
    /** How many entries of a binding table are shown when the command does not say. */
    private static final int DEFAULT_BINDING_TABLE_ENTRIES = 8;

    private final TextOut out;
    private final Spec spec;
    private final IndirectMemory memory;
    private final StateBases bases;
    private final IndirectKernels kernels;

    IndirectSurfaces(TextOut out, IndirectMemory memory, StateBases bases, IndirectKernels kernels) {
        this.out = out;
        this.spec = out.spec();
        this.memory = memory;
        this.bases = bases;
        this.kernels = kernels;
    }

    /**
     * The binding table at {@code offset} from the binding table pool (or the surface state base
     * when no pool is set): each non-zero entry and the surface state it points to.
     *
     * @param offset the pointer as the command holds it (a dword, bits 15:5 or 20:5 meaningful)
     * @param count entries to show; negative for the default
     */
    void bindingTable(long offset, int count) {
        StructDef surface = spec.struct("RENDER_SURFACE_STATE");
        if (surface == null) {
            out.line("did not find RENDER_SURFACE_STATE info");
            return;
        }
        long alignment = 32;
        int pointerBits = 16;
        long off = offset & 0xffffffffL;
        if (IndirectState.verx10(spec) >= 125) {
            pointerBits = 21;
        } else if (bases.bindingTables256B()) {
            // bits 15:5 of the pointer are bits 18:8 of the offset
            off = bases.bindingTableOffset(off);
            pointerBits = 19;
            alignment = 256;
        }
        long pool = bases.bindingTableBase();
        int entries = count < 0 ? DEFAULT_BINDING_TABLE_ENTRIES : count;
        if (off % alignment != 0 || off >= (1L << pointerBits)) {
            out.line("  invalid binding table pointer");
            return;
        }
        long table = pool + off;
        if (!memory.mapped(table)) {
            out.line("  binding table unavailable");
            return;
        }
        int[] pointers = memory.dwords(table, entries);
        int size = 4 * surface.dwords();
        for (int i = 0; i < entries; i++) {
            long pointer = pointers[i] & 0xffffffffL;
            if (pointer == 0) {
                continue;
            }
            long address = bases.surfaceBase() + pointer;
            StringBuilder sb = new StringBuilder(40).append("pointer ").append(i).append(": ");
            sb.append(CFormat.hex8(pointer));
            if (pointer % 32 != 0 || !holds(address, size)) {
                out.line(sb.append(" <not valid>"));
                continue;
            }
            out.line(sb);
            int[] d = memory.dwords(address, surface.dwords());
            out.group(surface, address, d, 0, d.length, 0);
        }
    }

    /**
     * Whether the buffer object found at {@code address} holds more than {@code size} bytes from
     * there. The lookup cuts the address to 48 bits; the comparison uses it whole, so an address
     * with bits above 47 never passes.
     */
    private boolean holds(long address, int size) {
        long run = memory.mappedBytes(address, size + 1L);
        if (run == 0) {
            return false;
        }
        long boStart = address & IndirectMemory.ADDRESS_MASK;
        return Long.compareUnsigned(address, boStart) >= 0
                && Long.compareUnsigned(address + size, boStart + run) < 0;
    }

    /** Gen4-6 3DSTATE_BINDING_TABLE_POINTERS: one table per stage, each under its own heading. */
    void legacyBindingTables(Command c) {
        String[] stages = spec.major() < 6 ? new String[] {"VS", "GS", "CLIP", "SF", "PS"}
                : new String[] {"VS", "GS", "PS"};
        for (int i = 0; i < stages.length; i++) {
            out.line(stages[i] + " Binding Table:");
            bindingTable(IndirectState.dword(c, i + 1), -1);
        }
    }

    /** {@code count} SAMPLER_STATEs at the dynamic state base plus {@code offset}. */
    void samplers(long offset, int count) {
        StructDef sampler = spec.struct("SAMPLER_STATE");
        long address = bases.dynamicBase() + (offset & 0xffffffffL);
        if (!memory.mapped(address)) {
            out.line("  samplers unavailable");
            return;
        }
        if (offset % 32 != 0) {
            out.line("  invalid sampler state pointer");
            return;
        }
        if (sampler == null) {
            return;
        }
        long size = 4L * sampler.dwords();
        if (count * size >= memory.mappedBytes(address, count * size + 1)) {
            out.line("  sampler state ends after bo ends");
            return;
        }
        for (int i = 0; i < count; i++) {
            out.line("sampler state " + i);
            int[] d = memory.dwords(address, sampler.dwords());
            out.group(sampler, address, d, 0, d.length, 0);
            address += size;
        }
    }

    /**
     * MEDIA_INTERFACE_DESCRIPTOR_LOAD: the descriptors at the dynamic state base, each followed by
     * its kernel, samplers and binding table. Aubinator reads the total length's decimal text as
     * hexadecimal, and steps through the descriptors' data by their length in dwords taken as
     * bytes (the printed addresses step correctly); both are kept so the output matches.
     */
    void interfaceDescriptorLoad(Command c) {
        StructDef desc = spec.struct("INTERFACE_DESCRIPTOR_DATA");
        if (desc == null) {
            return;
        }
        List<Entry> fields = IndirectFields.of(out, c.def(), c.dwords(), 0, c.dwords().length);
        long offset = IndirectFields.number(fields, "Interface Descriptor Data Start Address", 16) & 0xffffffffL;
        long total = IndirectFields.number(fields, "Interface Descriptor Total Length", 16);
        int count = (int) (total / (4L * desc.dwords()));
        long address = bases.dynamicBase() + offset;
        if (!memory.mapped(address)) {
            out.line("  interface descriptors unavailable");
            return;
        }
        long data = address;
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder(32).append("descriptor ").append(i).append(": ");
            CFormat.hex8(sb, offset);
            out.line(sb);
            int[] d = memory.dwords(data, desc.dwords());
            out.group(desc, address, d, 0, d.length, 0);
            interfaceDescriptor(desc, d, 0);
            data += desc.dwords();
            address += 4L * desc.dwords();
        }
    }

    /**
     * COMPUTE_WALKER (Gen12.5+): the interface descriptor embedded in the command. Newer genxml
     * (the gen125 spec's) wraps the walker's fields in a {@code body} struct; it is searched too.
     */
    void computeWalker(Command c) {
        int[] p = c.dwords();
        embeddedDescriptors(IndirectFields.of(out, c.def(), p, 0, p.length), p, 0);
    }

    /** Each "Interface Descriptor" among {@code fields} (walked from {@code p[off]}) or in their "body". */
    private void embeddedDescriptors(List<Entry> fields, int[] p, int off) {
        for (Entry e : fields) {
            StructDef inner = e.structName() == null ? null : spec.struct(e.structName());
            int at = off + e.dword();
            if (inner == null) {
                continue;
            }
            if (e.is("body")) {
                int end = Math.min(p.length, at + inner.dwords());
                embeddedDescriptors(IndirectFields.of(out, inner, p, at, end), p, at);
            } else if (e.is("Interface Descriptor")) {
                int[] d = new int[inner.dwords()];
                System.arraycopy(p, at, d, 0, Math.max(0, Math.min(d.length, p.length - at)));
                interfaceDescriptor(inner, d, 0);
            }
        }
    }

    /** An interface descriptor's kernel, then its samplers and binding table when it has any. */
    private void interfaceDescriptor(StructDef desc, int[] p, int off) {
        List<Entry> fields = IndirectFields.of(out, desc, p, off, Math.min(p.length, off + desc.dwords()));
        long ksp = IndirectFields.number(fields, "Kernel Start Pointer", 16);
        long samplerOffset = IndirectFields.number(fields, "Sampler State Pointer", 16);
        int samplerCount = (int) IndirectFields.number(fields, "Sampler Count", 10);
        long tableOffset = IndirectFields.number(fields, "Binding Table Pointer", 16);
        int tableEntries = (int) IndirectFields.number(fields, "Binding Table Entry Count", 10);
        kernels.reference(ksp, "compute shader");
        out.line("");
        if (samplerCount != 0) {
            samplers(samplerOffset & 0xffffffffL, samplerCount);
        }
        if (tableEntries != 0) {
            bindingTable(tableOffset & 0xffffffffL, tableEntries);
        }
    }
}
