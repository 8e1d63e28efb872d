package io.genscope.migration.workload.capture;

import io.genscope.parser.decode.AddressRef;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.decode.FieldValues;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.state.StateBases;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.FieldDef;
import io.genscope.spec.RequiredNames;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import java.util.ArrayList;
import java.util.List;

/**
 * The command model of GPU writes: fed the commands of a submission in execution order, it lists
 * the memory those commands make the GPU write.
 *
 * <pre>
 * immediate (when the command executes)
 *   PIPE_CONTROL       post-sync Address, 8 bytes (only when a post-sync operation is set)
 *   MI_STORE_DATA_IMM  Address, 4 or 8 bytes
 *   MI_FLUSH_DW        post-sync Address, 8 bytes
 * bound state, written by each 3DPRIMITIVE
 *   colour target      entry 0 of the pixel shader's binding table (3DSTATE_BINDING_TABLE_POINTERS_PS,
 *                      relative to the binding table pool or the surface state base) -&gt;
 *                      RENDER_SURFACE_STATE: base, (pitch+1) x align(height+1, 32) x (depth+1)
 *   depth              3DSTATE_DEPTH_BUFFER when Depth Write Enable: same extent rule
 *   stencil            3DSTATE_STENCIL_BUFFER when Stencil Write Enable
 *   hierarchical depth 3DSTATE_HIER_DEPTH_BUFFER with the depth buffer: (pitch+1) x align((h+1)/4, 32)
 *   stream output      3DSTATE_SO_BUFFER (gen8) or 3DSTATE_SO_BUFFER_INDEX_n (gen12) when SO Buffer
 *                      Enable: base, (Surface Size+1) dwords
 * </pre>
 * The state bases are the parser's {@link StateBases}, the tracker the printer follows too. State
 * (bases, bound buffers) carries over from one submission to the next as on the GPU's context. Surface state and binding tables are read through the context's PPGTT, addresses cut
 * to 48 bits. Extents are capped at 64 MiB each, so a damaged field cannot claim the whole GPU.
 */
public final class GpuWriteModel {
    private static final String ADDRESS = "Address";
    private static final String BASE = "Surface Base Address";
    private static final String PITCH = "Surface Pitch";
    private static final String HEIGHT = "Height";
    private static final String DEPTH = "Depth";
    private static final String TYPE = "Surface Type";
    private static final String SO_ENABLE = "SO Buffer Enable";
    private static final String SO_SIZE = "Surface Size";
    private static final String SO_BODY = "3DSTATE_SO_BUFFER_INDEX_BODY";
    private static final String SURFACE_STATE = "RENDER_SURFACE_STATE";

    /**
     * The spec names this model looks up (checked when a spec loads; see {@code MigrationNames}).
     * The optional ones are missing on some generations and read as their fallbacks there: a
     * store without "Store Qword" (gen7) is 8 bytes when longer than 4 dwords; a stencil buffer
     * without height, depth and type (gen7 to gen11) counts 32 rows of one layer, and a missing
     * write enable (gen7 to gen11) or buffer enable (gen7, gen12 on) counts as set; gen7's SO
     * buffer, without enable and size, writes nothing.
     */
    public static final RequiredNames REQUIRED = RequiredNames.of("GPU write model (" + GpuWriteModel.class.getName() + ")")
            .command("PIPE_CONTROL", ADDRESS)
            .command("MI_FLUSH_DW", ADDRESS)
            .command("MI_STORE_DATA_IMM", ADDRESS)
            .optional(RequiredNames.Kind.COMMAND, "MI_STORE_DATA_IMM", "Store Qword")
            .command("3DSTATE_DEPTH_BUFFER", BASE, PITCH, HEIGHT, DEPTH, TYPE, "Depth Write Enable")
            .command("3DSTATE_STENCIL_BUFFER", BASE, PITCH)
            .optional(RequiredNames.Kind.COMMAND, "3DSTATE_STENCIL_BUFFER", HEIGHT, DEPTH, TYPE, "Stencil Write Enable", "Stencil Buffer Enable")
            .command("3DSTATE_HIER_DEPTH_BUFFER", BASE, PITCH)
            .command("3DSTATE_SO_BUFFER", "SO Buffer Index", BASE)
            .optional(RequiredNames.Kind.COMMAND, "3DSTATE_SO_BUFFER", SO_ENABLE, SO_SIZE)
            .struct(SO_BODY, SO_ENABLE, BASE, SO_SIZE)
            .struct(SURFACE_STATE, BASE, PITCH, HEIGHT, DEPTH, TYPE)
            .command("3DSTATE_BINDING_TABLE_POINTERS_PS")
            .command("3DPRIMITIVE");

