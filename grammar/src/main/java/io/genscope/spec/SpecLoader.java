package io.genscope.spec;

import io.genscope.spec.antlr.GenSpecLexer;
import io.genscope.spec.antlr.GenSpecParser;
import io.genscope.spec.antlr.GenSpecParser.*;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Turns GenSpec text into immutable {@link Spec}s.
 *
 * <pre>{@code
 * Spec gen12 = SpecLoader.builtin("gen12");            // built-in, cached
 * Spec mine = SpecLoader.fromText("my.gspec", text);   // may extend a built-in generation
 * }</pre>
 *
 * Every problem is a {@link SpecException} whose message starts with {@code file:line:column};
 * a loaded spec is also checked against the field names Java code looks up ({@link RequiredNames}).
 */
public final class SpecLoader {
    /**
     * Built-in generations, oldest first: gen7 (Ivy Bridge), gen75 (Haswell), gen8 to gen12, gen125
     * (DG2, ATS-M, Meteor/Arrow Lake), gen20 (Xe2: Lunar Lake, Battlemage), gen30 (Xe3: Panther Lake).
     */
    public static final List<String> BUILTIN = List.of("gen7", "gen75", "gen8", "gen9", "gen11", "gen12", "gen125",
            "gen20", "gen30");
    /** Hand-written files loaded after a generation's main file, in this order, when present. */
    private static final List<String> EXTRA_FILES = List.of("-formats.gspec", "-extra.gspec");
    private static final String RESOURCE_DIR = "/io/genscope/spec/";
    private static final Map<String, Spec> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, Generation> PARSED = new ConcurrentHashMap<>();

    private SpecLoader() {
    }

    /** A built-in generation by name ({@code gen7}, {@code gen75}, {@code gen8} ... {@code gen30}; see {@link #BUILTIN}). */
    public static Spec builtin(String name) {
        String key = name.startsWith("gen") ? name : "gen" + name;
        if (!BUILTIN.contains(key)) {
            throw new IllegalArgumentException("no built-in spec '" + name + "' (have " + BUILTIN + ")");
        }
        return CACHE.computeIfAbsent(key, k -> {
            byte[] compiled = bytes(k + ".gspec.bin");
            // a packaged jar holds the texts and the form the same build made from them: reading every
            // text again to check that (a fifth of a start-up) is needed only in a classes directory
            long checksum = compiled != null && packaged(k + ".gspec.bin") ? SpecCodec.checksumOf(compiled)
                    : sourceChecksum(k);
            Spec spec = compiled == null ? null : SpecCodec.decode(compiled, checksum);
            spec = spec != null ? spec : parseBuiltin(k);
            RequiredNames.check(spec, k + ".gspec");
            return spec;
        });
    }

    /** Parses a built-in generation from its text, ignoring any precompiled form. */
    static Spec parseBuiltin(String name) {
        return build(resolve(builtinGeneration(name)));
    }

    /** The precompiled form of a built-in generation (what the build writes next to the text). */
    static byte[] compile(String name) {
        return SpecCodec.encode(parseBuiltin(name), sourceChecksum(name));
    }

