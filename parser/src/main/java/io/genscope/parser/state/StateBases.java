package io.genscope.parser.state;

import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.FieldValues;
import io.genscope.spec.CommandDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.RegisterDef;
import io.genscope.spec.RequiredNames;
import io.genscope.spec.Spec;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The indirect-state bases a command stream sets and later commands point relative to, tracked
 * command by command: the one tracker behind the printer's indirect state and the migration's
 * model of GPU writes.
 *
 * <pre>
 * a command holding ...                         sets
 * "Surface State Base Address" (+ "... Modify Enable")      surface base (binding table entries)
 * "Dynamic State Base Address" (+ "... Modify Enable")      dynamic base (samplers, viewports, blend)
 * "Instruction Base Address" (+ "... Modify Enable")        instruction base (kernel start pointers)
 * "Binding Table Pool Base Address" (+ "Binding Table Pool Enable")
 *                                               binding table pool: 0 when disabled; a command
 *                                               without the enable bit (gen12.5 on) always sets it
 * MI_LOAD_REGISTER_IMM of a register holding "Binding Table Alignment" (+ "... Mask")
 *                                               256-byte binding tables (gen11, gen12)
 * </pre>
 * Which command holds which field comes from the spec alone ({@link #REQUIRED} names the fields
 * this class reads; registers are found by the two alignment fields, which GT_MODE has on gen11
 * and gen12 only). Values are the fields' byte values, uncut; readers cut them to the address
 * width they use. As in aubinator's decode context, the bases carry over from one submission to
 * the next; an instance is not thread-safe.
 */
public final class StateBases {
    private static final String LRI = "MI_LOAD_REGISTER_IMM";
    private static final String ALIGNMENT = "Binding Table Alignment";
    private static final String ALIGNMENT_MASK = "Binding Table Alignment Mask";

    /** The names this class looks up, checked by {@link io.genscope.spec.SpecLoader} when a spec loads. */
    public static final RequiredNames REQUIRED = RequiredNames.of("state base tracker (" + StateBases.class.getName() + ")")
            .command("STATE_BASE_ADDRESS", Base.SURFACE.field, Base.SURFACE.enable, Base.DYNAMIC.field,
                    Base.DYNAMIC.enable, Base.INSTRUCTION.field, Base.INSTRUCTION.enable)
            .command("3DSTATE_BINDING_TABLE_POOL_ALLOC", Base.POOL.field)
            .optional(RequiredNames.Kind.COMMAND, "3DSTATE_BINDING_TABLE_POOL_ALLOC", Base.POOL.enable)
            .optional(RequiredNames.Kind.REGISTER, "GT_MODE", ALIGNMENT, ALIGNMENT_MASK)
            .command(LRI);

    /** The bases, each with the field holding it and the bit that makes a command change it. */
    private enum Base {
        SURFACE("Surface State Base Address", "Surface State Base Address Modify Enable"),
        DYNAMIC("Dynamic State Base Address", "Dynamic State Base Address Modify Enable"),
        INSTRUCTION("Instruction Base Address", "Instruction Base Address Modify Enable"),
        POOL("Binding Table Pool Base Address", "Binding Table Pool Enable");

        final String field;
        final String enable;

        Base(String field, String enable) {
            this.field = field;
            this.enable = enable;
        }
    }

    private final long[] base = new long[Base.values().length];
    private boolean bindingTables256B;
    private Spec rulesSpec;
    private Rules rules;

    /** Everything zero, as at the start of a capture. */
    public StateBases() {
    }

    /** A copy of {@code other} (to resume from a point in a stream without tracking what came before). */
    public StateBases(StateBases other) {
        set(other);
    }

    /** Makes this the same as {@code other}. */
    public void set(StateBases other) {
        System.arraycopy(other.base, 0, base, 0, base.length);
        this.bindingTables256B = other.bindingTables256B;
    }

    /**
     * Updates the bases for one command, in execution order.
     *
     * @return whether the command is one that can change them
     */
    public boolean track(Spec spec, Command c) {
        CommandDef def = c.def();
        if (def == null) {
            return false;
        }
        Rules r = rules(spec);
        if (def == r.lri) {
            return loadRegisterImm(r, c);
        }
        Setter[] setters = r.setters.get(def);
        if (setters == null) {
            return false;
        }
        int[] p = c.dwords();
        for (Setter s : setters) {
            boolean enabled = s.enable == null || FieldValues.raw(s.enable, p, 0, p.length) != 0;
            if (enabled) {
                base[s.base.ordinal()] = FieldValues.raw(s.value, p, 0, p.length);
            } else if (s.base == Base.POOL) {
                base[s.base.ordinal()] = 0;
            }
        }
        return true;
    }

    /**
     * An MI_LOAD_REGISTER_IMM writing a register with the binding table alignment picks it from the
     * first (offset, value) pair, as aubinator reads it.
     */
    private boolean loadRegisterImm(Rules r, Command c) {
        int[] p = c.dwords();
        if (p.length < 3) {
            return true;
        }
        int regs = (c.length() - 1) / 2;
        for (int i = 0; i < regs && 2 * i + 1 < p.length; i++) {
            if (r.aligning.containsKey(p[2 * i + 1])) {
                RegisterDef first = r.aligning.get(p[1]);
                if (first != null) {
                    int[] v = {p[2]};
                    if (FieldValues.raw(first.field(ALIGNMENT_MASK), v, 0, 1) != 0) {
                        bindingTables256B = FieldValues.raw(first.field(ALIGNMENT), v, 0, 1) != 0;
                    }
                }
                return true;
            }
        }
        return true;
    }

    private Rules rules(Spec spec) {
        if (spec != rulesSpec) {
            rules = Rules.of(spec);
            rulesSpec = spec;
        }
        return rules;
    }

    /** Surface State Base Address (binding table entries are relative to it). */
    public long surfaceBase() {
        return base[Base.SURFACE.ordinal()];
    }

    /** Dynamic State Base Address (samplers, viewports, blend and color-calc state). */
    public long dynamicBase() {
        return base[Base.DYNAMIC.ordinal()];
    }

    /** Instruction Base Address (kernel start pointers are relative to it). */
    public long instructionBase() {
        return base[Base.INSTRUCTION.ordinal()];
    }

    /** Binding Table Pool Base Address, or 0 when binding tables are relative to the surface base. */
    public long bindingTablePoolBase() {
        return base[Base.POOL.ordinal()];
    }

    /** Whether binding tables are 256-byte aligned (GT_MODE), so pointers hold bits 18:8 of the offset. */
    public boolean bindingTables256B() {
        return bindingTables256B;
    }

    /** What binding table pointers are relative to: the pool when one is set, else the surface base. */
    public long bindingTableBase() {
        long pool = bindingTablePoolBase();
        return pool != 0 ? pool : surfaceBase();
    }

    /** A binding table pointer as a byte offset from {@link #bindingTableBase()}. */
    public long bindingTableOffset(long pointer) {
        long off = pointer & 0xffffffffL;
        return bindingTables256B ? (off << 3) & 0xffffffffL : off;
    }

    @Override
    public String toString() {
        return String.format("surface 0x%x, dynamic 0x%x, instruction 0x%x, binding table pool 0x%x%s", surfaceBase(),
                dynamicBase(), instructionBase(), bindingTablePoolBase(), bindingTables256B ? ", 256B binding tables" : "");
    }

    /** One base a command sets: its value field and the bit that enables the change (null: always). */
    private record Setter(Base base, FieldDef value, FieldDef enable) {
    }

    /** Per spec: which commands set which bases, and which registers carry the binding table alignment. */
    private record Rules(Map<CommandDef, Setter[]> setters, CommandDef lri, Map<Integer, RegisterDef> aligning) {
        private static final Map<Spec, Rules> BY_SPEC = new java.util.WeakHashMap<>();

        static Rules of(Spec spec) {
            synchronized (BY_SPEC) {
                return BY_SPEC.computeIfAbsent(spec, Rules::compile);
            }
        }

        private static Rules compile(Spec spec) {
            Map<CommandDef, Setter[]> setters = new IdentityHashMap<>();
            for (CommandDef def : spec.commands()) {
                List<Setter> found = new ArrayList<>();
                for (Base b : Base.values()) {
                    FieldDef value = def.field(b.field);
                    FieldDef enable = def.field(b.enable);
                    if (value != null && (enable != null || b == Base.POOL)) {
                        found.add(new Setter(b, value, enable));
                    }
                }
                if (!found.isEmpty()) {
                    setters.put(def, found.toArray(new Setter[0]));
                }
            }
            Map<Integer, RegisterDef> aligning = new java.util.HashMap<>();
            for (RegisterDef reg : spec.registers()) {
                if (reg.field(ALIGNMENT) != null && reg.field(ALIGNMENT_MASK) != null) {
                    aligning.put(reg.offset(), reg);
                }
            }
            return new Rules(setters, spec.command(LRI), aligning);
        }
    }
}
