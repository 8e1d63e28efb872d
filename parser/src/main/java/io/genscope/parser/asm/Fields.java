package io.genscope.parser.asm;

import io.genscope.parser.asm.Syntax.Segment;
import io.genscope.spec.CommandDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.FieldType;
import io.genscope.spec.GroupDef;
import io.genscope.spec.Layout;
import io.genscope.spec.Member;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves field paths against a command's layout: a field name with one index per repeated
 * group around it ({@code "Data DWord"[1]}), then, for struct-typed fields, a field of the struct
 * ({@code "Element"[0]."Valid"}).
 */
final class Fields {
    /** Bits beyond this are refused (1 Mi dwords, larger than any DWord Length can say). */
    static final long MAX_BIT = 32L << 20;

    private Fields() {
    }

    /** Why a path does not resolve; the message names the valid choices. */
    static final class Unresolved extends Exception {
        final Syntax.Pos pos;

        Unresolved(Syntax.Pos pos, String message) {
            super(message, null, false, false);
            this.pos = pos;
        }
    }

    static FieldRef resolve(Spec spec, CommandDef command, List<Segment> path) throws Unresolved {
        Layout layout = command;
        long base = 0;
        long groupEnd = 0;
        StringBuilder display = new StringBuilder();
        FieldRef ref = null;
        for (int s = 0; s < path.size(); s++) {
            Segment seg = path.get(s);
            if (layout == null) {
                throw new Unresolved(seg.pos(), "field " + display + " is not a struct: it has no field "
                        + Syntax.quote(seg.name()));
            }
            Deque<GroupDef> chain = new ArrayDeque<>();
            FieldDef f = find(layout.members(), seg.name(), seg.indices().size(), chain);
            if (f == null) {
                throw new Unresolved(seg.pos(), notFound(layout, seg, s == 0 ? command.name() : display.toString()));
            }
            if (display.length() > 0) {
                display.append('.');
            }
            display.append(Syntax.quote(seg.name()));
            long elementEnd = -1;
            int k = 0;
            for (GroupDef g : chain) {
                long i = seg.indices().get(k++);
                display.append('[').append(i).append(']');
                if (i < 0 || i >= MAX_BIT) {
                    throw new Unresolved(seg.pos(), "index " + Long.toUnsignedString(i) + " is too large");
                }
                if (!g.variable() && i >= g.count()) {
                    throw new Unresolved(seg.pos(), "index " + i + " out of range: " + Syntax.quote(seg.name())
                            + " is in a group of " + g.count() + " elements (0.." + (g.count() - 1) + ")");
                }
                base += g.start() + i * g.stride();
                if (base >= MAX_BIT) {
                    throw new Unresolved(seg.pos(), "index " + i + " puts " + Syntax.quote(seg.name())
                            + " past 1 Mi dwords");
                }
                if (elementEnd < 0) {
                    elementEnd = base + g.stride();
                }
            }
            long start = base + f.start();
            long end = base + f.end();
            if (end >= MAX_BIT) {
                throw new Unresolved(seg.pos(), Syntax.quote(seg.name()) + " lies past 1 Mi dwords");
            }
            groupEnd = Math.max(groupEnd, elementEnd);
            ref = new FieldRef(display.toString(), f, (int) start, (int) end, (int) groupEnd);
            base = start;
            layout = f.type() instanceof FieldType.StructRef sr ? spec.struct(sr.name()) : null;
        }
        return ref;
    }

    /** The field named {@code name} inside exactly {@code depth} nested groups; the groups go to {@code chain}. */
    private static FieldDef find(List<Member> members, String name, int depth, Deque<GroupDef> chain) {
        for (Member m : members) {
            if (m instanceof FieldDef f) {
                if (depth == 0 && f.name().equals(name)) {
                    return f;
                }
            } else if (depth > 0) {
                GroupDef g = (GroupDef) m;
                chain.addLast(g);
                FieldDef f = find(g.members(), name, depth - 1, chain);
                if (f != null) {
                    return f;
                }
                chain.removeLast();
            }
        }
        return null;
    }

    private static String notFound(Layout layout, Segment seg, String where) {
        List<String> names = names(layout);
        String wanted = Syntax.quote(seg.name());
        java.util.TreeSet<Integer> depths = new java.util.TreeSet<>();
        for (String n : names) {
            String bare = n.replace("[i]", "");
            if (bare.equals(wanted)) {
                depths.add((n.length() - bare.length()) / 3);
            }
        }
        if (!depths.isEmpty()) {
            StringBuilder need = new StringBuilder();
            for (int d : depths) {
                need.append(need.length() == 0 ? "" : " or ").append(d);
            }
            int given = seg.indices().size();
            String example = depths.last() == 0 ? "" : "; write " + wanted + "[0]".repeat(depths.last()) + ", "
                    + wanted + "[0]".repeat(depths.last() - 1) + "[1], ...";
            return wanted + " in " + where + " takes " + need + " index" + (depths.size() == 1 && depths.first() == 1
                    ? "" : "es") + " (one per repeated group around it), not " + given + example;
        }
        String guess = Names.closest(seg.name(), names.stream().map(n -> Reader.unquote(n.replace("[i]", ""))).toList());
        return "unknown field " + wanted + " in " + where + (guess == null ? "" : " (did you mean \"" + guess + "\"?)")
                + "; its fields: " + String.join(", ", names);
    }

    /** Every field name of a layout as it is written, {@code "Name"[i]} inside groups. */
    static List<String> names(Layout layout) {
        Set<String> out = new LinkedHashSet<>();
        names(layout.members(), "", out);
        return new ArrayList<>(out);
    }

    private static void names(List<Member> members, String suffix, Set<String> out) {
        for (Member m : members) {
            if (m instanceof FieldDef f) {
                out.add(Syntax.quote(f.name()) + suffix);
            } else {
                names(((GroupDef) m).members(), suffix + "[i]", out);
            }
        }
    }

    /** The struct a field holds, or null. */
    static StructDef struct(Spec spec, FieldDef f) {
        return f.type() instanceof FieldType.StructRef sr ? spec.struct(sr.name()) : null;
    }
}