    /** CRC-32 over the texts of a generation and every generation it extends. */
    private static long sourceChecksum(String name) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (String g : BUILTIN) {
            for (String file : java.util.stream.Stream.concat(java.util.stream.Stream.of(".gspec"),
                    EXTRA_FILES.stream()).toList()) {
                String text = resource(g + file, false);
                if (text != null) {
                    crc.update((g + file).getBytes(StandardCharsets.UTF_8));
                    crc.update(text.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (g.equals(name)) {
                break;
            }
        }
        return crc.getValue();
    }

    /** Whether a built-in resource comes from a jar (the build's package), not a classes directory. */
    private static boolean packaged(String file) {
        java.net.URL url = SpecLoader.class.getResource(RESOURCE_DIR + file);
        return url != null && "jar".equals(url.getProtocol());
    }

    private static byte[] bytes(String file) {
        try (InputStream in = SpecLoader.class.getResourceAsStream(RESOURCE_DIR + file)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** Loads one spec file; {@code extends} may name a built-in generation. */
    public static Spec fromText(String fileName, String text) {
        Generation g = parse(fileName, text, null);
        Spec spec = build(resolve(g));
        RequiredNames.check(spec, fileName);
        return spec;
    }

    // ---------------------------------------------------------------------------------------------
    // parsing

    /** One definition as written: its kind, name and where. */
    private record Def(String kind, String name, ParserRuleContext ctx, String file, boolean remove) {
        String key() {
            return kind + ":" + name;
        }
    }

    private record Generation(String name, String version, String title, String parent, List<Def> defs) {
    }

    private static Generation builtinGeneration(String name) {
        return PARSED.computeIfAbsent(name, n -> {
            Generation g = parse(n + ".gspec", resource(n + ".gspec", true), null);
            for (String suffix : EXTRA_FILES) {
                String extra = resource(n + suffix, false);
                if (extra != null) {
                    g = parse(n + suffix, extra, g);
                }
            }
            return g;
        });
    }

    private static String resource(String file, boolean required) {
        try (InputStream in = SpecLoader.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                if (required) {
                    throw new SpecException(file + ":1:1: built-in spec file missing");
                }
                return null;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException(file + ":1:1: " + e.getMessage());
        }
    }

    /** Parses a file; with {@code base}, the file adds to that generation (an "-extra" file). */
    private static Generation parse(String file, String text, Generation base) {
        GenSpecLexer lexer = new GenSpecLexer(CharStreams.fromString(text, file));
        GenSpecParser parser = new GenSpecParser(new CommonTokenStream(lexer));
        BaseErrorListener thrower = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object sym, int line, int col, String msg,
                    RecognitionException e) {
                throw new SpecException(file + ":" + line + ":" + (col + 1) + ": " + msg);
            }
        };
        lexer.removeErrorListeners();
        lexer.addErrorListener(thrower);
        parser.removeErrorListeners();
        parser.addErrorListener(thrower);
        parser.getInterpreter().setPredictionMode(org.antlr.v4.runtime.atn.PredictionMode.SLL);
        SpecFileContext root = parser.specFile();
        GenerationDeclContext g = root.generationDecl();
        String name = g.name.getText();
        if (base != null && !base.name().equals(name)) {
            throw new SpecException(at(file, g) + "extra file must declare generation " + base.name());
        }
        List<Def> defs = new ArrayList<>(base == null ? List.of() : base.defs());
        Set<String> seen = new LinkedHashSet<>();
        for (DefinitionContext d : root.definition()) {
            Def def = definition(file, d);
            if (!seen.add(def.key())) {
                throw new SpecException(at(file, d) + def.kind() + " \"" + def.name() + "\" defined twice in this file");
            }
            defs.add(def);
        }
        if (base != null) {
            return new Generation(base.name(), base.version(), base.title(), base.parent(), defs);
        }
        return new Generation(name, g.version == null ? name.replace("gen", "") : g.version.getText(),
                g.title == null ? name : unquote(g.title), g.parent == null ? null : g.parent.getText(), defs);
    }

    private static Def definition(String file, DefinitionContext d) {
        if (d.enumDef() != null) {
            return new Def("enum", unquote(d.enumDef().name), d.enumDef(), file, false);
        } else if (d.structDef() != null) {
            return new Def("struct", unquote(d.structDef().name), d.structDef(), file, false);
        } else if (d.commandDef() != null) {
            return new Def("command", unquote(d.commandDef().name), d.commandDef(), file, false);
        } else if (d.registerDef() != null) {
            return new Def("register", unquote(d.registerDef().name), d.registerDef(), file, false);
        } else if (d.amendDef() != null) {
            return new Def("amend", unquote(d.amendDef().name), d.amendDef(), file, false);
        }
        RemoveDefContext r = d.removeDef();
        return new Def(r.kind.getText(), unquote(r.name), r, file, true);
    }

    // ---------------------------------------------------------------------------------------------
    // inheritance

    private record Resolved(Generation gen, LinkedHashMap<String, Def> defs) {
    }

    private static Resolved resolve(Generation g) {
        LinkedHashMap<String, Def> defs = new LinkedHashMap<>();
        if (g.parent() != null) {
            if (!BUILTIN.contains(g.parent())) {
                Def first = g.defs().isEmpty() ? null : g.defs().get(0);
                throw new SpecException((first == null ? g.name() + ":1:1: " : at(first.file(), first.ctx()))
                        + "unknown parent generation '" + g.parent() + "'");
            }
            defs.putAll(resolve(builtinGeneration(g.parent())).defs());
        }
        int amendments = 0;
        for (Def d : g.defs()) {
            if (d.kind().equals("amend")) {
                if (!defs.containsKey("command:" + d.name())) {
                    throw new SpecException(at(d.file(), d.ctx()) + "cannot amend command \"" + d.name()
                            + "\": not defined");
                }
                AmendDefContext a = (AmendDefContext) d.ctx();
                if (a.commandAttr().isEmpty() && a.body() == null) {
                    throw new SpecException(at(d.file(), d.ctx()) + "amend command \"" + d.name() + "\" changes nothing");
                }
                defs.put(d.key() + ":" + amendments++, d); // several amendments apply in order
                continue;
            }
            if (d.kind().equals("command")) {
                // a full redefinition replaces earlier amendments
                defs.keySet().removeIf(k -> k.startsWith("amend:" + d.name() + ":"));
            }
            if (d.remove()) {
                if (defs.remove(d.key()) == null) {
                    throw new SpecException(at(d.file(), d.ctx()) + "cannot remove " + d.kind() + " \"" + d.name()
                            + "\": not inherited");
                }
            } else {
                defs.put(d.key(), d);
            }
        }
        return new Resolved(g, defs);
    }

    // ---------------------------------------------------------------------------------------------
    // building

    private static Spec build(Resolved r) {
        Map<String, EnumDef> enums = new LinkedHashMap<>();
        for (Def d : r.defs().values()) {
            if (d.kind().equals("enum")) {
                EnumDefContext e = (EnumDefContext) d.ctx();
                enums.put(d.name(), new EnumDef(d.name(), values(e.enumValue())));
            }
        }
        Map<String, StructDef> structs = new LinkedHashMap<>();
        Map<String, CommandDef> commands = new LinkedHashMap<>();
        Map<String, RegisterDef> registers = new LinkedHashMap<>();
        List<Def> structRefsToCheck = new ArrayList<>();
        Map<String, List<AmendDefContext>> amendments = new HashMap<>();
        for (Def d : r.defs().values()) {
            if (d.kind().equals("amend")) {
                amendments.computeIfAbsent(d.name(), k -> new ArrayList<>()).add((AmendDefContext) d.ctx());
                structRefsToCheck.add(d);
            }
        }
        int order = 0;
        for (Def d : r.defs().values()) {
            Builder b = new Builder(d.file(), enums);
            switch (d.kind()) {
                case "struct" -> {
                    StructDefContext s = (StructDefContext) d.ctx();
                    structs.put(d.name(), new StructDef(d.name(), (int) number(s.length), b.members(s.body())));
                    structRefsToCheck.add(d);
                }
                case "register" -> {
                    RegisterDefContext s = (RegisterDefContext) d.ctx();
                    registers.put(d.name(), new RegisterDef(d.name(), (int) number(s.offset), (int) number(s.length),
                            b.members(s.body())));
                    structRefsToCheck.add(d);
                }
                case "command" -> {
                    commands.put(d.name(), b.command((CommandDefContext) d.ctx(),
                            amendments.getOrDefault(d.name(), List.of()), d.name(), order++));
                    structRefsToCheck.add(d);
                }
                default -> {
                }
            }
        }
        for (Def d : structRefsToCheck) {
            new Builder(d.file(), enums).checkStructRefs(d.ctx(), structs);
        }
        return assemble(r.gen().name(), r.gen().version(), r.gen().title(), enums, structs,
                new ArrayList<>(commands.values()), registers);
    }

    /** Builds the lookup tables and the immutable spec from its definitions. */
    static Spec assemble(String name, String version, String title, Map<String, EnumDef> enums,
            Map<String, StructDef> structs, List<CommandDef> commandList, Map<String, RegisterDef> registers) {
        Map<String, CommandDef> commands = new LinkedHashMap<>();
        for (CommandDef c : commandList) {
            commands.put(c.name(), c);
        }
        Map<Integer, RegisterDef> byOffset = new HashMap<>();
        for (RegisterDef reg : registers.values()) {
            byOffset.putIfAbsent(reg.offset(), reg);
        }
        List<String> collisions = new ArrayList<>();
        EnumMap<Engine, CommandDef[][]> tables = new EnumMap<>(Engine.class);
        for (Engine e : Engine.values()) {
            tables.put(e, table(e, commands.values(), name, collisions));
        }
        return new Spec(name, version, title, java.util.Collections.unmodifiableMap(commands),
                java.util.Collections.unmodifiableMap(structs), java.util.Collections.unmodifiableMap(enums),
                java.util.Collections.unmodifiableMap(registers), java.util.Collections.unmodifiableMap(byOffset),
                tables, List.copyOf(collisions));
    }

    /** A command definition with its header and length field derived from its members. */
    static CommandDef command(String name, Set<Engine> engines, int fixed, int bias, List<Member> members, int order) {
        int mask = 0;
        int value = 0;
        FieldDef lengthField = null;
        for (Member m : members) {
            if (!(m instanceof FieldDef f)) {
                continue;
            }
            if (f.name().equals("DWord Length") && f.end() < 32) {
                lengthField = f;
            }
            boolean inHeader = f.end() <= 31 && f.defaultValue() != null && (f.start() >= 16 || f.headerMatch());
            if (inHeader) {
                int bits = (int) ((f.width() >= 32 ? 0xffffffffL : (1L << f.width()) - 1) << f.start());
                mask |= bits;
                value |= (int) (f.defaultValue() << f.start()) & bits;
            }
        }
        return new CommandDef(name, engines, fixed, bias, members, mask, value, lengthField, order);
    }

    /** The per-engine header table: slot = dword0 >>> 16, candidates most specific first. */
    private static CommandDef[][] table(Engine engine, Iterable<CommandDef> commands, String gen, List<String> collisions) {
        @SuppressWarnings("unchecked")
        List<CommandDef>[] lists = new List[65536];
        for (CommandDef c : commands) {
            if (!c.engines().contains(engine)) {
                continue;
            }
            int m = c.headerMask() >>> 16;
            int v = c.headerValue() >>> 16;
            int free = ~m & 0xffff;
            for (int s = free;; s = (s - 1) & free) {
                int slot = v | s;
                if (lists[slot] == null) {
                    lists[slot] = new ArrayList<>(2);
                }
                lists[slot].add(c);
                if (s == 0) {
                    break;
                }
            }
        }
        Comparator<CommandDef> specificity = Comparator
                .comparingInt((CommandDef c) -> -Integer.bitCount(c.headerMask()))
                .thenComparingInt(CommandDef::order);
        CommandDef[][] table = new CommandDef[65536][];
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < 65536; i++) {
            List<CommandDef> l = lists[i];
            if (l == null) {
                continue;
            }
            l.sort(specificity);
            for (int a = 0; a < l.size(); a++) {
                for (int b = a + 1; b < l.size(); b++) {
                    CommandDef x = l.get(a);
                    CommandDef y = l.get(b);
                    if (x.headerMask() == y.headerMask() && x.headerValue() == y.headerValue()) {
                        String msg = String.format("%s: %s and %s both match header 0x%08x/0x%08x on %s; %s wins",
                                gen, x.name(), y.name(), x.headerValue(), x.headerMask(), engine.specName(), x.name());
                        if (seen.add(msg)) {
                            collisions.add(msg);
                        }
                    }
                }
            }
            table[i] = l.toArray(new CommandDef[0]);
        }
        return table;
    }

    /** Builds members of one definition, resolving enum types and checking names. */
    private static final class Builder {
        private final String file;
        private final Map<String, EnumDef> enums;

        Builder(String file, Map<String, EnumDef> enums) {
            this.file = file;
            this.enums = enums;
        }

        CommandDef command(CommandDefContext c, List<AmendDefContext> amendments, String name, int order) {
            Set<Engine> engines = EnumSet.noneOf(Engine.class);
            int fixed = 0;
            int bias = 1;
            List<CommandAttrContext> attrs = new ArrayList<>(c.commandAttr());
            for (AmendDefContext amend : amendments) {
                if (amend.commandAttr().stream().anyMatch(a -> a instanceof EnginesContext)) {
                    attrs.removeIf(a -> a instanceof EnginesContext); // the latest engine list wins
                }
                attrs.addAll(amend.commandAttr());
            }
            for (CommandAttrContext a : attrs) {
                if (a instanceof EnginesContext e) {
                    for (EngineContext en : e.engine()) {
                        if (en.getText().equals("all")) {
                            engines.addAll(EnumSet.allOf(Engine.class));
                        } else {
                            engines.add(Engine.parse(en.getText()));
                        }
                    }
                } else if (a instanceof FixedLengthContext f) {
                    fixed = (int) number(f.number());
                } else if (a instanceof LengthBiasContext b) {
                    bias = (int) number(b.number());
                }
            }
            if (engines.isEmpty()) {
                engines = EnumSet.allOf(Engine.class);
            }
            List<Member> members = members(c.body());
            for (AmendDefContext amend : amendments) {
                if (amend.body() != null) {
                    members = amended(members, members(amend.body()));
                }
            }
            for (Member m : members) {
                if (m instanceof FieldDef f && f.headerMatch() && (f.defaultValue() == null || f.end() > 31)) {
                    throw new SpecException(file + ":" + f.line() + ":1: field \"" + f.name() + "\" of " + name
                            + " is marked match but has no value in dword 0");
                }
            }
            CommandDef def = SpecLoader.command(name, engines, fixed, bias, members, order);
            if ((def.headerMask() >>> 16) == 0) {
                throw new SpecException(at(file, c) + "command " + name + " has no header: give its opcode fields"
                        + " in bits 16..31 a value");
            }
            checkGates(c, members, name);
            return def;
        }

        /** {@code base} with each field of {@code changes} replacing the top-level field of that name, the rest added. */
        private static List<Member> amended(List<Member> base, List<Member> changes) {
            List<Member> out = new ArrayList<>(base);
            for (Member m : changes) {
                int at = -1;
                if (m instanceof FieldDef f) {
                    for (int i = 0; i < out.size() && at < 0; i++) {
                        if (out.get(i) instanceof FieldDef g && g.name().equals(f.name())) {
                            at = i;
                        }
                    }
                }
                if (at >= 0) {
                    out.set(at, m);
                } else {
                    out.add(m);
                }
            }
            out.sort(Comparator.comparingInt(Member::start)); // stable: ties keep order
            return out;
        }

        List<Member> members(BodyContext body) {
            List<Member> out = new ArrayList<>();
            for (MemberContext m : body.member()) {
                out.add(m.fieldDef() != null ? field(m.fieldDef()) : group(m.groupDef()));
            }
            out.sort(Comparator.comparingInt(Member::start)); // stable: ties keep file order
            return out;
        }

        private GroupDef group(GroupDefContext g) {
            int count = (int) number(g.count);
            int stride = (int) number(g.stride);
            if (stride <= 0) {
                throw new SpecException(at(file, g) + "group stride must be positive");
            }
            return new GroupDef(count, (int) number(g.start), stride, members(g.body()));
        }

        private FieldDef field(FieldDefContext f) {
            String name = unquote(f.name);
            int start = (int) number(f.bits().start);
            int end = f.bits().end == null ? start : (int) number(f.bits().end);
            if (end < start) {
                throw new SpecException(at(file, f.bits()) + "field \"" + name + "\": end bit " + end
                        + " is before start bit " + start);
            }
            FieldType type = type(f.type(), name);
            Long def = null;
            boolean match = false;
            SpaceRule space = null;
            List<ValidWhen> valid = new ArrayList<>();
            for (FieldOptionContext o : f.fieldOption()) {
                if (o instanceof DefaultValueContext d) {
                    def = number(d.value);
                } else if (o instanceof HeaderMatchContext) {
                    match = true;
                } else if (o instanceof AddressSpaceContext a) {
                    if (type != FieldType.Primitive.ADDRESS) {
                        throw new SpecException(at(file, o) + "field \"" + name + "\": only address fields have a space");
                    }
                    SpaceRuleContext s = a.spaceRule();
                    SpaceRule.Kind kind = SpaceRule.Kind.valueOf(s.space.getText().toUpperCase(java.util.Locale.ROOT));
                    space = new SpaceRule(kind, s.gate == null ? null : unquote(s.gate), s.gate == null ? 0 : number(s.value));
                } else if (o instanceof ValidWhenContext w) {
                    valid.add(new ValidWhen(unquote(w.gate), w.op.getText().equals("=="), number(w.value)));
                }
            }
            if (space == null && type == FieldType.Primitive.ADDRESS) {
                space = SpaceRule.BATCH;
            }
            return new FieldDef(name, start, end, type, def, match, values(f.enumValue()), space, valid,
                    f.getStart().getLine());
        }

        private FieldType type(TypeContext t, String field) {
            if (t.scalar != null) {
                return FieldType.Primitive.valueOf(t.scalar.getText().toUpperCase(java.util.Locale.ROOT));
            }
            if (t.fixed != null) {
                String s = t.fixed.getText();
                String[] parts = s.substring(1).split("\\.");
                return new FieldType.Fixed(s.charAt(0) == 's', Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
            String ref = unquote(t.ref);
            if (t.getStart().getText().equals("enum")) {
                EnumDef e = enums.get(ref);
                if (e == null) {
                    throw new SpecException(at(file, t) + "field \"" + field + "\": unknown enum \"" + ref + "\"");
                }
                return new FieldType.EnumRef(e);
            }
            return new FieldType.StructRef(ref);
        }

        private void checkGates(ParserRuleContext where, List<Member> members, String layout) {
            for (Member m : members) {
                if (m instanceof FieldDef f) {
                    Function<String, Boolean> has = n -> members.stream()
                            .anyMatch(x -> x instanceof FieldDef g && g.name().equals(n));
                    if (f.space() != null && f.space().gate() != null && !has.apply(f.space().gate())) {
                        throw new SpecException(file + ":" + f.line() + ":1: " + layout + "." + f.name()
                                + ": gate field \"" + f.space().gate() + "\" does not exist");
                    }
                    for (ValidWhen w : f.conditions()) {
                        if (!has.apply(w.field())) {
                            throw new SpecException(file + ":" + f.line() + ":1: " + layout + "." + f.name()
                                    + ": condition field \"" + w.field() + "\" does not exist");
                        }
                    }
                }
            }
        }

        void checkStructRefs(ParserRuleContext ctx, Map<String, StructDef> structs) {
            ctx.accept(new io.genscope.spec.antlr.GenSpecBaseVisitor<Void>() {
                @Override
                public Void visitType(TypeContext t) {
                    if (t.ref != null && t.getStart().getText().equals("struct") && !structs.containsKey(unquote(t.ref))) {
                        throw new SpecException(at(file, t) + "unknown struct \"" + unquote(t.ref) + "\"");
                    }
                    return null;
                }
            });
        }
    }

    private static Map<Long, String> values(List<EnumValueContext> list) {
        Map<Long, String> m = new LinkedHashMap<>();
        for (EnumValueContext v : list) {
            m.putIfAbsent(number(v.value), unquote(v.name));
        }
        return m;
    }

    private static long number(NumberContext n) {
        String s = n.getText();
        return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    private static String unquote(Token t) {
        String s = t.getText();
        return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static String at(String file, ParserRuleContext ctx) {
        Token t = ctx.getStart();
        return file + ":" + t.getLine() + ":" + (t.getCharPositionInLine() + 1) + ": ";
    }
}
