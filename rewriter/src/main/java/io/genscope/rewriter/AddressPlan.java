package io.genscope.rewriter;

import io.genscope.spec.CommandDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.FieldType;
import io.genscope.spec.GroupDef;
import io.genscope.spec.Member;
import io.genscope.spec.RegisterDef;
import io.genscope.spec.SpaceRule;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import io.genscope.spec.ValidWhen;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every field of a spec that may hold a GGTT address, compiled once from the spec's address
 * metadata (address type, {@code space} rule, {@code when} conditions) into flat positions for the
 * rewriter's hot path. Nothing here knows a command by name: what the spec marks is what gets
 * rewritten.
 *
 * <ul>
 *   <li>Commands: top-level fields, fields of nested structures (at the structure's position),
 *       fixed groups unrolled element by element, and one level of group repeating to the end of
 *       the command (elements found at run time). Fields whose rule can never name the GGTT
 *       ({@code space ppgtt} without a gate) are left out.
 *   <li>Registers: the address fields of each register, by the MMIO offset of the dword that
 *       holds them (a register write is one dword at a time).
 *   <li>The {@code CONTEXT_DESCRIPTOR} structure's low dword, for execlist submit ports.
 * </ul>
 *
 * Gates and conditions are read from the innermost enclosing group element or structure that has
 * a field of that name, else from the command's top level. Instances are immutable and shared.
 */
public final class AddressPlan {
    private static final Map<Spec, AddressPlan> CACHE = new ConcurrentHashMap<>();
    private static final Slot[] NONE = new Slot[0];

    private final Spec spec;
    private final Slot[][] byOrder;
    private final Map<Integer, Slot[]> registerDwords = new HashMap<>();
    /** {@link #registerDwords} as an open-addressing table: looked up per register write, without boxing. */
    private int[] registerKeys = new int[0];
    private Slot[][] registerValues = new Slot[0][];
    private final Slot[] descriptorLow;
    private final List<String> unsupported = new ArrayList<>();

    /** Where gates are looked up: a member list and where it sits. */
    private record Frame(List<Member> members, int base, boolean moves, Frame outer) {
    }

    private AddressPlan(Spec spec) {
        this.spec = spec;
        int max = -1;
        for (CommandDef c : spec.commands()) {
            max = Math.max(max, c.order());
        }
        byOrder = new Slot[max + 1][];
        for (CommandDef c : spec.commands()) {
            List<Slot> out = new ArrayList<>();
            compile(c.name(), c.members(), null, 0, false, 0, "", "", out);
            byOrder[c.order()] = out.isEmpty() ? NONE : out.toArray(NONE);
        }
        for (RegisterDef r : spec.registers()) {
            List<Slot> out = new ArrayList<>();
            compile(r.name(), r.members(), null, 0, false, 0, "", "", out);
            for (Map.Entry<Integer, Slot[]> e : byDword(r.name(), out).entrySet()) {
                registerDwords.putIfAbsent(r.offset() + 4 * e.getKey(), e.getValue());
            }
        }
        int capacity = Integer.highestOneBit(Math.max(4, registerDwords.size()) * 4);
        registerKeys = new int[capacity];
        java.util.Arrays.fill(registerKeys, EMPTY);
        registerValues = new Slot[capacity][];
        for (Map.Entry<Integer, Slot[]> e : registerDwords.entrySet()) {
            int i = slot(e.getKey(), capacity - 1);
            while (registerKeys[i] != EMPTY) {
                i = (i + 1) & (capacity - 1);
            }
            registerKeys[i] = e.getKey();
            registerValues[i] = e.getValue();
        }
        StructDef descriptor = spec.struct("CONTEXT_DESCRIPTOR");
        Slot[] low = NONE;
        if (descriptor != null) {
            List<Slot> out = new ArrayList<>();
            compile(descriptor.name(), descriptor.members(), null, 0, false, 0, "", "", out);
            low = byDword(descriptor.name(), out).getOrDefault(0, NONE);
        }
        descriptorLow = low;
    }

    /** The plan of a spec (compiled on first use, then shared). */
    public static AddressPlan of(Spec spec) {
        return CACHE.computeIfAbsent(spec, AddressPlan::new);
    }

    public Spec spec() {
        return spec;
    }

    /** The address fields of a command of this spec that may name the GGTT, in member order. */
    public List<AddressField> fields(CommandDef def) {
        List<AddressField> out = new ArrayList<>();
        for (Slot s : slots(def)) {
            out.add(s.field);
        }
        return out;
    }

    /** The address fields of the register dword at this MMIO offset (empty when it holds none). */
    public List<AddressField> registerFields(int offset) {
        List<AddressField> out = new ArrayList<>();
        Slot[] s = registerSlots(offset);
        for (Slot x : s == null ? NONE : s) {
            out.add(x.field);
        }
        return out;
    }

    /** Layout members the plan could not compile (an address in a repetition inside a repetition, ...). */
    public List<String> unsupported() {
        return Collections.unmodifiableList(unsupported);
    }

    Slot[] slots(CommandDef def) {
        int o = def.order();
        return o >= 0 && o < byOrder.length && byOrder[o] != null ? byOrder[o] : NONE;
    }

    /** Slots of one register dword, bits relative to that dword; null when it holds no address. */
    Slot[] registerSlots(int offset) {
        if (offset == EMPTY) {
            return null;
        }
        int mask = registerKeys.length - 1;
        for (int i = slot(offset, mask);; i = (i + 1) & mask) {
            int k = registerKeys[i];
            if (k == offset) {
                return registerValues[i];
            }
            if (k == EMPTY) {
                return null;
            }
        }
    }

    private static final int EMPTY = Integer.MIN_VALUE;

    private static int slot(int key, int mask) {
        return (key * 0x9e3779b1 >>> 7) & mask;
    }

    Slot[] descriptorLow() {
        return descriptorLow;
    }

    // ---------------------------------------------------------------------------------------------

    private void compile(String layout, List<Member> members, Frame outer, int base, boolean moves, int stride,
            String prefix, String suffix, List<Slot> out) {
        Frame frame = new Frame(members, base, moves, outer);
        for (Member m : members) {
            if (m instanceof GroupDef g) {
                if (g.variable()) {
                    if (stride != 0) {
                        unsupported.add(layout + ": a group repeating to the end inside another at bit " + (base + g.start()));
                        continue;
                    }
                    compile(layout, g.members(), frame, base + g.start(), true, g.stride(), prefix, suffix + "[{}]", out);
                } else {
                    for (int i = 0; i < g.count(); i++) {
                        compile(layout, g.members(), frame, base + g.start() + i * g.stride(), moves, stride, prefix,
                                suffix + "[" + i + "]", out);
                    }
                }
                continue;
            }
            FieldDef f = (FieldDef) m;
            if (f.type() instanceof FieldType.StructRef ref) {
                StructDef s = spec.struct(ref.name());
                if (s != null) {
                    compile(layout, s.members(), frame, base + f.start(), moves, stride,
                            prefix + f.name() + suffix + ".", "", out);
                }
                continue;
            }
            if (!f.isAddress()) {
                continue;
            }
            SpaceRule rule = f.space() == null ? SpaceRule.BATCH : f.space();
            if (rule.kind() == SpaceRule.Kind.PPGTT && rule.gate() == null) {
                continue; // never the GGTT
            }
            int start = base + f.start();
            int end = base + f.end();
            AddressField field = new AddressField(layout, prefix + f.name() + suffix, f, start, end);
            if (field.topBit() > 64) {
                unsupported.add(layout + "." + field.pattern() + ": address wider than 64 bits");
                continue;
            }
            int kind = switch (rule.kind()) {
                case GGTT -> Slot.GGTT;
                case PPGTT -> Slot.PPGTT;
                case BATCH -> Slot.BATCH;
            };
            Slot.Ref gate = rule.gate() == null ? null : ref(frame, rule.gate());
            List<ValidWhen> when = f.conditions();
            Slot.Ref[] refs = new Slot.Ref[when.size()];
            boolean[] equal = new boolean[when.size()];
            long[] values = new long[when.size()];
            for (int i = 0; i < refs.length; i++) {
                refs[i] = ref(frame, when.get(i).field());
                equal[i] = when.get(i).equal();
                values[i] = when.get(i).value();
            }
            out.add(new Slot(field, start, end, moves ? stride : 0, kind, gate, rule.gateValue(), refs, equal, values));
        }
    }

    private static Slot.Ref ref(Frame frame, String name) {
        for (Frame f = frame; f != null; f = f.outer()) {
            for (Member m : f.members()) {
                if (m instanceof FieldDef d && d.name().equals(name)) {
                    return new Slot.Ref(f.base() + d.start(), f.base() + d.end(), f.moves(), d.type().isAddressLike());
                }
            }
        }
        return Slot.Ref.ABSENT;
    }

    /** Register slots grouped by the dword they sit in, positions made relative to it. */
    private Map<Integer, Slot[]> byDword(String layout, List<Slot> slots) {
        Map<Integer, List<Slot>> grouped = new HashMap<>();
        for (Slot s : slots) {
            int k = s.start >>> 5;
            if (s.end >>> 5 != k || s.stride != 0) {
                unsupported.add(layout + "." + s.field.pattern() + ": a register address must sit in one dword");
                continue;
            }
            int shift = 32 * k;
            Slot.Ref[] refs = new Slot.Ref[s.conditions.length];
            for (int i = 0; i < refs.length; i++) {
                refs[i] = within(s.conditions[i], shift);
            }
            AddressField f = s.field;
            AddressField moved = new AddressField(f.layout(), f.layout() + "." + f.pattern(), f.def(),
                    f.startBit() - shift, f.endBit() - shift);
            grouped.computeIfAbsent(k, x -> new ArrayList<>()).add(new Slot(moved, s.start - shift, s.end - shift, 0,
                    s.kind, s.gate == null ? null : within(s.gate, shift), s.gateValue, refs, s.equal, s.values));
        }
        Map<Integer, Slot[]> out = new HashMap<>();
        grouped.forEach((k, v) -> out.put(k, v.toArray(NONE)));
        return out;
    }

    /** A reference inside the same dword, relative to it; anything else reads as absent (0). */
    private static Slot.Ref within(Slot.Ref r, int shift) {
        if (r.start() < 0 || r.start() < shift || r.end() >= shift + 32) {
            return Slot.Ref.ABSENT;
        }
        return new Slot.Ref(r.start() - shift, r.end() - shift, false, r.addressLike());
    }
}