    /** Largest extent one bound target may claim. */
    public static final long MAX_TARGET_BYTES = 64L << 20;
    private static final long ADDRESS_MASK = 0x0000_ffff_ffff_ffffL;
    private static final int SURFTYPE_NULL = 7;

    private final Spec spec;
    private final StructDef surfaceState;
    private final List<GpuTarget> out = new ArrayList<>();
    private GpuMemory memory;

    private final StateBases bases = new StateBases();
    private long psBindingTable = -1;
    private long[] depth;
    private boolean depthWrite;
    private long depthRows;
    private long[] stencil;
    private boolean stencilWrite;
    private long hizPitch = -1;
    private long hizBase;
    private final List<long[]> streamOut = new ArrayList<>();

    public GpuWriteModel(Spec spec) {
        this.spec = spec;
        this.surfaceState = spec.struct(SURFACE_STATE);
    }

    /** The memory the next commands read their indirect state through (the submitting context's). */
    public void memory(GpuMemory m) {
        this.memory = m;
    }

    /** Takes the targets found since the last call. */
    public List<GpuTarget> drain() {
        List<GpuTarget> r = new ArrayList<>(out);
        out.clear();
        return r;
    }

    /** One command, in execution order. */
    public void command(Command c, Decoder decoder) {
        if (c.def() == null) {
            return;
        }
        if (bases.track(spec, c)) {
            return;
        }
        String name = c.def().name();
        switch (name) {
            case "PIPE_CONTROL" -> postSync(c, decoder, GpuTarget.Kind.PIPE_CONTROL, 8);
            case "MI_FLUSH_DW" -> postSync(c, decoder, GpuTarget.Kind.FLUSH_DW, 8);
            case "MI_STORE_DATA_IMM" -> postSync(c, decoder, GpuTarget.Kind.STORE_DATA,
                    Decoder.field(c, "Store Qword", 0) != 0 || c.length() > 4 ? 8 : 4);
            case "3DSTATE_BINDING_TABLE_POINTERS_PS" -> psBindingTable = dword(c, 1);
            case "3DSTATE_DEPTH_BUFFER" -> {
                depth = extent(c);
                depthWrite = Decoder.field(c, "Depth Write Enable", 1) != 0;
                depthRows = Decoder.field(c, HEIGHT, 0) + 1;
            }
            case "3DSTATE_STENCIL_BUFFER" -> {
                stencil = extent(c);
                stencilWrite = Decoder.field(c, "Stencil Write Enable", 1) != 0
                        && Decoder.field(c, "Stencil Buffer Enable", 1) != 0;
            }
            case "3DSTATE_HIER_DEPTH_BUFFER" -> {
                hizBase = Decoder.field(c, BASE, 0) & ADDRESS_MASK;
                hizPitch = hizBase == 0 ? -1 : Decoder.field(c, PITCH, 0) + 1;
            }
            case "3DSTATE_SO_BUFFER" -> soBuffer(Decoder.field(c, "SO Buffer Index", 0), Decoder.field(c, SO_ENABLE, 0),
                    Decoder.field(c, BASE, 0), Decoder.field(c, SO_SIZE, 0));
            case "3DSTATE_SO_BUFFER_INDEX_0", "3DSTATE_SO_BUFFER_INDEX_1", "3DSTATE_SO_BUFFER_INDEX_2",
                    "3DSTATE_SO_BUFFER_INDEX_3" -> soBufferIndexed(c, name.charAt(name.length() - 1) - '0');
            case "3DPRIMITIVE" -> draw(c);
            default -> {
            }
        }
    }

    private void postSync(Command c, Decoder decoder, GpuTarget.Kind kind, int bytes) {
        for (AddressRef r : decoder.addresses(c)) {
            if (r.field().equals(ADDRESS) && r.address() != 0) {
                out.add(new GpuTarget(kind, c.def().name(), c.address(), r.space(), r.address() & ADDRESS_MASK, bytes));
            }
        }
    }

    /** {base, bytes} of a surface described by pitch/height/depth fields, or null for a null surface. */
    private static long[] extent(Command c) {
        long base = Decoder.field(c, BASE, 0) & ADDRESS_MASK;
        if (base == 0 || Decoder.field(c, TYPE, 0) == SURFTYPE_NULL) {
            return null;
        }
        long bytes = (Decoder.field(c, PITCH, 0) + 1) * align32(Decoder.field(c, HEIGHT, 0) + 1)
                * (Decoder.field(c, DEPTH, 0) + 1);
        return new long[] {base, Math.min(MAX_TARGET_BYTES, bytes)};
    }

