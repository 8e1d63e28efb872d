package io.genscope.rewriter;

import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.FieldType;
import io.genscope.spec.GroupDef;
import io.genscope.spec.Member;
import io.genscope.spec.SpaceRule;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import io.genscope.spec.ValidWhen;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test-side view of where a command's address fields are and what makes each a GGTT address,
 * worked out from the spec on its own (not with the rewriter's plan), plus a builder of command
 * instances with chosen addresses.
 */
final class Sites {
    /** A field read to decide: the field and where its layout starts; null when the spec names none. */
    record Ref(FieldDef f, int base) {
        long get(int[] d) {
            return FieldEncoder.get(d, base, f);
        }

        void set(int[] d, long value) {
            FieldEncoder.set(d, base, f, value & (f.width() >= 64 ? -1L : (1L << f.width()) - 1));
        }
    }

    record Cond(Ref ref, boolean equal, long value) {
        boolean holds(int[] d) {
            return ((ref == null ? 0 : ref.get(d)) == value) == equal;
        }
    }

    /** One address field (one element of a group). */
    record Site(String name, FieldDef f, int base, SpaceRule rule, Ref gate, List<Cond> conds) {
        int start() {
            return base + f.start();
        }

        int end() {
            return base + f.end();
        }

        int shift() {
            return start() & 31;
        }

        int top() {
            return shift() + f.width();
        }

        long get(int[] d) {
            return FieldEncoder.get(d, base, f);
        }

        void set(int[] d, long address) {
            FieldEncoder.set(d, base, f, address);
        }

        /** Whether this site is a GGTT address in {@code d} running from {@code batch}. */
        boolean ggtt(int[] d, AddressSpace batch) {
            for (Cond c : conds) {
                if (!c.holds(d)) {
                    return false;
                }
            }
            long gateValue = gate == null ? 0 : gate.get(d);
            return rule.resolve(gateValue, batch) == AddressSpace.GGTT;
        }

        /** Whether a gate setting can make it GGTT at all. */
        boolean canBeGgtt() {
            return !(rule.kind() == SpaceRule.Kind.PPGTT && rule.gate() == null);
        }
    }

    private record Frame(List<Member> members, int base, Frame outer) {
    }

    private Sites() {
    }

    /** Address sites of {@code def}, with {@code elements} elements for each group repeating to the end. */
    static List<Site> of(Spec spec, CommandDef def, int elements) {
        List<Site> out = new ArrayList<>();
        walk(spec, def.members(), null, 0, "", "", elements, out);
        return out;
    }

    private static void walk(Spec spec, List<Member> members, Frame outer, int base, String prefix, String suffix,
            int elements, List<Site> out) {
        Frame frame = new Frame(members, base, outer);
        for (Member m : members) {
            if (m instanceof GroupDef g) {
                int n = g.variable() ? elements : g.count();
                for (int i = 0; i < n; i++) {
                    walk(spec, g.members(), frame, base + g.start() + i * g.stride(), prefix, suffix + "[" + i + "]",
                            elements, out);
                }
            } else {
                FieldDef f = (FieldDef) m;
                if (f.type() instanceof FieldType.StructRef ref) {
                    StructDef s = spec.struct(ref.name());
                    if (s != null) {
                        walk(spec, s.members(), frame, base + f.start(), prefix + f.name() + suffix + ".", "", elements,
                                out);
                    }
                } else if (f.isAddress()) {
                    SpaceRule rule = f.space() == null ? SpaceRule.BATCH : f.space();
                    List<Cond> conds = new ArrayList<>();
                    for (ValidWhen w : f.conditions()) {
                        conds.add(new Cond(find(frame, w.field()), w.equal(), w.value()));
                    }
                    out.add(new Site(prefix + f.name() + suffix, f, base, rule,
                            rule.gate() == null ? null : find(frame, rule.gate()), conds));
                }
            }
        }
    }

    private static Ref find(Frame frame, String name) {
        for (Frame f = frame; f != null; f = f.outer()) {
            for (Member m : f.members()) {
                if (m instanceof FieldDef d && d.name().equals(name)) {
                    return new Ref(d, f.base());
                }
            }
        }
        return null;
    }

    /** Dwords a command needs to hold all its sites (at least its nominal length). */
    static int dwords(CommandDef def, List<Site> sites) {
        int n = def.fixedDwords();
        if (n == 0 && def.lengthField() != null && def.lengthField().defaultValue() != null) {
            n = (int) (def.lengthField().defaultValue() + def.bias());
        }
        if (def.lengthField() != null) {
            for (Site s : sites) {
                n = Math.max(n, s.end() / 32 + 1);
            }
        }
        return Math.max(1, n);
    }

    /** Whether a length fits the command's DWord Length field (or the command is that long anyway). */
    static boolean lengthFits(CommandDef def, int dwords) {
        FieldDef l = def.lengthField();
        if (l == null) {
            return def.length(0) == dwords || def.fixedDwords() == dwords;
        }
        long v = dwords - def.bias();
        return v >= 0 && v < (1L << l.width());
    }

    /**
     * A command instance: random bits everywhere, then its header and length, then an address
     * inside {@code windows} (a random one of them) at every site that can hold one.
     */
    static int[] instance(CommandDef def, int dwords, List<Site> sites, List<Window> windows, SplittableRandom rnd) {
        int[] d = new int[dwords];
        for (int i = 1; i < dwords; i++) {
            d[i] = rnd.nextInt();
        }
        int[] header = FieldEncoder.command(def, dwords);
        // dword 0: random flag bits outside the header and length fields
        int keep = def.headerMask() | (def.lengthField() == null ? 0 : (int) (((1L << def.lengthField().width()) - 1)
                << def.lengthField().start()));
        d[0] = (header[0] & keep) | (rnd.nextInt() & ~keep);
        for (Site s : sites) {
            if (s.end() < 32 * dwords) {
                long a = address(s, windows, rnd);
                if (s.top() > 48 && rnd.nextBoolean()) {
                    // bits 63:48 that are not a sign extension of bit 47: the hardware ignores them
                    long high = (rnd.nextLong() & ((1L << (s.top() - 48)) - 1)) | 1;
                    if (high == (1L << (s.top() - 48)) - 1) {
                        high ^= 2;
                    }
                    a |= high << 48;
                }
                s.set(d, a);
            }
        }
        return d;
    }

    /** A page-offset-preserving address inside one of {@code windows} that the site can hold, else 0. */
    static long address(Site s, List<Window> windows, SplittableRandom rnd) {
        long align = (1L << s.shift()) - 1;
        for (int attempt = 0; attempt < 16; attempt++) {
            Window w = windows.get(rnd.nextInt(windows.size()));
            long a = (w.base() + rnd.nextLong(w.size())) & ~align;
            if (w.contains(a) && (s.top() >= 48 || a >>> s.top() == 0)) {
                return a;
            }
        }
        return 0;
    }
}
