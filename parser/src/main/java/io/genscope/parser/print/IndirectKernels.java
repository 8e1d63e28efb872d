package io.genscope.parser.print;

import io.genscope.parser.decode.Command;
import io.genscope.parser.print.IndirectFields.Entry;
import io.genscope.spec.Spec;
import java.util.List;

/**
 * The kernels shader-state commands point to, relative to the instruction base. Aubinator prints
 * a "Referenced ... shader:" heading and the EU disassembly for each mapped kernel; genscope prints
 * the heading and the blank lines around it, and below the heading what the printer's
 * {@link KernelListing} writes (nothing by default).
 */
final class IndirectKernels {
    private static final String KSP_PREFIX = "Kernel Start Pointer ";
    private static final FieldSelection SINGLE = FieldSelection.named("Kernel Start Pointer", "SIMD8 Dispatch Enable",
            "Dispatch Mode", "Dispatch Enable", "Enable");
    private static final FieldSelection PIXEL = FieldSelection.where(
            f -> f.name().startsWith(KSP_PREFIX) || f.name().endsWith(" Pixel Dispatch Enable"));
    private static final FieldSelection MESH = FieldSelection.named("Kernel Start Pointer", "Local X Maximum",
            "Number of Threads in GPGPU Thread Group");

    private final TextOut out;
    private final Spec spec;
    private final IndirectMemory memory;
    private final io.genscope.parser.state.StateBases bases;
    private KernelListing listing = KernelListing.NONE;

    IndirectKernels(TextOut out, IndirectMemory memory, io.genscope.parser.state.StateBases bases) {
        this.out = out;
        this.spec = out.spec();
        this.memory = memory;
        this.bases = bases;
    }

    void listing(KernelListing l) {
        this.listing = l;
    }

    /**
     * The kernel at the instruction base plus {@code ksp} (cut to 32 bits, as aubinator passes
     * it): a blank line, the heading and the {@link KernelListing} when it is mapped, nothing otherwise.
     */
    void reference(long ksp, String type) {
        long address = bases.instructionBase() + (ksp & 0xffffffffL);
        if (!memory.mapped(address)) {
            return;
        }
        out.line("");
        out.line("Referenced " + type + ":");
        listing.kernel(out, memory.memory(), address & IndirectMemory.ADDRESS_MASK, type);
    }

    /** 3DSTATE_VS/HS/DS/GS: one kernel, when the stage is enabled, then a blank line. */
    void singleKernel(Command c) {
        List<Entry> fields = IndirectFields.of(out, c.def(), c.dwords(), 0, c.dwords().length, SINGLE);
        long ksp = 0;
        boolean simd8 = spec.major() >= 11;
        boolean enabled = true;
        for (Entry e : fields) {
            switch (e.name()) {
                case "Kernel Start Pointer" -> ksp = e.raw();
                case "SIMD8 Dispatch Enable" -> simd8 = e.raw() != 0;
                // the printed value carries the enum name ("2 (SIMD8)"), so this never matches in practice
                case "Dispatch Mode", "Dispatch Enable" -> simd8 = e.text().equals("SIMD8");
                case "Enable" -> enabled = e.raw() != 0;
                default -> {
                }
            }
        }
        String type = switch (c.def().name()) {
            case "3DSTATE_DS" -> "tessellation evaluation shader";
            case "3DSTATE_HS" -> "tessellation control shader";
            case "3DSTATE_VS" -> simd8 ? "SIMD8 vertex shader" : "vec4 vertex shader";
            case "3DSTATE_GS" -> simd8 ? "SIMD8 geometry shader" : "vec4 geometry shader";
            default -> "(null)";
        };
        if (enabled) {
            reference(ksp, type);
            out.line("");
        }
    }

    /**
     * 3DSTATE_PS (and 3DSTATE_WM, which has no kernels from Gen8 on): up to three kernels for the
     * SIMD8/16/32 dispatch widths. The hardware order of the pointers depends on which widths are
     * enabled; they are put back in 8, 16, 32 order first.
     */
    void pixelKernels(Command c) {
        List<Entry> fields = IndirectFields.of(out, c.def(), c.dwords(), 0, c.dwords().length, PIXEL);
        long[] ksp = new long[3];
        boolean[] enabled = new boolean[3];
        for (Entry e : fields) {
            String n = e.name();
            if (n.startsWith(KSP_PREFIX) && n.length() > KSP_PREFIX.length()) {
                int idx = n.charAt(KSP_PREFIX.length()) - '0';
                if (idx >= 0 && idx < 3) {
                    ksp[idx] = e.number(16);
                }
            } else if (n.equals("8 Pixel Dispatch Enable")) {
                enabled[0] = e.printsTrue();
            } else if (n.equals("16 Pixel Dispatch Enable")) {
                enabled[1] = e.printsTrue();
            } else if (n.equals("32 Pixel Dispatch Enable")) {
                enabled[2] = e.printsTrue();
            }
        }
        if (spec.major() == 4) {
            ksp[1] = ksp[0];
            ksp[2] = ksp[0];
        }
        int count = (enabled[0] ? 1 : 0) + (enabled[1] ? 1 : 0) + (enabled[2] ? 1 : 0);
        if (count == 1) {
            if (enabled[1]) {
                ksp[1] = ksp[0];
                ksp[0] = 0;
            } else if (enabled[2]) {
                ksp[2] = ksp[0];
                ksp[0] = 0;
            }
        } else {
            long t = ksp[1];
            ksp[1] = ksp[2];
            ksp[2] = t;
        }
        String[] types = {"SIMD8 fragment shader", "SIMD16 fragment shader", "SIMD32 fragment shader"};
        for (int i = 0; i < 3; i++) {
            if (enabled[i]) {
                reference(ksp[i], types[i]);
            }
        }
        if (count > 0) {
            out.line("");
        }
    }

    /** 3DSTATE_MESH_SHADER / 3DSTATE_TASK_SHADER: the kernel, when threads are dispatched. */
    void meshKernel(Command c) {
        List<Entry> fields = IndirectFields.of(out, c.def(), c.dwords(), 0, c.dwords().length, MESH);
        long ksp = IndirectFields.raw(fields, "Kernel Start Pointer", 0);
        long localX = IndirectFields.raw(fields, "Local X Maximum", 0);
        long threads = IndirectFields.raw(fields, "Number of Threads in GPGPU Thread Group", 0);
        if (threads != 0 && localX != 0) {
            reference(ksp, c.def().name().equals("3DSTATE_MESH_SHADER") ? "mesh shader" : "task shader");
            out.line("");
        }
    }
}
