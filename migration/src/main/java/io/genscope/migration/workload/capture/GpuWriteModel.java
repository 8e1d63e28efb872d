package io.genscope.migration.workload.capture;

import io.genscope.parser.decode.AddressRef;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.decode.FieldValues;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.FieldDef;
import io.genscope.spec.RegisterDef;
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
 * State (bases, bound buffers) carries over from one submission to the next as on the GPU's
 * context. Surface state and binding tables are read through the context's PPGTT, addresses cut
 * to 48 bits. Extents are capped at 64 MiB each, so a damaged field cannot claim the whole GPU.
 */
public final class GpuWriteModel {
    /** Largest extent one bound target may claim. */
    public static final long MAX_TARGET_BYTES = 64L << 20;
    private static final long ADDRESS_MASK = 0x0000_ffff_ffff_ffffL;
    private static final int SURFTYPE_NULL = 7;

    private final Spec spec;
    private final StructDef surfaceState;
    private final List<GpuTarget> out = new ArrayList<>();
    private GpuMemory memory;

    private long surfaceBase;
    private long bindingTablePool;
    private boolean bindingTables256B;
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
        this.surfaceState = spec.struct("RENDER_SURFACE_STATE");
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
        String name = c.def().name();
        switch (name) {
            case "PIPE_CONTROL" -> postSync(c, decoder, GpuTarget.Kind.PIPE_CONTROL, 8);
            case "MI_FLUSH_DW" -> postSync(c, decoder, GpuTarget.Kind.FLUSH_DW, 8);
            case "MI_STORE_DATA_IMM" -> postSync(c, decoder, GpuTarget.Kind.STORE_DATA,
                    Decoder.field(c, "Store Qword", 0) != 0 || c.length() > 4 ? 8 : 4);
            case "STATE_BASE_ADDRESS" -> {
                if (Decoder.field(c, "Surface State Base Address Modify Enable", 0) != 0) {
                    surfaceBase = Decoder.field(c, "Surface State Base Address", 0) & ADDRESS_MASK & ~0xfffL;
                }
            }
            case "3DSTATE_BINDING_TABLE_POOL_ALLOC" -> {
                boolean enabled = Decoder.field(c, "Binding Table Pool Enable", 1) != 0;
                bindingTablePool = enabled ? Decoder.field(c, "Binding Table Pool Base Address", 0) & ADDRESS_MASK & ~0xfffL
                        : 0;
            }
            case "MI_LOAD_REGISTER_IMM" -> loadRegister(c);
            case "3DSTATE_BINDING_TABLE_POINTERS_PS" -> psBindingTable = dword(c, 1);
            case "3DSTATE_DEPTH_BUFFER" -> {
                depth = extent(c, "Surface Pitch", "Height", "Depth", "Surface Type");
                depthWrite = Decoder.field(c, "Depth Write Enable", 1) != 0;
                depthRows = Decoder.field(c, "Height", 0) + 1;
            }
            case "3DSTATE_STENCIL_BUFFER" -> {
                stencil = extent(c, "Surface Pitch", "Height", "Depth", "Surface Type");
                stencilWrite = Decoder.field(c, "Stencil Write Enable", 1) != 0
                        && Decoder.field(c, "Stencil Buffer Enable", 1) != 0;
            }
            case "3DSTATE_HIER_DEPTH_BUFFER" -> {
                hizBase = Decoder.field(c, "Surface Base Address", 0) & ADDRESS_MASK;
                hizPitch = hizBase == 0 ? -1 : Decoder.field(c, "Surface Pitch", 0) + 1;
            }
            case "3DSTATE_SO_BUFFER" -> soBuffer(Decoder.field(c, "SO Buffer Index", 0), Decoder.field(c, "SO Buffer Enable", 0),
                    Decoder.field(c, "Surface Base Address", 0), Decoder.field(c, "Surface Size", 0));
            case "3DSTATE_SO_BUFFER_INDEX_0", "3DSTATE_SO_BUFFER_INDEX_1", "3DSTATE_SO_BUFFER_INDEX_2",
                    "3DSTATE_SO_BUFFER_INDEX_3" -> soBufferIndexed(c, name.charAt(name.length() - 1) - '0');
            case "3DPRIMITIVE" -> draw(c);
            default -> {
            }
        }
    }

    private void postSync(Command c, Decoder decoder, GpuTarget.Kind kind, int bytes) {
        for (AddressRef r : decoder.addresses(c)) {
            if (r.field().equals("Address") && r.address() != 0) {
                out.add(new GpuTarget(kind, c.def().name(), c.address(), r.space(), r.address() & ADDRESS_MASK, bytes));
            }
        }
    }

    private void loadRegister(Command c) {
        int[] p = c.dwords();
        for (int i = 1; i + 1 < p.length; i += 2) {
            RegisterDef reg = spec.registerAt(p[i]);
            if (reg != null && reg.name().equals("GT_MODE")) {
                FieldDef mask = reg.field("Binding Table Alignment Mask");
                FieldDef align = reg.field("Binding Table Alignment");
                int[] v = {p[i + 1]};
                if (mask != null && align != null && FieldValues.raw(mask, v, 0, 1) != 0) {
                    bindingTables256B = FieldValues.raw(align, v, 0, 1) != 0;
                }
            }
        }
    }

    /** {base, bytes} of a surface described by pitch/height/depth fields, or null for a null surface. */
    private static long[] extent(Command c, String pitch, String height, String depth, String type) {
        long base = Decoder.field(c, "Surface Base Address", 0) & ADDRESS_MASK;
        if (base == 0 || Decoder.field(c, type, 0) == SURFTYPE_NULL) {
            return null;
        }
        long bytes = (Decoder.field(c, pitch, 0) + 1) * align32(Decoder.field(c, height, 0) + 1)
                * (Decoder.field(c, depth, 0) + 1);
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
        StructDef body = spec.struct("3DSTATE_SO_BUFFER_INDEX_BODY");
        if (body == null || c.dwords().length < 1 + body.dwords()) {
            return;
        }
        int[] p = java.util.Arrays.copyOfRange(c.dwords(), 1, 1 + body.dwords());
        soBuffer(index, structField(body, "SO Buffer Enable", p), structField(body, "Surface Base Address", p),
                structField(body, "Surface Size", p));
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
        long off = psBindingTable;
        if (bindingTables256B) {
            off = (off << 3) & 0xffffffffL;
        }
        long pool = bindingTablePool != 0 ? bindingTablePool : surfaceBase;
        int[] entry = new int[1];
        if (memory.read(AddressSpace.PPGTT, (pool + (off & ~31L)) & ADDRESS_MASK, entry, 0, 1) != 1 || entry[0] == 0) {
            return null;
        }
        long state = (surfaceBase + (entry[0] & 0xffffffffL)) & ADDRESS_MASK;
        int[] s = new int[surfaceState.dwords()];
        if (memory.read(AddressSpace.PPGTT, state, s, 0, s.length) != s.length) {
            return null;
        }
        long type = raw("Surface Type", s);
        long base = raw("Surface Base Address", s) & ADDRESS_MASK;
        if (type == SURFTYPE_NULL || base == 0) {
            return null;
        }
        long bytes = (raw("Surface Pitch", s) + 1) * align32(raw("Height", s) + 1) * (raw("Depth", s) + 1);
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