    private static long align32(long rows) {
        return (rows + 31) & ~31L;
    }

    private void soBuffer(long index, long enable, long base, long size) {
        if (index < 0 || index > 3) {
            return;
        }
        while (streamOut.size() <= index) {
            streamOut.add(null);
        }
        long b = base & ADDRESS_MASK;
        long bytes = Math.min(MAX_TARGET_BYTES, 4 * (size + 1));
        streamOut.set((int) index, enable != 0 && b != 0 ? new long[] {b, bytes} : null);
    }

    /** Gen12 names each SO buffer's command and puts the fields in a body struct from dword 1. */
    private void soBufferIndexed(Command c, int index) {
        StructDef body = spec.struct(SO_BODY);
        if (body == null || c.dwords().length < 1 + body.dwords()) {
            return;
        }
        int[] p = java.util.Arrays.copyOfRange(c.dwords(), 1, 1 + body.dwords());
        soBuffer(index, structField(body, SO_ENABLE, p), structField(body, BASE, p),
                structField(body, SO_SIZE, p));
    }

    private static long structField(StructDef s, String name, int[] p) {
        FieldDef f = s.field(name);
        return f == null ? 0 : FieldValues.raw(f, p, 0, p.length);
    }

    private void draw(Command c) {
        long[] rt = renderTarget();
        if (rt != null) {
            out.add(new GpuTarget(GpuTarget.Kind.RENDER_TARGET, "3DPRIMITIVE", c.address(), AddressSpace.PPGTT, rt[0], rt[1]));
        }
        if (depth != null && depthWrite) {
            out.add(new GpuTarget(GpuTarget.Kind.DEPTH, "3DPRIMITIVE", c.address(), AddressSpace.PPGTT, depth[0], depth[1]));
            if (hizPitch > 0) {
                long rows = align32((depthRows + 3) / 4);
                out.add(new GpuTarget(GpuTarget.Kind.HIZ, "3DPRIMITIVE", c.address(), AddressSpace.PPGTT, hizBase,
                        Math.min(MAX_TARGET_BYTES, hizPitch * rows)));
            }
        }
        if (stencil != null && stencilWrite) {
            out.add(new GpuTarget(GpuTarget.Kind.STENCIL, "3DPRIMITIVE", c.address(), AddressSpace.PPGTT, stencil[0],
                    stencil[1]));
        }
        for (long[] so : streamOut) {
            if (so != null) {
                out.add(new GpuTarget(GpuTarget.Kind.STREAM_OUT, "3DPRIMITIVE", c.address(), AddressSpace.PPGTT, so[0], so[1]));
            }
        }
    }

    /** {base, bytes} of binding table entry 0 of the pixel shader, or null when there is none. */
    private long[] renderTarget() {
        if (psBindingTable < 0 || surfaceState == null || memory == null) {
            return null;
        }
        long off = bases.bindingTableOffset(psBindingTable);
        long pool = bases.bindingTableBase();
        int[] entry = new int[1];
        if (memory.read(AddressSpace.PPGTT, (pool + (off & ~31L)) & ADDRESS_MASK, entry, 0, 1) != 1 || entry[0] == 0) {
            return null;
        }
        long state = (bases.surfaceBase() + (entry[0] & 0xffffffffL)) & ADDRESS_MASK;
        int[] s = new int[surfaceState.dwords()];
        if (memory.read(AddressSpace.PPGTT, state, s, 0, s.length) != s.length) {
            return null;
        }
        long type = raw(TYPE, s);
        long base = raw(BASE, s) & ADDRESS_MASK;
        if (type == SURFTYPE_NULL || base == 0) {
            return null;
        }
        long bytes = (raw(PITCH, s) + 1) * align32(raw(HEIGHT, s) + 1) * (raw(DEPTH, s) + 1);
        return new long[] {base, Math.min(MAX_TARGET_BYTES, bytes)};
    }

    private long raw(String field, int[] s) {
        FieldDef f = surfaceState.field(field);
        return f == null ? 0 : FieldValues.raw(f, s, 0, s.length);
    }

    private static long dword(Command c, int i) {
        int[] p = c.dwords();
        return i < p.length ? p[i] & 0xffffffffL : 0;
    }
}
