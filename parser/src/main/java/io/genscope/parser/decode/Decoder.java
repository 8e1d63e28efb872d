package io.genscope.parser.decode;

import io.genscope.parser.capture.Problem;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.FieldDef;
import io.genscope.spec.LengthRules;
import io.genscope.spec.Member;
import io.genscope.spec.Spec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes dwords into commands using a {@link Spec}. Never throws on bad input: unknown headers and
 * commands cut off by the end of the buffer come back as {@link Problem}s next to what decoded.
 *
 * <pre>{@code
 * Decoder d = new Decoder(SpecLoader.builtin("gen9"));
 * Decoder.Result r = d.decode(Engine.RENDER, dwords, 0, dwords.length, 0x10000, AddressSpace.GGTT);
 * for (Command c : r.commands()) System.out.println(c.name() + " " + d.fields(c));
 * }</pre>
 */
public final class Decoder {
    private final Spec spec;

    public Decoder(Spec spec) {
        this.spec = spec;
    }

    public Spec spec() {
        return spec;
    }

    /** Commands and problems of one linear decode. */
    public record Result(List<Command> commands, List<Problem> problems) {
    }

    /** The definition matching dword 0 on this engine, or null. */
    public CommandDef identify(Engine engine, int dw0) {
        return spec.find(engine, dw0);
    }

    /** A command's length in dwords from dword 0 (at least 1; the generic rule for unknown ones). */
    public static int length(CommandDef def, int dw0) {
        return def != null ? def.length(dw0) : Math.max(1, LengthRules.fallback(dw0));
    }

    /** Decodes {@code count} dwords at {@code off} as one linear stream starting at {@code address}. */
    public Result decode(Engine engine, int[] dwords, int off, int count, long address, AddressSpace space) {
        List<Command> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int end = Math.min(dwords.length, off + Math.max(0, count));
        int i = Math.max(0, off);
        while (i < end) {
            long a = address + 4L * (i - off);
            Command c = decodeOne(engine, dwords, i, end, a, space);
            out.add(c);
            if (c.def() == null) {
                problems.add(new Problem(Problem.Kind.UNKNOWN_COMMAND, a,
                        String.format("no %s command matches dword 0x%08x", engine.specName(), c.header())));
            }
            if (c.truncated()) {
                problems.add(new Problem(Problem.Kind.COMMAND_TRUNCATED, a, c.name() + " needs " + c.length()
                        + " dwords, the buffer has " + c.dwords().length));
            }
            i += c.length();
        }
        return new Result(out, problems);
    }

    /** Decodes the command at {@code dwords[i]}, reading no further than {@code end}. */
    public Command decodeOne(Engine engine, int[] dwords, int i, int end, long address, AddressSpace space) {
        int dw0 = dwords[i];
        CommandDef def = spec.find(engine, dw0);
        int len = length(def, dw0);
        int avail = Math.min(len, end - i);
        return new Command(address, engine, space, def, len, Arrays.copyOfRange(dwords, i, i + avail));
    }

    /** Every field of a command in printing order (empty for unknown commands). */
    public List<FieldValue> fields(Command c) {
        List<FieldValue> out = new ArrayList<>();
        if (c.def() == null) {
            return out;
        }
        CommandDef def = c.def();
        FieldValues.walk(spec, def, c.dwords(), 0, c.dwords().length, 0,
                (f, name, s, e, raw, text) -> out.add(new FieldValue(name, f, s, e, raw, text,
                        s == f.start() && def.isHeaderField(f))));
        return out;
    }

    /** The value of a top-level field by name, or {@code fallback} when the command has no such field. */
    public static long field(Command c, String name, long fallback) {
        if (c.def() == null) {
            return fallback;
        }
        FieldDef f = c.def().field(name);
        return f == null ? fallback : FieldValues.raw(f, c.dwords(), 0, c.dwords().length);
    }

