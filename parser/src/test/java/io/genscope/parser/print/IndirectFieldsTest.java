package io.genscope.parser.print;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.spec.FieldDef;
import io.genscope.spec.FieldType;
import io.genscope.spec.Layout;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The indirect-state decoders' shortcuts read what the full field list holds: a selection gives
 * the chosen entries of the full walk in its order (all of them where a chosen field repeats the
 * text before it), and the values read without printing are
 * what C's strtol makes of the printed text. Every layout of every built-in spec, random dwords
 * of random lengths.
 */
class IndirectFieldsTest {
    private static final List<Predicate<FieldDef>> RULES = List.of(
            f -> f.name().endsWith("Pointer") || f.name().startsWith("Pointer"),
            f -> f.type() instanceof FieldType.StructRef,
            f -> f.name().contains("Enable"),
            f -> f.name().hashCode() % 3 == 0);

    @Test
    void selectionsAndShortcutsMatchTheFullList() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        List<FieldSelection> selections = RULES.stream().map(FieldSelection::where).toList();
        for (String name : SpecLoader.BUILTIN) {
            Spec spec = SpecLoader.builtin(name);
            TextOut text = new TextOut(new StringBuilder(), spec);
            List<Layout> layouts = new ArrayList<>(spec.commands());
            layouts.addAll(spec.structs());
            for (Layout layout : layouts) {
                int[] p = new int[1 + random.nextInt(24)];
                for (int i = 0; i < p.length; i++) {
                    p[i] = random.nextInt(3) == 0 ? random.nextInt(16) : random.nextInt();
                }
                int off = random.nextInt(p.length);
                List<IndirectFields.Entry> all = IndirectFields.of(text, layout, p, off, p.length);
                for (int r = 0; r < RULES.size(); r++) {
                    Predicate<FieldDef> rule = RULES.get(r);
                    // a chosen field repeating its predecessor's text (mbo) makes the selection take all
                    boolean everything = java.util.Arrays.stream(text.plan(layout).fields)
                            .anyMatch(f -> f.kind == PrintPlan.MBO && rule.test(f.def));
                    List<String> expected = new ArrayList<>();
                    for (IndirectFields.Entry e : all) {
                        if (everything || rule.test(e.field())) {
                            expected.add(describe(e));
                        }
                    }
                    List<String> actual = IndirectFields.of(text, layout, p, off, p.length, selections.get(r)).stream()
                            .map(IndirectFieldsTest::describe).toList();
                    assertThat(actual).as("%s %s rule %d seed %d", name, layout.name(), r, seed).isEqualTo(expected);
                }
                for (IndirectFields.Entry e : all) {
                    String why = name + " " + layout.name() + " " + e.name() + " seed " + seed;
                    assertThat(e.number(16)).as(why).isEqualTo(IndirectFields.parseLeading(e.text(), 16));
                    assertThat(e.number(10)).as(why).isEqualTo(IndirectFields.parseLeading(e.text(), 10));
                    assertThat(e.printsTrue()).as(why).isEqualTo(e.text().equals("true"));
                }
            }
        }
    }

    private static String describe(IndirectFields.Entry e) {
        return e.name() + "@" + e.startBit() + "=" + e.raw() + " " + e.text();
    }
}
