package io.genscope.parser.print;

import io.genscope.parser.decode.CFormat;
import io.genscope.parser.decode.Command;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.print.IndirectFields.Entry;
import io.genscope.parser.state.StateBases;
import io.genscope.spec.RegisterDef;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import java.util.List;

/**
 * What aubinator prints after a command's own fields: registers written by MI_LOAD_REGISTER_IMM
 * and the state that commands point to (binding tables, samplers, viewports, blend state,
 * constants, vertex data, kernels), read from GPU memory relative to the tracked state base
 * addresses.
 *
 * <p>The bases are tracked by {@link StateBases}; this class handles the commands that point into
 * dynamic state; surface state and interface descriptors are in {@link IndirectSurfaces}, buffer
 * dumps in {@link IndirectBuffers}, kernel references in {@link IndirectKernels}.
 */
final class IndirectState {
    private final TextOut out;
    private final Spec spec;
    private final IndirectMemory memory;
    private final GpuMemory commands;
    private final StateBases bases;
    private final IndirectKernels kernels;
    private final IndirectSurfaces surfaces;
    private final IndirectBuffers buffers;

    /** With bases of its own, starting from zero (for one submission on its own). */
    IndirectState(TextOut out, GpuMemory memory) {
        this(out, memory, new StateBases());
    }

    /**
     * @param bases the bases to read and update; share one instance across the submissions of a
     *     capture, as aubinator's decode context does
     */
    IndirectState(TextOut out, GpuMemory memory, StateBases bases) {
        this.out = out;
        this.spec = out.spec();
        this.memory = IndirectMemory.forGeneration(memory, verx10(spec));
        this.commands = memory;
        this.bases = bases;
        this.kernels = new IndirectKernels(out, this.memory, bases);
        this.surfaces = new IndirectSurfaces(out, this.memory, bases, kernels);
        this.buffers = new IndirectBuffers(out, this.memory);
    }

    /** What is printed below each "Referenced ... shader:" heading. */
    void kernels(KernelListing listing) {
        kernels.listing(listing);
    }

    /** Prints what follows the fields of {@code c} (nothing for most commands). */
    void after(Command c) {
        if (c.def() == null) {
            return;
        }
        bases.track(spec, c);
        switch (c.def().name()) {
            case "MI_LOAD_REGISTER_IMM" -> loadRegisterImm(c);
            case "MEDIA_INTERFACE_DESCRIPTOR_LOAD" -> surfaces.interfaceDescriptorLoad(c);
            case "COMPUTE_WALKER" -> surfaces.computeWalker(c);
            case "3DSTATE_BINDING_TABLE_POINTERS_VS", "3DSTATE_BINDING_TABLE_POINTERS_HS",
                    "3DSTATE_BINDING_TABLE_POINTERS_DS", "3DSTATE_BINDING_TABLE_POINTERS_GS",
                    "3DSTATE_BINDING_TABLE_POINTERS_PS" -> surfaces.bindingTable(dword(c, 1), -1);
            case "3DSTATE_BINDING_TABLE_POINTERS" -> surfaces.legacyBindingTables(c);
            case "3DSTATE_SAMPLER_STATE_POINTERS_VS", "3DSTATE_SAMPLER_STATE_POINTERS_HS",
                    "3DSTATE_SAMPLER_STATE_POINTERS_DS", "3DSTATE_SAMPLER_STATE_POINTERS_GS",
                    "3DSTATE_SAMPLER_STATE_POINTERS_PS" -> surfaces.samplers(dword(c, 1), 1);
            case "3DSTATE_SAMPLER_STATE_POINTERS" -> {
                for (int i = 1; i <= 3; i++) {
                    surfaces.samplers(dword(c, i), 1);
                }
            }
            case "3DSTATE_VERTEX_BUFFERS" -> buffers.vertexBuffers(c);
            case "3DSTATE_INDEX_BUFFER" -> buffers.indexBuffer(c);
            case "3DSTATE_CONSTANT_VS", "3DSTATE_CONSTANT_GS", "3DSTATE_CONSTANT_PS", "3DSTATE_CONSTANT_HS",
                    "3DSTATE_CONSTANT_DS" -> buffers.constants(c);
            case "3DSTATE_CONSTANT_ALL" -> buffers.constantsAll(c);
            case "3DSTATE_VS", "3DSTATE_GS", "3DSTATE_DS", "3DSTATE_HS" -> kernels.singleKernel(c);
            case "3DSTATE_PS", "3DSTATE_WM" -> kernels.pixelKernels(c);
            case "3DSTATE_MESH_SHADER", "3DSTATE_TASK_SHADER" -> kernels.meshKernel(c);
            case "3DSTATE_VIEWPORT_STATE_POINTERS" -> viewportPointers(c);
            case "3DSTATE_VIEWPORT_STATE_POINTERS_CC" -> dynamicStatePointer(c, "CC_VIEWPORT", 4);
            case "3DSTATE_VIEWPORT_STATE_POINTERS_SF_CLIP" -> dynamicStatePointer(c, "SF_CLIP_VIEWPORT", 4);
            case "3DSTATE_BLEND_STATE_POINTERS" -> dynamicStatePointer(c, "BLEND_STATE", 1);
            case "3DSTATE_CC_STATE_POINTERS" -> colorCalcPointers(c);
            case "3DSTATE_DEPTH_STENCIL_STATE_POINTERS" -> dynamicStatePointer(c, "DEPTH_STENCIL_STATE", 1);
            case "3DSTATE_SCISSOR_STATE_POINTERS" -> dynamicStatePointer(c, "SCISSOR_RECT", 1);
            case "3DSTATE_SLICE_TABLE_STATE_POINTERS" -> dynamicStatePointer(c, "SLICE_HASH_TABLE", 1);
            case "3DSTATE_CPS_POINTERS" -> dynamicStatePointer(c, "CPS_STATE", 1);
            default -> {
            }
        }
    }

