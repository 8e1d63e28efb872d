package io.genscope.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every command of every built-in spec that has a field able to hold a GGTT address, an
 * assembled instance is rewritten in each form and checked bit by bit against the test's own
 * expectation:
 *
 * <ul>
 *   <li>GGTT form: the field's gate selects the GGTT (or, for fields that follow their batch, the
 *       batch runs from the GGTT) and its conditions hold: the address moves by its window's delta;
 *   <li>PPGTT form: the gate selects the PPGTT, or the batch runs from the PPGTT: nothing changes;
 *   <li>each condition broken in turn (index mode, no post-sync write, ...): the field stays;
 * </ul>
 *
 * and in every form every other bit of the command (flags sharing the address dwords, low bits
 * under the alignment, other fields) is unchanged. Groups repeating to the end get two elements.
 * Seed: {@code -Dgenscope.seed=N}.
 */
class EveryAddressCommandTest {
    static final long SEED = Long.getLong("genscope.seed", 0x5eed_c0deL);
    /** Guest windows below 1 GiB, host windows in [1 GiB, 2 GiB): every 32-bit field can hold both. */
    static final WindowMap LOW = WindowMap.of(new Window(0, 256L << 20), new Window(256L << 20, 768L << 20),
            1L << 30, (1L << 30) + (256L << 20));
    /** The same guest windows with the host hidden window above 2^47: canonical addresses get bits 63:48 set. */
    static final WindowMap HIGH = WindowMap.of(LOW.guestAperture(), LOW.guestHidden(), 1L << 30, 0xffff_8000_0000L);

    record Case(String form, AddressSpace batch, int[] dwords) {
    }

    static Stream<Arguments> commands() {
        List<Arguments> out = new ArrayList<>();
        for (String gen : SpecLoader.BUILTIN) {
            Spec spec = SpecLoader.builtin(gen);
            for (CommandDef def : spec.commands()) {
                List<Sites.Site> sites = Sites.of(spec, def, 2);
                if (sites.stream().anyMatch(Sites.Site::canBeGgtt)) {
                    out.add(Arguments.of(gen, def.name(), "low"));
                    out.add(Arguments.of(gen, def.name(), "high"));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}, host windows {2}")
    @MethodSource("commands")
    void everyFormRewritesExactlyItsGgttAddresses(String gen, String name, String hostWindows) {
        WindowMap map = hostWindows.equals("low") ? LOW : HIGH;
        Spec spec = SpecLoader.builtin(gen);
        CommandDef def = spec.command(name);
        SplittableRandom rnd = new SplittableRandom(SEED ^ name.hashCode() ^ gen.hashCode());
        List<Sites.Site> sites = Sites.of(spec, def, 2);
        int dwords = Sites.dwords(def, sites);
        assertThat(Sites.lengthFits(def, dwords)).as("length %d of %s", dwords, name).isTrue();
        int[] base = Sites.instance(def, dwords, sites,
                List.of(map.guestAperture(), map.guestHidden()), rnd);
        CommandRewriter rewriter = new CommandRewriter(spec, map);
        int moved = 0;
        for (Sites.Site subject : sites) {
            if (!subject.canBeGgtt() || subject.end() >= 32 * dwords) {
                continue;
            }
            for (Case c : cases(subject, base)) {
                int[] actual = c.dwords().clone();
                int n = rewriter.rewriteCommand(def, actual, 0, actual.length, RewriteSink.NONE);
                if (c.batch() == AddressSpace.PPGTT) {
                    actual = c.dwords().clone();
                    n = rewriter.rewrite(def.engines().iterator().next(), AddressSpace.PPGTT, actual, 0, actual.length,
                            RewriteSink.NONE);
                }
                int[] expected = Expect.after(map, c.dwords(), sites, c.batch());
                String what = String.format("seed %d: %s %s, %s form of %s", SEED, gen, name, c.form(), subject.name());
                if (!java.util.Arrays.equals(actual, expected)) {
                    assertThat(hex(actual)).as(what).isEqualTo(hex(expected));
                }
                long old = subject.get(c.dwords());
                long now = subject.get(actual);
                if (c.form().equals("GGTT")) {
                    assertThat(now).as(what).isEqualTo(Expect.moved(map, old, subject.shift(), subject.top()));
                    moved += now != old ? 1 : 0;
                } else {
                    assertThat(now).as(what).isEqualTo(old);
                }
                assertThat(n).as(what + ": count").isEqualTo(changedSites(sites, c.dwords(), actual));
            }
        }
        int room = map == LOW ? 31 : 48; // bits a field needs to hold any host address of the map
        boolean anyRoom = sites.stream().anyMatch(s -> s.canBeGgtt() && s.end() < 32 * dwords && s.top() >= room);
        if (anyRoom) {
            assertThat(moved).as("%s %s: some address moved", gen, name).isPositive();
        }
    }

    private static int changedSites(List<Sites.Site> sites, int[] before, int[] after) {
        int n = 0;
        for (Sites.Site s : sites) {
            if (s.end() < 32 * before.length && s.get(before) != s.get(after)) {
                n++;
            }
        }
        return n;
    }

    /** The forms of one subject field: GGTT, PPGTT, and each of its conditions broken. */
    static List<Case> cases(Sites.Site s, int[] base) {
        List<Case> out = new ArrayList<>();
        int[] ggtt = base.clone();
        for (Sites.Cond c : s.conds()) {
            if (c.ref() != null) {
                c.ref().set(ggtt, c.equal() ? c.value() : c.value() + 1);
            }
        }
        setGate(s, ggtt, true);
        out.add(new Case("GGTT", AddressSpace.GGTT, ggtt));
        if (s.gate() != null) {
            int[] ppgtt = ggtt.clone();
            setGate(s, ppgtt, false);
            out.add(new Case("PPGTT (gate)", AddressSpace.GGTT, ppgtt));
        }
        out.add(new Case("PPGTT (batch)", AddressSpace.PPGTT, ggtt));
        for (int i = 0; i < s.conds().size(); i++) {
            Sites.Cond c = s.conds().get(i);
            if (c.ref() == null || c.ref().f() == s.f()) {
                continue;
            }
            int[] broken = ggtt.clone();
            long width = c.ref().f().width();
            long bad = c.equal() ? (c.value() + 1) & ((1L << width) - 1) : c.value();
            c.ref().set(broken, bad);
            out.add(new Case("condition " + c.ref().f().name() + (c.equal() ? " != " : " == ") + c.value()
                    + " (not an address)", AddressSpace.GGTT, broken));
        }
        return out;
    }

    private static void setGate(Sites.Site s, int[] d, boolean ggtt) {
        if (s.gate() == null) {
            return;
        }
        long v = s.rule().gateValue();
        boolean selectsNamed = s.rule().kind() == io.genscope.spec.SpaceRule.Kind.GGTT == ggtt;
        long width = s.gate().f().width();
        s.gate().set(d, selectsNamed ? v : (v + 1) & ((1L << width) - 1));
    }

    private static List<String> hex(int[] d) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            out.add(String.format("dw%d=%08x", i, d[i]));
        }
        return out;
    }

    static Engine engine(CommandDef def) {
        return def.engines().iterator().next();
    }
}
