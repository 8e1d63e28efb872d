package io.genscope.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each engine's register block sits in MMIO in one generation, as the spec's enum
 * {@value #ENUM} states it (gen7-extra.gspec and later). An engine may have several blocks (video
 * engines VCS0..VCS7, compute CCS0..CCS3); the first listed is the engine's primary one.
 *
 * <pre>{@code
 * EngineBases b = SpecLoader.builtin("gen12").engineBases();
 * b.base(Engine.VIDEO);      // 0x1C0000
 * b.engineAt(0x1A000);       // COMPUTE
 * }</pre>
 *
 * @param spec the generation's name, for messages
 * @param byBase engine of each block base, in the order the spec lists them
 */
public record EngineBases(String spec, Map<Integer, Engine> byBase) {
    /** The enum giving each engine's register block bases: value = base, name = engine. */
    public static final String ENUM = "Engine MMIO Bases";

    public EngineBases {
        byBase = Collections.unmodifiableMap(new LinkedHashMap<>(byBase));
    }

    /**
     * The table a spec states.
     *
     * @throws IllegalStateException naming the spec when it has no {@value #ENUM}, or an entry of it
     *         names no engine or is not a 4 KiB-aligned block
     */
    public static EngineBases of(Spec spec) {
        EnumDef e = spec.enumeration(ENUM);
        if (e == null || e.values().isEmpty()) {
            throw new IllegalStateException("spec " + spec.name() + " has no enum \"" + ENUM
                    + "\" (each engine's MMIO base); add it to the spec file");
        }
        Map<Integer, Engine> byBase = new LinkedHashMap<>();
        for (Map.Entry<Long, String> v : e.values().entrySet()) {
            long base = v.getKey();
            if (base <= 0 || base > Integer.MAX_VALUE || (base & 0xfff) != 0) {
                throw new IllegalStateException(String.format("spec %s: enum \"%s\" entry 0x%x \"%s\" is not a"
                        + " 4 KiB-aligned MMIO base", spec.name(), ENUM, base, v.getValue()));
            }
            Engine engine;
            try {
                engine = Engine.parse(v.getValue());
            } catch (IllegalArgumentException notAnEngine) {
                throw new IllegalStateException("spec " + spec.name() + ": enum \"" + ENUM + "\" entry \""
                        + v.getValue() + "\" names no engine", notAnEngine);
            }
            byBase.put((int) base, engine);
        }
        return new EngineBases(spec.name(), byBase);
    }

    /** The engine whose register block starts at {@code base}, or null. */
    public Engine engineAt(int base) {
        return byBase.get(base);
    }

    /** Every block base of an engine, primary first; empty when the generation lacks the engine. */
    public List<Integer> bases(Engine engine) {
        List<Integer> out = new ArrayList<>();
        byBase.forEach((b, e) -> {
            if (e == engine) {
                out.add(b);
            }
        });
        return List.copyOf(out);
    }

    /** Whether the generation has the engine. */
    public boolean has(Engine engine) {
        return byBase.containsValue(engine);
    }

    /**
     * The primary block base of an engine (VCS0, CCS0).
     *
     * @throws IllegalArgumentException when the generation has no such engine
     */
    public int base(Engine engine) {
        for (Map.Entry<Integer, Engine> e : byBase.entrySet()) {
            if (e.getValue() == engine) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("no " + engine.specName() + " engine in " + spec);
    }

    /** Each engine's bases (engines without a block left out). */
    public Map<Engine, List<Integer>> byEngine() {
        Map<Engine, List<Integer>> out = new EnumMap<>(Engine.class);
        for (Engine e : Engine.values()) {
            List<Integer> list = bases(e);
            if (!list.isEmpty()) {
                out.put(e, list);
            }
        }
        return out;
    }

    /**
     * This table, then the blocks of {@code other} at bases this one does not list (for a capture
     * whose generation is uncertain: the known layout wins where the two disagree).
     */
    public EngineBases orElse(EngineBases other) {
        Map<Integer, Engine> merged = new LinkedHashMap<>(byBase);
        other.byBase.forEach(merged::putIfAbsent);
        return new EngineBases(spec + "+" + other.spec, merged);
    }
}
