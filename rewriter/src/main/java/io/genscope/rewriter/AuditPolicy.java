package io.genscope.rewriter;

import io.genscope.spec.EnumDef;
import io.genscope.spec.Engine;
import io.genscope.spec.EngineBases;
import io.genscope.spec.Spec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the strict audit refuses from a guest, as the spec states it (gen8-extra.gspec and later):
 * the commands named by the enum {@value #REFUSED}, and the registers a guest's register loads may
 * write: the entries of every enum whose name starts with {@value #ALLOWED}, where an entry below
 * 0x1000 is relative to each base of {@value #BASES} (the RING_* registers of every engine).
 *
 * <p>A spec without the lists (gen7, gen75, a user's own) refuses no command by name and checks no
 * register ({@link #checksRegisters()} is false); the other rules still hold.
 *
 * @param refused names of the commands refused from a guest
 * @param absolute allowed register offsets (dword-aligned), engine-relative entries expanded
 * @param relative allowed engine-relative offsets (for loads that add the engine's base)
 * @param bases each engine's register block bases
 * @param checksRegisters whether the spec has an allow-list
 */
public record AuditPolicy(Set<String> refused, Set<Integer> absolute, Set<Integer> relative,
        Map<Engine, List<Integer>> bases, boolean checksRegisters) {
    /** The enum naming the commands refused from a guest. */
    public static final String REFUSED = "Guest Refused Commands";
    /** The prefix of the enums listing the registers a guest may load. */
    public static final String ALLOWED = "Guest Register Allow-List";
    /** The enum giving each engine's register block base. */
    public static final String BASES = EngineBases.ENUM;
    private static final int RELATIVE_LIMIT = 0x1000;
    private static final Map<Spec, AuditPolicy> CACHE = new ConcurrentHashMap<>();

    public AuditPolicy {
        refused = Set.copyOf(refused);
        absolute = Set.copyOf(absolute);
        relative = Set.copyOf(relative);
        bases = Map.copyOf(bases);
    }

    /** The policy of a spec (computed once per spec). */
    public static AuditPolicy of(Spec spec) {
        return CACHE.computeIfAbsent(spec, AuditPolicy::load);
    }

    private static AuditPolicy load(Spec spec) {
        Set<String> refused = new HashSet<>();
        EnumDef r = spec.enumeration(REFUSED);
        if (r != null) {
            refused.addAll(r.values().values());
        }
        Set<Integer> absolute = new HashSet<>();
        Set<Integer> relative = new HashSet<>();
        boolean any = spec.enums().stream().anyMatch(e -> e.name().startsWith(ALLOWED));
        // the spec's one table of engine bases (Spec.engineBases(), which fails loudly when an
        // allow-list has engine-relative entries but the spec states no bases)
        Map<Engine, List<Integer>> bases = any || spec.enumeration(BASES) != null
                ? spec.engineBases().byEngine() : Map.of();
        for (EnumDef e : spec.enums()) {
            if (!e.name().startsWith(ALLOWED)) {
                continue;
            }
            for (long v : e.values().keySet()) {
                int offset = (int) v & ~3;
                if (offset < RELATIVE_LIMIT) {
                    relative.add(offset);
                    for (List<Integer> list : bases.values()) {
                        for (int base : list) {
                            absolute.add(base + offset);
                        }
                    }
                } else {
                    absolute.add(offset);
                }
            }
        }
        return new AuditPolicy(refused, absolute, relative, bases, any);
    }

    /** Whether a guest's command may write the register at {@code offset} (absolute, or relative to the engine). */
    public boolean allows(int offset, boolean engineRelative) {
        return !checksRegisters || (engineRelative ? relative.contains(offset) : absolute.contains(offset));
    }
}
