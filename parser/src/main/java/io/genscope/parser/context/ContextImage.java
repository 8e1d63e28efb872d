package io.genscope.parser.context;

import io.genscope.parser.decode.FieldValues;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.EnumDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.Member;
import io.genscope.spec.RequiredNames;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import io.genscope.spec.StructDef;
import java.util.Map;

/**
 * Reads logical ring context images through the layout the spec states (gen8-extra.gspec: the
 * enum {@value #LAYOUT} places the register state after the LRCA, the struct {@value #STRUCT}
 * places the values in it), so no Java code carries dword positions.
 *
 * <pre>{@code
 * ContextImage image = ContextImage.of(spec);
 * RingContext ring = image.read(memory, lrca);          // null when not mapped in the GGTT
 * Submission s = ring.submission(0, Engine.RENDER, descriptor, -1);
 * }</pre>
 */
public final class ContextImage {
    /** The enum whose value "Register State" is the register state's offset from the LRCA. */
    public static final String LAYOUT = "Logical Ring Context Layout";
    /** The struct laying out the first dwords of the register state. */
    public static final String STRUCT = "LOGICAL_RING_CONTEXT_STATE";
    /** The first generation with execlists and context images. */
    private static final String EXECLISTS_FROM = "gen8";
    private static final String REGISTER_STATE = "Register State";
    private static final String HEADER = "Register List Header";
    private static final String CONTEXT_CONTROL = "Context Control Register";
    private static final String HEAD = "Ring Head";
    private static final String TAIL = "Ring Tail";
    private static final String START = "Ring Start";
    private static final String CONTROL = "Ring Control";
    private static final String REGISTER = " Register";
    private static final String[] PDP_UPPER = {"PDP0 Upper", "PDP1 Upper", "PDP2 Upper", "PDP3 Upper"};
    private static final String[] PDP_LOWER = {"PDP0 Lower", "PDP1 Lower", "PDP2 Lower", "PDP3 Lower"};

    /** The names this class looks up, checked when a spec loads. */
    public static final RequiredNames REQUIRED = RequiredNames.of("context image reader (" + ContextImage.class.getName()
            + ")").struct(STRUCT, HEADER, CONTEXT_CONTROL, HEAD + REGISTER, HEAD, TAIL + REGISTER, TAIL, START + REGISTER, START,
                    CONTROL + REGISTER, CONTROL, PDP_UPPER[0], PDP_LOWER[0], PDP_UPPER[1], PDP_LOWER[1], PDP_UPPER[2],
                    PDP_LOWER[2], PDP_UPPER[3], PDP_LOWER[3]);

    private static final String LRI = "MI_LOAD_REGISTER_IMM";
    /** RING_HEAD bits 20:2 are the head offset; bits 31:21 count wraps. */
    private static final int HEAD_OFFSET = 0x1ffffc;
    private static final Map<Spec, ContextImage> BY_SPEC = new java.util.WeakHashMap<>();

    private final long offset;
    private final int dwords;
    private final FieldDef header;
    private final FieldDef contextControl;
    /** The MI_LOAD_REGISTER_IMM header bits that identify it, and their value (mask 0: no such command). */
    private final int lriMask;
    private final int lriValue;
    /** RING_HEAD, RING_TAIL, RING_START and RING_CTL offsets from an engine's base, -1 where not stated. */
    private final long[] ringRegisters = new long[4];
    private final FieldDef head;
    private final FieldDef tail;
    private final FieldDef start;
    private final FieldDef control;
    private final FieldDef headRegister;
    private final FieldDef tailRegister;
    private final FieldDef startRegister;
    private final FieldDef controlRegister;
    private final FieldDef[] pdpUpper = new FieldDef[4];
    private final FieldDef[] pdpLower = new FieldDef[4];

