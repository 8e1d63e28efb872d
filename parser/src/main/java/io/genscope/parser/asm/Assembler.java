package io.genscope.parser.asm;

import io.genscope.parser.aub.Device;
import io.genscope.parser.asm.CommandEncoder.Override;
import io.genscope.parser.asm.CommandEncoder.Setting;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecException;
import io.genscope.spec.SpecLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GenAsm text to dwords (the language is described in {@code GenAsm.g4}).
 *
 * <pre>{@code
 * Program p = new Assembler().assemble("lri.gasm", """
 *     .gen gen9
 *     MI_LOAD_REGISTER_IMM "Register Offset"=0x2580 "Data DWord"=0x10001
 *     """);
 * int[] dwords = p.dwords();   // 0x11000001, 0x00002580, 0x00010001
 * }</pre>
 *
 * Two passes: the first lays statements out (lengths never depend on labels defined later) and
 * gives labels their addresses; the second encodes again the statements that used a label
 * defined after them. Every error is collected with its line and column; a listing with errors
 * throws one {@link AsmException} holding them all. Nothing else is thrown, whatever the text.
 */
public final class Assembler {
    /** Errors collected before giving up. */
    public static final int MAX_ERRORS = 100;
    /** The most dwords a listing may produce. */
    public static final int MAX_TOTAL_DWORDS = 16 << 20;

    private final Spec defaultSpec;

    /** An assembler for listings that name their generation with {@code .gen}. */
    public Assembler() {
        this(null);
    }

    /** An assembler using {@code defaultSpec} until a {@code .gen} directive says otherwise. */
    public Assembler(Spec defaultSpec) {
        this.defaultSpec = defaultSpec;
    }

    /**
     * Assembles a listing.
     *
     * @param source the listing's name, used in error positions ({@code file.gasm})
     * @throws AsmException with every error (line:column and message) when it does not assemble
     */
    public Program assemble(String source, CharSequence text) {
        Diagnostics d = new Diagnostics(source);
        try {
            List<Syntax.Stmt> statements = new Reader(source, d.errors()).read(text);
            if (d.count() > 0) {
                throw new AsmException(d.errors());
            }
            Program p = new Run(d).run(statements);
            if (d.count() > 0) {
                List<AsmError> sorted = new ArrayList<>(d.errors());
                sorted.sort(java.util.Comparator.comparingInt(AsmError::line).thenComparingInt(AsmError::column));
                throw new AsmException(sorted);
            }
            return p;
        } catch (StackOverflowError e) {
            throw new AsmException(List.of(new AsmError(source, 1, 1, "listing nested too deeply to assemble")));
        }
    }

    /** The generation a {@code .gen} name stands for: a spec name or a platform, or null. */
    static Spec spec(String name) {
        return Device.specForPlatform(name).map(s -> {
            try {
                return SpecLoader.builtin(s);
            } catch (SpecException e) {
                return null;
            }
        }).orElse(null);
    }

    /** One assembly: the state the directives change, the sections being filled, the labels. */
    private final class Run {
        private final Diagnostics d;
        private final Map<String, Long> labels = new LinkedHashMap<>();
        private final Map<String, Integer> labelLines = new HashMap<>();
        private final List<SectionBuilder> sections = new ArrayList<>();
        private final List<Placement> placements = new ArrayList<>();
        private final List<Pending> pending = new ArrayList<>();
        private Spec spec = defaultSpec;
        private Engine engine = Engine.RENDER;
        private AddressSpace space = AddressSpace.GGTT;
        private long address;
        private SectionBuilder current;
        private long total;

        Run(Diagnostics d) {
            this.d = d;
        }

        /** A statement that used a label defined after it, encoded again in the second pass. */
        private record Pending(Syntax.Stmt stmt, Spec spec, Engine engine, SectionBuilder section, int offset, int length) {
        }

