package io.genscope.migration.xe;

import io.genscope.parser.context.RingContext;
import io.genscope.parser.decode.FieldValues;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.EnumDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.Member;
import io.genscope.spec.RegisterDef;
import io.genscope.spec.RequiredNames;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import java.util.HashMap;
import java.util.Map;

/**
 * Xe2/Xe3's indirect ring state as the spec lays it out (gen20-extra.gspec: enum {@value #LAYOUT},
 * structs {@value #POINTER} and {@value #STRUCT}): where a context's register state points at the
 * page that holds its ring registers, and the ring that page names. Nothing here knows a register
 * offset; a spec without the layout (before Xe2) has no indirect ring state.
 */
public final class XeIndirectRingState {
    /** The enum of offsets from an engine's MMIO base. */
    public static final String LAYOUT = "Indirect Ring State Layout";
    /** Where the register state holds the pointer register's offset and value. */
    public static final String POINTER = "INDIRECT_RING_STATE_POINTER";
    /** The page's register list. */
    public static final String STRUCT = "INDIRECT_RING_STATE";
    /** The page: one GGTT page. */
    public static final int BYTES = 4096;
    private static final String POINTER_REGISTER = "Indirect Ring State Register";
    private static final String POINTER_VALUE = "Indirect Ring State";
    private static final String HEADER = "Register List Header";
    private static final String REGISTER = " Register";
    private static final String[] RING = {"Ring Head", "Ring Tail", "Ring Start", "Ring Control", "Ring Start Upper"};
    /** The names read from a spec that states the layout (checked when the spec loads; older specs have none). */
    public static final RequiredNames REQUIRED = RequiredNames.of("indirect ring state reader ("
            + XeIndirectRingState.class.getName() + ")")
            .struct(POINTER, POINTER_REGISTER, POINTER_VALUE)
            .struct(STRUCT, HEADER, RING[0], RING[0] + REGISTER, RING[1], RING[1] + REGISTER, RING[2], RING[2] + REGISTER,
                    RING[3], RING[3] + REGISTER, RING[4], RING[4] + REGISTER);
    private static final String LRI = "MI_LOAD_REGISTER_IMM";

    private final Spec spec;
    private final long pointerOffset;
    private final FieldDef pointerRegister;
    private final FieldDef pointerValue;
    private final FieldDef header;
    private final long[] ringOffsets = new long[RING.length];
    private final FieldDef[] ringRegisters = new FieldDef[RING.length];
    private final FieldDef[] ringValues = new FieldDef[RING.length];

    private XeIndirectRingState(Spec spec, Map<String, Long> layout, StructDef pointer, StructDef page) {
        this.spec = spec;
        this.pointerOffset = layout.get(POINTER_REGISTER);
        this.pointerRegister = pointer.field(POINTER_REGISTER);
        this.pointerValue = pointer.field(POINTER_VALUE);
        this.header = page.field(HEADER);
        for (int i = 0; i < RING.length; i++) {
            ringOffsets[i] = layout.getOrDefault(RING[i] + REGISTER, -1L);
            ringRegisters[i] = page.field(RING[i] + REGISTER);
            ringValues[i] = page.field(RING[i]);
        }
    }

    /** The layout {@code spec} states, or null when it states none or only part of it. */
    public static XeIndirectRingState of(Spec spec) {
        EnumDef layout = spec.enumeration(LAYOUT);
        StructDef pointer = spec.struct(POINTER);
        StructDef page = spec.struct(STRUCT);
        if (layout == null || pointer == null || page == null) {
            return null;
        }
        Map<String, Long> byName = new HashMap<>();
        layout.values().forEach((offset, name) -> byName.put(name, offset));
        XeIndirectRingState s = byName.containsKey(POINTER_REGISTER) ? new XeIndirectRingState(spec, byName, pointer, page) : null;
        return s != null && s.complete() ? s : null;
    }

    private boolean complete() {
        boolean all = pointerRegister != null && pointerValue != null && header != null;
        for (int i = 0; i < RING.length; i++) {
            all &= ringOffsets[i] >= 0 && ringRegisters[i] != null && ringValues[i] != null;
        }
        return all;
    }

    /** Dwords of the page read for its ring. */
    public int dwords() {
        return BYTES / 4;
    }

    /**
     * The GGTT address of the indirect ring state page that the register state of an engine whose
     * MMIO block starts at {@code base} names, or -1 when it names none (no pointer register at its
     * place, the spec knows no such register, or the address is 0).
     */
    public long pointer(int[] state, int base) {
        if (pointerValue.end() / 32 >= state.length || value(pointerRegister, state) != base + pointerOffset) {
            return -1;
        }
        RegisterDef r = spec.registerAt((int) (base + pointerOffset));
        FieldDef address = r == null ? null : addressField(r);
        if (address == null) {
            return -1;
        }
        long v = value(pointerValue, state);
        long mask = address.width() >= 64 ? -1L : ((1L << address.width()) - 1) << address.start();
        long a = v & mask;
        return a == 0 ? -1 : a;
    }

    private static FieldDef addressField(RegisterDef r) {
        for (Member m : r.members()) {
            if (m instanceof FieldDef f && f.isAddress()) {
                return f;
            }
        }
        return null;
    }

    /**
     * The ring an indirect ring state page names, with the page tables of {@code main} (the register
     * state's ring), or null when {@code page} is not the register list of the engine at {@code base}:
     * its first list an MI_LOAD_REGISTER_IMM of that engine's ring registers at their places, the
     * ring start's upper dword 0 (a GGTT ring lies below 4 GiB).
     */
    public RingContext ring(int[] page, Engine engine, int base, RingContext main) {
        CommandDef lri = spec.command(LRI);
        if (lri == null || spec.find(engine, (int) value(header, page)) != lri) {
            return null;
        }
        for (int i = 0; i < RING.length; i++) {
            if (value(ringRegisters[i], page) != base + ringOffsets[i]) {
                return null;
            }
        }
        if (value(ringValues[4], page) != 0) {
            return null;
        }
        return new RingContext(value(ringValues[2], page), (int) value(ringValues[0], page), (int) value(ringValues[1], page),
                (int) value(ringValues[3], page), main.pdps());
    }

    private static long value(FieldDef f, int[] dwords) {
        return FieldValues.raw(f, dwords, 0, dwords.length);
    }
}
