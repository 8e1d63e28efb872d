package io.genscope.eu;

import io.genscope.eu.antlr.EuSpecBaseVisitor;
import io.genscope.eu.antlr.EuSpecLexer;
import io.genscope.eu.antlr.EuSpecParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/** Loads the built-in EU specs ({@code io/genscope/eu/NAME.euspec}), resolving {@code extends}. */
public final class EuSpecLoader {

    /** The generation families with a built-in spec. */
    public static final List<String> FAMILIES = List.of("gen7", "gen75", "gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30");

    private static final Map<String, EuSpec> CACHE = new ConcurrentHashMap<>();

    private EuSpecLoader() {}

    /** The family for a name: a family ({@code gen9}) or a platform ({@code skl}, {@code 9}). */
    public static String family(String nameOrPlatform) {
        String n = nameOrPlatform.toLowerCase(java.util.Locale.ROOT).trim();
        return switch (n) {
            case "gen8", "8", "bdw" -> "gen8"; // not chv: its 3-source compaction differs
            case "gen9", "9", "skl", "kbl", "glk", "cfl", "whl", "cml", "bxt", "apl", "aml" -> "gen9";
            case "gen11", "11", "icl", "ehl", "jsl" -> "gen11";
            case "gen12", "12", "tgl", "rkl", "adl", "dg1", "rpl", "sg1" -> "gen12";
            case "gen125", "125", "12.5", "dg2", "mtl", "acm", "atsm" -> "gen125";
            case "gen20", "20", "xe2", "lnl", "bmg" -> "gen20";
            case "gen30", "30", "xe3", "ptl" -> "gen30";
            case "gen75", "75", "7.5", "hsw" -> "gen75";
            case "gen7", "7", "ivb", "byt" -> "gen7";
            default -> throw new EuSpecException("unknown EU generation: " + nameOrPlatform);
        };
    }

    /**
     * The spec of a family or platform name, cached: from its precompiled form
     * ({@code NAME.euspec.bin}, see {@link EuSpecCodec}) when that is current, else from the texts.
     */
    public static EuSpec load(String nameOrPlatform) {
        return CACHE.computeIfAbsent(family(nameOrPlatform), f -> {
            byte[] compiled = bytes(f + ".euspec.bin");
            EuSpec spec = compiled == null ? null : EuSpecCodec.decode(compiled, sourceChecksum());
            return spec != null ? spec : build(f);
        });
    }

    /** The precompiled form of a family, parsed from its texts (the build writes it beside them). */
    public static byte[] compile(String family) {
        return EuSpecCodec.encode(build(family), sourceChecksum());
    }

    /** CRC-32 over every built-in spec text: a change to any of them makes every precompiled form stale. */
    private static long sourceChecksum() {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (String f : FAMILIES) {
            crc.update(f.getBytes(StandardCharsets.UTF_8));
            crc.update(read(f + ".euspec").getBytes(StandardCharsets.UTF_8));
        }
        return crc.getValue();
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = EuSpecLoader.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** Parses a family from its texts, ignoring any precompiled form. */
    static EuSpec parseBuiltin(String family) {
        return build(family);
    }

    private static EuSpec build(String family) {
        Acc acc = new Acc();
        apply(family, acc, 0);
        return new EuSpec(family, acc.fields.get("native"), acc.fields.get("compact"), acc.fields.get("scatter"), acc.fields.get("desc"),
                acc.opcodes, acc.tables, acc.names);
    }

    private static final class Acc {
        final Map<String, Map<String, BitField>> fields =
                Map.of("native", new HashMap<>(), "compact", new HashMap<>(),
                        "scatter", new HashMap<>(), "desc", new HashMap<>());
        final Map<Integer, EuOpcode> opcodes = new HashMap<>();
        final Map<String, long[]> tables = new HashMap<>();
        final Map<String, Map<Integer, String>> names = new HashMap<>();
    }

    private static void apply(String family, Acc acc, int depth) {
        if (depth > 8) throw new EuSpecException("extends chain too deep at " + family);
        String resource = family + ".euspec";
        EuSpecParser.SpecContext tree = parse(resource, read(resource));
        if (tree.header().parent != null) apply(tree.header().parent.getText(), acc, depth + 1);
        for (EuSpecParser.DeclContext d : tree.decl()) d.accept(new Applier(resource, acc));
    }

    private static String read(String resource) {
        try (InputStream in = EuSpecLoader.class.getResourceAsStream(resource)) {
            if (in == null) throw new EuSpecException("missing EU spec resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EuSpecException("cannot read " + resource + ": " + e.getMessage());
        }
    }

    /** Parses spec text; syntax errors become an {@link EuSpecException} naming resource:line:column. */
    public static EuSpecParser.SpecContext parse(String resource, String text) {
        List<String> errors = new ArrayList<>();
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object sym, int line, int col, String msg,
                                    RecognitionException e) {
                errors.add(resource + ":" + line + ":" + (col + 1) + ": " + msg);
            }
        };
        EuSpecLexer lexer = new EuSpecLexer(CharStreams.fromString(text, resource));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        EuSpecParser parser = new EuSpecParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        EuSpecParser.SpecContext tree = parser.spec();
        if (!errors.isEmpty()) throw new EuSpecException(String.join("\n", errors));
        return tree;
    }