        Program run(List<Syntax.Stmt> statements) {
            for (Syntax.Stmt s : statements) {
                if (d.count() >= MAX_ERRORS) {
                    break;
                }
                statement(s);
            }
            Eval last = new Eval(labels, true, d).commandNames(this::isCommand);
            for (Pending p : pending) {
                int[] dwords = emit(p.stmt(), p.spec(), p.engine(), last);
                if (dwords == null) {
                    continue;
                }
                if (dwords.length != p.length()) {
                    d.error(p.stmt().pos(), "the length of this statement depends on a label defined after it");
                    continue;
                }
                System.arraycopy(dwords, 0, p.section().data, p.offset(), dwords.length);
            }
            List<Section> out = new ArrayList<>();
            List<Placement> placed = new ArrayList<>();
            Map<SectionBuilder, Integer> index = new HashMap<>();
            for (SectionBuilder b : sections) {
                if (b.size > 0) {
                    index.put(b, out.size());
                    out.add(new Section(b.spec, b.engine, b.space, b.address, java.util.Arrays.copyOf(b.data, b.size)));
                }
            }
            for (Placement p : placements) {
                Integer at = index.get(sections.get(p.section()));
                if (at != null) { // null only for statements that failed and produced nothing
                    placed.add(new Placement(p.line(), p.column(), p.name(), at, p.offset(), p.length(), p.address()));
                }
            }
            return new Program(out, placed, labels);
        }

        private void statement(Syntax.Stmt s) {
            if (s instanceof Syntax.Label l) {
                label(l);
            } else if (s instanceof Syntax.Gen g) {
                Spec next = spec(g.name());
                if (next == null) {
                    d.error(g.pos(), "unknown generation " + g.name() + " (" + String.join(", ", SpecLoader.BUILTIN)
                            + ", or a platform: " + String.join(", ", Device.platforms()) + ")");
                } else if (next != spec) {
                    spec = next;
                    current = null;
                }
            } else if (s instanceof Syntax.EngineDir e) {
                try {
                    Engine next = Engine.parse(e.name());
                    if (next != engine) {
                        engine = next;
                        current = null;
                    }
                } catch (IllegalArgumentException ex) {
                    d.error(e.pos(), ex.getMessage());
                }
            } else if (s instanceof Syntax.Org o) {
                org(o);
            } else {
                place(s);
            }
        }

        /** Whether a name is a command (an undefined label that is one usually means a missing value). */
        private boolean isCommand(String name) {
            return (spec != null && spec.command(name) != null) || (defaultSpec != null && defaultSpec.command(name) != null);
        }

        private void label(Syntax.Label l) {
            if (l.name().equals("true") || l.name().equals("false")) {
                d.error(l.pos(), l.name() + " is a value, not a label name");
            } else if (labels.containsKey(l.name())) {
                d.error(l.pos(), "label " + l.name() + " already defined at line " + labelLines.get(l.name()));
            } else {
                labels.put(l.name(), address);
                labelLines.put(l.name(), l.pos().line());
            }
        }

        private void org(Syntax.Org o) {
            Eval ev = new Eval(labels, false, d);
            Long a = ev.integer(o.address(), Map.of(), ".org");
            if (ev.pending()) {
                d.error(o.pos(), ".org can only use labels defined before it");
                return;
            }
            if (a == null) {
                return;
            }
            if ((a & 3) != 0) {
                d.error(o.address().pos(), ".org " + Values.hex(a) + " is not dword aligned");
                return;
            }
            address = a;
            if (o.ppgtt() != null) {
                space = o.ppgtt() ? AddressSpace.PPGTT : AddressSpace.GGTT;
            }
            current = null;
        }

        /** A command or .dword statement: encoded now, or again in the second pass. */
        private void place(Syntax.Stmt s) {
            if (current == null) {
                current = new SectionBuilder(spec, engine, space, address);
                sections.add(current);
            }
            int mark = d.count();
            Eval ev = new Eval(labels, false, d).commandNames(this::isCommand);
            int[] dwords = emit(s, spec, engine, ev);
            if (ev.pending()) {
                d.truncate(mark);
                pending.add(new Pending(s, spec, engine, current, current.size, dwords == null ? 1 : dwords.length));
            }
            if (dwords == null) {
                dwords = new int[ev.pending() ? 1 : 0];
            }
            if (total + dwords.length > MAX_TOTAL_DWORDS) {
                d.error(s.pos(), "the listing makes more than " + MAX_TOTAL_DWORDS + " dwords");
                return;
            }
            total += dwords.length;
            String name = s instanceof Syntax.Cmd c ? c.name() : ".dword";
            placements.add(new Placement(s.pos().line(), s.pos().column(), name, sections.size() - 1, current.size,
                    dwords.length, address));
            current.append(dwords);
            address += 4L * dwords.length;
        }