    /** Whether every validity condition of a field holds in this command. */
    public static boolean holds(Command c, FieldDef f) {
        for (io.genscope.spec.ValidWhen w : f.conditions()) {
            if (!w.test(field(c, w.field(), 0))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The graphics addresses a command holds, with the space each names; fields whose validity
     * condition does not hold (a PIPE_CONTROL without post-sync write) are left out.
     *
     * <p>Top-level fields come as their own name; fields in repeated groups carry the element
     * index ({@code Memory Address[1]}); fields of nested structures are named by the path to them
     * ({@code Vertex Buffer State[0].Buffer Starting Address}, {@code Constant Body.Buffer[2]}). A
     * gate or condition is read from the innermost enclosing group element or structure that has a
     * field of that name, else from the command's top level. Group elements are listed while they
     * start inside the dwords available.
     */
    public List<AddressRef> addresses(Command c) {
        List<AddressRef> out = new ArrayList<>();
        if (c.def() == null) {
            return out;
        }
        new AddressWalk(c, out).members(c.def().members(), null, 0, "", "");
        return out;
    }

    /** Finds address fields through groups and structures, in member order. */
    private final class AddressWalk {
        private final Command c;
        private final List<AddressRef> out;
        private final int bits;

        /** The enclosing member lists (innermost last) and where each sits: gates are looked up there. */
        private record Frame(List<Member> members, int base, Frame outer) {
        }

        AddressWalk(Command c, List<AddressRef> out) {
            this.c = c;
            this.out = out;
            this.bits = 32 * c.dwords().length;
        }

        /**
         * @param base where the members' bit 0 sits in the command
         * @param prefix the path of enclosing structures ({@code "Vertex Buffer State[0]."})
         * @param suffix the indices of enclosing groups inside the current structure ({@code "[1]"})
         */
        void members(List<Member> members, Frame outer, int base, String prefix, String suffix) {
            Frame frame = new Frame(members, base, outer);
            for (Member m : members) {
                if (m instanceof FieldDef f) {
                    field(f, frame, prefix, suffix);
                } else {
                    io.genscope.spec.GroupDef g = (io.genscope.spec.GroupDef) m;
                    for (int i = 0; g.variable() || i < g.count(); i++) {
                        int element = base + g.start() + i * g.stride();
                        if (element >= bits || element < 0) {
                            break;
                        }
                        members(g.members(), frame, element, prefix, suffix + "[" + i + "]");
                    }
                }
            }
        }

        private void field(FieldDef f, Frame frame, String prefix, String suffix) {
            int start = frame.base() + f.start();
            if (start >= bits) {
                return;
            }
            if (f.type() instanceof io.genscope.spec.FieldType.StructRef ref) {
                io.genscope.spec.StructDef s = spec.struct(ref.name());
                if (s != null) {
                    members(s.members(), frame, start, prefix + f.name() + suffix + ".", "");
                }
                return;
            }
            if (!f.isAddress()) {
                return;
            }
            for (io.genscope.spec.ValidWhen w : f.conditions()) {
                if (!w.test(named(w.field(), frame))) {
                    return;
                }
            }
            long gate = f.space().gate() == null ? 0 : named(f.space().gate(), frame);
            int end = frame.base() + f.end();
            out.add(new AddressRef(prefix + f.name() + suffix, bitsAt(f, start, end),
                    f.space().resolve(gate, c.space()), start, end));
        }

        /** A gate or condition field: from the innermost enclosing member list that has it. */
        private long named(String name, Frame frame) {
            for (Frame fr = frame; fr != null; fr = fr.outer()) {
                for (Member m : fr.members()) {
                    if (m instanceof FieldDef g && g.name().equals(name)) {
                        return bitsAt(g, fr.base() + g.start(), fr.base() + g.end());
                    }
                }
            }
            return 0;
        }

        private long bitsAt(FieldDef f, int start, int end) {
            FieldDef shifted = new FieldDef(f.name(), start, end, f.type(), null, false, java.util.Map.of(), f.space(),
                    List.of(), f.line());
            return FieldValues.raw(shifted, c.dwords(), 0, c.dwords().length);
        }
    }
}