    private ContextImage(Spec spec, long offset, Map<String, Long> layout, StructDef s) {
        String specName = spec.name();
        this.offset = offset;
        this.dwords = s.dwords();
        this.header = field(specName, s, HEADER);
        this.contextControl = field(specName, s, CONTEXT_CONTROL);
        String[] ring = {HEAD, TAIL, START, CONTROL};
        for (int i = 0; i < ring.length; i++) {
            ringRegisters[i] = layout.getOrDefault(ring[i] + REGISTER, -1L);
        }
        CommandDef lri = spec.command(LRI);
        int mask = lri == null ? 0 : lri.headerMask();
        int value = 0;
        if (lri != null) {
            for (Member m : lri.members()) {
                if (m instanceof FieldDef f && f.end() < 32 && f.defaultValue() != null && lri.isHeaderField(f)) {
                    value |= (int) (f.defaultValue() << f.start());
                }
            }
        }
        this.lriMask = mask;
        this.lriValue = value & mask;
        this.head = field(specName, s, HEAD);
        this.tail = field(specName, s, TAIL);
        this.start = field(specName, s, START);
        this.control = field(specName, s, CONTROL);
        this.headRegister = field(specName, s, HEAD + REGISTER);
        this.tailRegister = field(specName, s, TAIL + REGISTER);
        this.startRegister = field(specName, s, START + REGISTER);
        this.controlRegister = field(specName, s, CONTROL + REGISTER);
        for (int i = 0; i < 4; i++) {
            pdpUpper[i] = field(specName, s, PDP_UPPER[i]);
            pdpLower[i] = field(specName, s, PDP_LOWER[i]);
        }
    }

    private static FieldDef field(String spec, StructDef s, String name) {
        FieldDef f = s.field(name);
        if (f == null) {
            throw new IllegalStateException("spec " + spec + ": struct \"" + STRUCT + "\" has no field \"" + name + "\"");
        }
        return f;
    }

    /**
     * The layout {@code spec} states.
     *
     * @throws IllegalStateException naming the spec when it lacks the enum or the struct (gen7,
     *         before execlists)
     */
    public static ContextImage of(Spec spec) {
        synchronized (BY_SPEC) {
            ContextImage c = BY_SPEC.get(spec);
            if (c == null) {
                c = compile(spec);
                BY_SPEC.put(spec, c);
            }
            return c;
        }
    }

    private static ContextImage compile(Spec spec) {
        EnumDef layout = spec.enumeration(LAYOUT);
        StructDef struct = spec.struct(STRUCT);
        Map<String, Long> byName = new java.util.HashMap<>();
        if (layout != null) {
            for (Map.Entry<Long, String> e : layout.values().entrySet()) {
                byName.put(e.getValue(), e.getKey());
            }
        }
        Long offset = byName.get(REGISTER_STATE);
        if (offset == null || struct == null) {
            throw new IllegalStateException("spec " + spec.name() + " does not lay out logical ring context images"
                    + " (enum \"" + LAYOUT + "\" with \"" + REGISTER_STATE + "\", struct \"" + STRUCT + "\")");
        }
        return new ContextImage(spec, offset, byName, struct);
    }

    /**
     * The layout of a built-in generation by name; gen8's for a generation without execlists or a
     * name that is not built in (the layout has not changed from gen8 to Xe3).
     */
    public static ContextImage forGeneration(String specName) {
        Spec spec = specName != null && SpecLoader.BUILTIN.contains(specName) ? SpecLoader.builtin(specName) : null;
        return spec == null ? of(SpecLoader.builtin(EXECLISTS_FROM)) : forSpec(spec);
    }

    /** The layout {@code spec} states; gen8's when it states none (a generation before execlists). */
    public static ContextImage forSpec(Spec spec) {
        return of(spec.struct(STRUCT) != null ? spec : SpecLoader.builtin(EXECLISTS_FROM));
    }

    /** The GGTT address of the register state of the context at {@code lrca}. */
    public long registerState(long lrca) {
        return (lrca & 0xfffff000L) + offset;
    }

    /** How many dwords of the register state this layout reads. */
    public int dwords() {
        return dwords;
    }

    /** Dword index of the ring start value in the register state (for writing a moved ring back). */
    public int ringStartDword() {
        return start.start() / 32;
    }

    /** Dword indices of the RING_HEAD, RING_TAIL, RING_START and RING_CTL values in the register state. */
    public int[] ringDwords() {
        return new int[] {head.start() / 32, tail.start() / 32, start.start() / 32, control.start() / 32};
    }