        /** A statement's dwords, or null after an error (or with placeholders when values are pending). */
        private int[] emit(Syntax.Stmt s, Spec sp, Engine eng, Eval ev) {
            if (s instanceof Syntax.DWords w) {
                int[] out = new int[w.values().size()];
                for (int i = 0; i < out.length; i++) {
                    Syntax.Expr e = w.values().get(i);
                    Long v = ev.integer(e, Map.of(), ".dword");
                    if (v != null && (v < Integer.MIN_VALUE || v > 0xffffffffL)) {
                        d.error(e.pos(), Values.hex(v) + " does not fit a dword");
                    } else if (v != null) {
                        out[i] = (int) (long) v;
                    }
                }
                return out;
            }
            Syntax.Cmd c = (Syntax.Cmd) s;
            if (sp == null) {
                d.error(c.pos(), "no generation given: put .gen gen9 (or gen8, gen11, gen12, skl, tgl, ...) before the first command");
                return null;
            }
            CommandDef def = sp.command(c.name());
            if (def == null) {
                d.error(c.pos(), unknownCommand(sp, eng, c.name()));
                return null;
            }
            if (!def.engines().contains(eng)) {
                d.error(c.pos(), c.name() + " does not run on the " + eng.specName() + " engine (it runs on "
                        + engines(def) + "); say which with .engine");
                return null;
            }
            int mark = d.count();
            List<Setting> settings = new ArrayList<>();
            List<Override> overrides = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Syntax.Item item : c.items()) {
                if (item instanceof Syntax.Assign a) {
                    FieldRef ref;
                    try {
                        ref = Fields.resolve(sp, def, a.path());
                    } catch (Fields.Unresolved u) {
                        d.error(u.pos, u.getMessage());
                        continue;
                    }
                    if (!seen.add(ref.path())) {
                        d.error(a.pos(), "field " + ref.path() + " given twice");
                        continue;
                    }
                    Long raw = Values.encode(sp, ref, a.value(), ev);
                    if (raw == null && ev.pending()) {
                        raw = 0L; // a placeholder until the label is known
                    }
                    if (raw != null) {
                        settings.add(new Setting(ref, raw, a.pos()));
                    }
                } else {
                    Syntax.Override o = (Syntax.Override) item;
                    if (o.dword() < 0 || o.dword() >= CommandEncoder.MAX_DWORDS) {
                        d.error(o.pos(), "@" + Long.toUnsignedString(o.dword()) + ": a command has at most "
                                + CommandEncoder.MAX_DWORDS + " dwords");
                        continue;
                    }
                    if (!seen.add("@" + o.dword())) {
                        d.error(o.pos(), "@" + o.dword() + " given twice");
                        continue;
                    }
                    Long v = ev.integer(o.value(), Map.of(), "@" + o.dword());
                    if (v != null && (v < Integer.MIN_VALUE || v > 0xffffffffL)) {
                        d.error(o.value().pos(), Values.hex(v) + " does not fit a dword");
                        continue;
                    }
                    if (v == null && ev.pending()) {
                        v = 0L;
                    }
                    if (v != null) {
                        overrides.add(new Override((int) o.dword(), (int) (long) v, o.pos()));
                    }
                }
            }
            if (d.count() > mark) {
                return null;
            }
            return CommandEncoder.encode(def, settings, overrides, c.pos(), d);
        }
    }

    private static String unknownCommand(Spec spec, Engine engine, String name) {
        List<String> names = new ArrayList<>();
        for (CommandDef c : spec.commands()) {
            names.add(c.name());
        }
        String guess = Names.closest(name, names);
        List<String> near = Names.nearest(name, names, 5);
        return "unknown command " + name + " in " + spec.name() + (guess != null ? " (did you mean " + guess + "?)"
                : "; nearest: " + String.join(", ", near)) + "; `genscope spec --gen " + spec.name()
                + "` lists all " + names.size();
    }

    private static String engines(CommandDef def) {
        StringBuilder sb = new StringBuilder();
        for (Engine e : Engine.values()) {
            if (def.engines().contains(e)) {
                sb.append(sb.length() == 0 ? "" : ", ").append(e.specName());
            }
        }
        return sb.toString();
    }

    /** A section being filled. */
    private static final class SectionBuilder {
        final Spec spec;
        final Engine engine;
        final AddressSpace space;
        final long address;
        int[] data = new int[64];
        int size;

        SectionBuilder(Spec spec, Engine engine, AddressSpace space, long address) {
            this.spec = spec;
            this.engine = engine;
            this.space = space;
            this.address = address;
        }

        void append(int[] dwords) {
            if (size + dwords.length > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + dwords.length));
            }
            System.arraycopy(dwords, 0, data, size, dwords.length);
            size += dwords.length;
        }
    }
}