    static long number(Token t) {
        String s = t.getText();
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    private static final class Applier extends EuSpecBaseVisitor<Void> {
        private final String resource;
        private final Acc acc;

        Applier(String resource, Acc acc) { this.resource = resource; this.acc = acc; }

        private EuSpecException error(Token at, String msg) {
            return new EuSpecException(resource + ":" + at.getLine() + ": " + msg);
        }

        @Override
        public Void visitFieldDecl(EuSpecParser.FieldDeclContext ctx) {
            Map<String, BitField> forms = acc.fields.get(ctx.form.getText());
            if (forms == null) throw error(ctx.form, "form must be native, compact, scatter or desc");
            List<BitField.Piece> pieces = new ArrayList<>();
            for (EuSpecParser.PieceContext p : ctx.piece()) {
                if (p instanceof EuSpecParser.BitsPieceContext b) {
                    int hi = (int) number(b.hi), lo = (int) number(b.lo);
                    if (hi < lo || hi > 127 || hi - lo >= 64) throw error(b.hi, "bad bit range " + hi + ":" + lo);
                    pieces.add(new BitField.Piece(hi, lo));
                } else {
                    EuSpecParser.ZeroPieceContext z = (EuSpecParser.ZeroPieceContext) p;
                    if (number(z.zeros) != 0) throw error(z.zeros, "only 0{n} pads are allowed");
                    pieces.add(new BitField.Piece(-1, (int) number(z.count)));
                }
            }
            BitField f = new BitField(ctx.name.getText(), pieces);
            if (f.width() > 64) throw error(ctx.name, "field wider than 64 bits");
            forms.put(f.name(), f);
            return null;
        }

        @Override
        public Void visitOpcodeDecl(EuSpecParser.OpcodeDeclContext ctx) {
            int hw = (int) number(ctx.hw);
            acc.opcodes.put(hw, new EuOpcode(hw, ctx.name.getText(), (int) number(ctx.srcs), (int) number(ctx.dsts)));
            return null;
        }

        @Override
        public Void visitTableDecl(EuSpecParser.TableDeclContext ctx) {
            acc.tables.put(ctx.name.getText(), ctx.INT().stream().mapToLong(t -> number(t.getSymbol())).toArray());
            return null;
        }

        @Override
        public Void visitNamesDecl(EuSpecParser.NamesDeclContext ctx) {
            Map<Integer, String> m = new LinkedHashMap<>();
            for (EuSpecParser.EntryContext e : ctx.entry()) {
                String s = e.STRING().getText();
                m.put((int) number(e.INT().getSymbol()), s.substring(1, s.length() - 1)
                        .replace("\\\"", "\"").replace("\\\\", "\\"));
            }
            acc.names.put(ctx.name.getText(), Map.copyOf(m));
            return null;
        }

        @Override
        public Void visitRemoveDecl(EuSpecParser.RemoveDeclContext ctx) {
            List<String> key = ctx.key.stream().map(Token::getText).toList();
            String kind = ctx.kind.getText();
            boolean removed = switch (kind) {
                case "field" -> key.size() == 2 && acc.fields.containsKey(key.get(0))
                        && acc.fields.get(key.get(0)).remove(key.get(1)) != null;
                case "opcode" -> acc.opcodes.remove((int) number(ctx.key.get(0))) != null;
                case "table" -> acc.tables.remove(key.get(0)) != null;
                case "names" -> acc.names.remove(key.get(0)) != null;
                default -> throw error(ctx.kind, "unknown kind " + kind);
            };
            if (!removed) throw error(ctx.kind, "nothing to remove: " + kind + " " + String.join(" ", key));
            return null;
        }
    }
}