    /**
     * Updates the bases as {@link #after} would for {@code c}, printing nothing: for printing a
     * later part of a walk on its own from the right starting state.
     */
    void track(Command c) {
        bases.track(spec, c);
    }

    /** The hardware generation times ten ({@code 90}, {@code 120}, {@code 125}). */
    static int verx10(Spec spec) {
        String v = spec.version();
        int dot = v.indexOf('.');
        int major = Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        int minor = dot < 0 || dot + 1 >= v.length() ? 0 : Character.digit(v.charAt(dot + 1), 10);
        return major * 10 + Math.max(0, minor);
    }

    /** Dword {@code i} of a command as an unsigned value (0 when the command was cut short). */
    static long dword(Command c, int i) {
        int[] p = c.dwords();
        return i < p.length ? p[i] & 0xffffffffL : 0;
    }

    private List<Entry> fields(Command c) {
        return IndirectFields.of(out, c.def(), c.dwords(), 0, c.dwords().length);
    }

    /** Fields named {@code ... Pointer} or {@code Pointer ...}. */
    private static final FieldSelection POINTERS = FieldSelection.where(
            f -> f.name().endsWith("Pointer") || f.name().startsWith("Pointer"));

    /**
     * Each (offset, value) pair naming a known register. Aubinator shows the first pair's value for
     * every register (a GT_MODE write's binding table alignment is tracked by {@link StateBases}).
     */
    private void loadRegisterImm(Command c) {
        int[] p = c.dwords();
        int regs = (c.length() - 1) / 2;
        for (int i = 0; i < regs && 2 * i + 1 < p.length; i++) {
            RegisterDef reg = spec.registerAt(p[2 * i + 1]);
            if (reg == null || p.length < 3) {
                continue;
            }
            out.line("register " + reg.name() + " (0x" + CFormat.hex(reg.offset()) + "): 0x"
                    + CFormat.hex(p[2] & 0xffffffffL));
            out.group(reg, reg.offset(), withFollowing(c, 2 + reg.dwords()), 2, 2 + reg.dwords(), 0);
        }
    }

    /**
     * The command's dwords, extended to {@code n} with what follows it in memory: a 64-bit register
     * written by a one-register LRI is printed (as aubinator does) with the dword after the command.
     */
    private int[] withFollowing(Command c, int n) {
        int[] p = c.dwords();
        if (n <= p.length) {
            return p;
        }
        int[] q = java.util.Arrays.copyOf(p, n);
        int[] tail = new int[n - p.length];
        int got = commands.read(c.space(), c.address() + 4L * p.length, tail, 0, tail.length);
        System.arraycopy(tail, 0, q, p.length, Math.max(0, got));
        return q;
    }