    /** The first {@link #dwords()} dwords of the register state at {@code lrca}, or null when not all are mapped in the GGTT. */
    public int[] registerDwords(GpuMemory memory, long lrca) {
        int[] state = new int[dwords];
        return memory.read(AddressSpace.GGTT, registerState(lrca), state, 0, dwords) < dwords ? null : state;
    }

    /**
     * Writes a ring context's values at their places in register-state dwords (for writers that
     * lay out the register lists themselves).
     */
    public void place(int[] state, RingContext ring) {
        put(state, start, ring.ringStart());
        put(state, head, ring.head() & 0xffffffffL);
        put(state, tail, ring.tail() & 0xffffffffL);
        put(state, control, ring.control() & 0xffffffffL);
        long[] pdps = ring.pdps();
        for (int i = 0; i < 4; i++) {
            put(state, pdpUpper[i], pdps[i] >>> 32);
            put(state, pdpLower[i], pdps[i] & 0xffffffffL);
        }
    }

    /** A whole-dword field (every field of the struct is one). */
    private static void put(int[] state, FieldDef f, long value) {
        state[f.start() / 32] = (int) value;
    }

    /** The ring context at {@code lrca}, or null when its register state is not mapped in the GGTT. */
    public RingContext read(GpuMemory memory, long lrca) {
        int[] state = registerDwords(memory, lrca);
        return state == null ? null : decode(state);
    }

    /** The values of register-state dwords read elsewhere ({@link #dwords()} of them). */
    public RingContext decode(int[] state) {
        long[] pdps = new long[4];
        for (int i = 0; i < 4; i++) {
            pdps[i] = (value(pdpUpper[i], state) << 32) | value(pdpLower[i], state);
        }
        return new RingContext(value(start, state), (int) value(head, state), (int) value(tail, state),
                (int) value(control, state), pdps);
    }

    private static long value(FieldDef f, int[] state) {
        return FieldValues.raw(f, state, 0, state.length);
    }

    /**
     * Why a register state cannot be a ring context, or null when it can: the ring must start on a
     * 4 KiB page, and head and tail must be dword offsets inside the ring; unless the list header
     * and the register offsets are all zero (the minimal image Mesa's aubinator accepts, with values
     * only), the first list must be an MI_LOAD_REGISTER_IMM naming RING_HEAD, RING_TAIL, RING_START
     * and RING_CTL of one engine (as Mesa, NEO and aubstream write it).
     */
    public String implausible(int[] state) {
        boolean valuesOnly = value(header, state) == 0 && value(contextControl, state) == 0
                && value(headRegister, state) == 0
                && value(tailRegister, state) == 0 && value(startRegister, state) == 0
                && value(controlRegister, state) == 0;
        String list = valuesOnly ? null : registerList(state);
        if (list != null) {
            return list;
        }
        RingContext r = decode(state);
        if ((r.ringStart() & 0xfff) != 0) {
            return String.format("ring start 0x%x is not 4 KiB aligned", r.ringStart());
        }
        int size = r.ringSize();
        int h = r.head() & HEAD_OFFSET;
        int t = r.tail();
        if ((r.head() & 3) != 0 || h >= size || (t & 3) != 0 || Integer.compareUnsigned(t, size) >= 0) {
            return String.format("head 0x%x or tail 0x%x is not a dword offset inside the %d-byte ring at 0x%x",
                    r.head(), t, size, r.ringStart());
        }
        return null;
    }

    private String registerList(int[] state) {
        long lri = value(header, state);
        if (lriMask == 0 || ((int) lri & lriMask) != lriValue) {
            return String.format("dword %d is 0x%08x, not MI_LOAD_REGISTER_IMM", header.start() / 32, lri);
        }
        long h = value(headRegister, state);
        long[] ring = ringRegisters;
        long base = h - ring[0];
        if (ring[0] < 0 || (base & 0xfff) != 0 || value(tailRegister, state) != base + ring[1]
                || value(startRegister, state) != base + ring[2] || value(controlRegister, state) != base + ring[3]) {
            return String.format("its registers 0x%x 0x%x 0x%x 0x%x are not one engine's RING_HEAD, RING_TAIL, "
                    + "RING_START and RING_CTL", h, value(tailRegister, state), value(startRegister, state),
                    value(controlRegister, state));
        }
        return null;
    }
}
