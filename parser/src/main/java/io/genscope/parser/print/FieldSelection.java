package io.genscope.parser.print;

import io.genscope.spec.FieldDef;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The fields an indirect-state decoder reads, chosen by a rule on their definitions, so that
 * {@link IndirectFields} makes entries for those alone. The rule may choose more fields than the
 * decoder looks at (it sees them by their definition, not by their printed name), never fewer.
 * Compiled once per print plan ({@link PrintPlan#selection}).
 */
final class FieldSelection {
    private final Predicate<FieldDef> rule;

    private FieldSelection(Predicate<FieldDef> rule) {
        this.rule = rule;
    }

    /** The fields with one of these names (group fields by their name without indices). */
    static FieldSelection named(String... names) {
        Set<String> set = Set.of(names);
        return new FieldSelection(f -> set.contains(f.name()));
    }

    static FieldSelection where(Predicate<FieldDef> rule) {
        return new FieldSelection(rule);
    }

    /**
     * What the rule chooses in one plan, by field id.
     *
     * @param all every field (also when a chosen field repeats its predecessor's text: mbo)
     * @param chosen whether each field is chosen
     * @param flat the chosen ids in order when the plan has no groups (its fields' places are
     *     fixed), else null
     */
    record Compiled(boolean all, boolean[] chosen, int[] flat) {
    }

    Compiled compile(PrintPlan plan) {
        PrintPlan.Field[] fields = plan.fields;
        boolean[] chosen = new boolean[fields.length];
        int count = 0;
        boolean all = false;
        for (int id = 0; id < fields.length; id++) {
            chosen[id] = rule.test(fields[id].def);
            if (chosen[id]) {
                count++;
                all |= fields[id].kind == PrintPlan.MBO;
            }
        }
        int[] flat = null;
        if (plan.reach != null) {
            flat = new int[count];
            for (int id = 0, k = 0; id < fields.length; id++) {
                if (chosen[id]) {
                    flat[k++] = id;
                }
            }
        }
        return new Compiled(all, chosen, flat);
    }
}