    /** The state at the command's first field named "... Pointer" (or "Pointer ..."). */
    private void dynamicStatePointer(Command c, String structName, int count) {
        long offset = 0;
        for (Entry e : IndirectFields.of(out, c.def(), c.dwords(), 0, c.dwords().length, POINTERS)) {
            if (e.name().endsWith("Pointer") || e.name().startsWith("Pointer")) {
                offset = e.raw() & 0xffffffffL;
                break;
            }
        }
        dynamicState(structName, offset, count);
    }

    /** Gen6 names each viewport with its own change bit. */
    private void viewportPointers(Command c) {
        boolean clip = false;
        boolean sf = false;
        boolean cc = false;
        for (Entry e : fields(c)) {
            String n = e.name();
            if (n.equals("CLIP Viewport State Change")) {
                clip = e.raw() != 0;
            }
            if (n.equals("SF Viewport State Change")) {
                sf = e.raw() != 0;
            }
            if (n.equals("CC Viewport State Change")) {
                cc = e.raw() != 0;
            } else if (n.equals("Pointer to CLIP_VIEWPORT") && clip) {
                dynamicState("CLIP_VIEWPORT", e.raw() & 0xffffffffL, 1);
            } else if (n.equals("Pointer to SF_VIEWPORT") && sf) {
                dynamicState("SF_VIEWPORT", e.raw() & 0xffffffffL, 1);
            } else if (n.equals("Pointer to CC_VIEWPORT") && cc) {
                dynamicState("CC_VIEWPORT", e.raw() & 0xffffffffL, 1);
            }
        }
    }

    /** Gen6 points at three states with change bits; later generations at COLOR_CALC_STATE only. */
    private void colorCalcPointers(Command c) {
        if (spec.major() != 6) {
            dynamicStatePointer(c, "COLOR_CALC_STATE", 1);
            return;
        }
        boolean blend = false;
        boolean depthStencil = false;
        boolean colorCalc = false;
        for (Entry e : fields(c)) {
            String n = e.name();
            if (n.equals("BLEND_STATE Change")) {
                blend = e.raw() != 0;
            } else if (n.equals("DEPTH_STENCIL_STATE Change")) {
                depthStencil = e.raw() != 0;
            } else if (n.equals("Color Calc State Pointer Valid")) {
                colorCalc = e.raw() != 0;
            } else if (n.equals("Pointer to DEPTH_STENCIL_STATE") && depthStencil) {
                dynamicState("DEPTH_STENCIL_STATE", e.raw() & 0xffffffffL, 1);
            } else if (n.equals("Pointer to BLEND_STATE") && blend) {
                dynamicState("BLEND_STATE", e.raw() & 0xffffffffL, 1);
            } else if (n.equals("Color Calc State Pointer") && colorCalc) {
                dynamicState("COLOR_CALC_STATE", e.raw() & 0xffffffffL, 1);
            }
        }
    }

    /**
     * {@code count} consecutive structs at the dynamic state base plus {@code offset}, each under a
     * "NAME i" line. BLEND_STATE is a header followed by BLEND_STATE_ENTRY structs.
     */
    private void dynamicState(String structName, long offset, int count) {
        long address = bases.dynamicBase() + offset;
        if (!memory.mapped(address)) {
            out.line("  dynamic " + structName + " state unavailable");
            return;
        }
        StructDef state = spec.struct(structName);
        if (state == null) {
            return;
        }
        String name = structName;
        if (name.equals("BLEND_STATE")) {
            out.line(name);
            printStruct(state, address);
            address += 4L * state.dwords();
            name = "BLEND_STATE_ENTRY";
            state = spec.struct(name);
            if (state == null) {
                return;
            }
        }
        for (int i = 0; i < count; i++) {
            out.line(name + " " + i);
            printStruct(state, address);
            address += 4L * state.dwords();
        }
    }

    private void printStruct(StructDef struct, long address) {
        int[] d = memory.dwords(address, struct.dwords());
        out.group(struct, address, d, 0, d.length, 0);
    }
}
