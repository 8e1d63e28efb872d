package io.genscope.parser.print;

import io.genscope.spec.EnumDef;
import io.genscope.spec.Layout;
import io.genscope.spec.Spec;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The print plans of one spec, compiled on first use of each layout and shared by every printer
 * of that spec (also across threads: plans do not change once compiled).
 */
final class PrintPlans {
    private static final Map<Spec, PrintPlans> BY_SPEC = new WeakHashMap<>();

    private final Map<Layout, PrintPlan> plans = new IdentityHashMap<>();
    /** SURFACE_FORMAT names, appended to surface format fields that have no names of their own; or null. */
    final PrintPlan.EnumTable surfaceFormats;
    /** The same names as text, for the indirect-state decoders (empty when the spec has none). */
    final Map<Long, String> surfaceFormatNames;

    private PrintPlans(Spec spec) {
        EnumDef formats = spec.enumeration("SURFACE_FORMAT");
        this.surfaceFormatNames = formats == null ? Map.of() : formats.values();
        this.surfaceFormats = formats == null || formats.values().isEmpty() ? null
                : PrintPlan.EnumTable.of(formats.values());
    }

    static PrintPlans of(Spec spec) {
        synchronized (BY_SPEC) {
            return BY_SPEC.computeIfAbsent(spec, PrintPlans::new);
        }
    }

    synchronized PrintPlan plan(Layout layout) {
        PrintPlan p = plans.get(layout);
        if (p == null) {
            p = PrintPlan.compile(layout, surfaceFormats == null ? 0 : surfaceFormats.maxLength);
            plans.put(layout, p);
        }
        return p;
    }
}
