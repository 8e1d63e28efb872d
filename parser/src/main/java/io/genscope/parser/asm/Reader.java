package io.genscope.parser.asm;

import io.genscope.parser.asm.Syntax.Pos;
import io.genscope.spec.antlr.GenAsmLexer;
import io.genscope.spec.antlr.GenAsmParser;
import io.genscope.spec.antlr.GenAsmParser.ExprContext;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Text to {@link Syntax} statements, through the ANTLR grammar {@code GenAsm.g4}. Syntax errors are
 * collected with their positions; nothing here throws on bad text.
 */
final class Reader {
    /** Deeper nesting of parentheses or unary signs is refused before parsing (stack safety). */
    static final int MAX_NESTING = 64;
    /** The most operators in one chain ({@code a+b+c...}); the tree is evaluated recursively. */
    static final int MAX_CHAIN = 1000;

    private final String source;
    private final List<AsmError> errors;

    Reader(String source, List<AsmError> errors) {
        this.source = source;
        this.errors = errors;
    }

    /** The statements of a listing; errors go to the list given at construction. */
    List<Syntax.Stmt> read(CharSequence text) {
        GenAsmLexer lexer = new GenAsmLexer(CharStreams.fromString(text.toString(), source));
        BaseErrorListener collect = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object sym, int line, int col, String msg,
                    RecognitionException e) {
                error(line, col + 1, friendly(msg));
            }
        };
        lexer.removeErrorListeners();
        lexer.addErrorListener(collect);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        int before = errors.size();
        checkNesting(tokens.getTokens());
        if (errors.size() > before) {
            return List.of();
        }
        // two stages: fast SLL prediction that gives up at the first error, then full LL with
        // error reporting only for text that needs it
        GenAsmParser parser = new GenAsmParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        GenAsmParser.ProgramContext program;
        try {
            program = parser.program();
        } catch (ParseCancellationException sllFailed) {
            tokens.seek(0);
            parser.reset();
            parser.addErrorListener(collect);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            program = parser.program();
        }
        if (errors.size() > before) {
            return List.of();
        }
        List<Syntax.Stmt> out = new ArrayList<>();
        for (GenAsmParser.StatementContext s : program.statement()) {
            Syntax.Stmt st = statement(s);
            if (st != null) {
                out.add(st);
            }
        }
        return out;
    }

    /** Refuses runs of {@code (} and signs deeper than {@link #MAX_NESTING}. */
    private void checkNesting(List<Token> tokens) {
        int depth = 0;
        int signs = 0;
        for (Token t : tokens) {
            String s = t.getText();
            if (t.getChannel() != Token.DEFAULT_CHANNEL || t.getType() == Token.EOF) {
                continue;
            }
            if (s.equals("(")) {
                depth++;
            } else if (s.equals(")")) {
                depth = Math.max(0, depth - 1);
            }
            signs = s.equals("-") || s.equals("+") || s.equals("*") || s.equals("(") ? signs + 1 : 0;
            if (depth > MAX_NESTING || signs > MAX_NESTING) {
                error(t.getLine(), t.getCharPositionInLine() + 1,
                        "expression nested too deeply (at most " + MAX_NESTING + " levels)");
                return;
            }
        }
    }

    private Syntax.Stmt statement(GenAsmParser.StatementContext s) {
        if (s.label() != null) {
            return new Syntax.Label(s.label().name.getText(), pos(s.label()));
        }
        if (s.command() != null) {
            return command(s.command());
        }
        GenAsmParser.DirectiveContext d = s.directive();
        if (d instanceof GenAsmParser.GenDirectiveContext g) {
            return new Syntax.Gen(g.name.getText(), pos(g));
        }
        if (d instanceof GenAsmParser.EngineDirectiveContext e) {
            return new Syntax.EngineDir(e.name.getText(), pos(e));
        }
        if (d instanceof GenAsmParser.OrgDirectiveContext o) {
            Syntax.Expr a = expr(o.address);
            Boolean ppgtt = o.space == null ? null : o.space.getType() == GenAsmParser.PPGTT;
            return a == null ? null : new Syntax.Org(a, ppgtt, pos(o));
        }
        if (d instanceof GenAsmParser.DwordDirectiveContext w) {
            List<Syntax.Expr> values = new ArrayList<>();
            for (ExprContext e : w.expr()) {
                Syntax.Expr x = expr(e);
                if (x == null) {
                    return null;
                }
                values.add(x);
            }
            return new Syntax.DWords(values, pos(w));
        }
        GenAsmParser.UnknownDirectiveContext u = (GenAsmParser.UnknownDirectiveContext) d;
        error(pos(u), "unknown directive " + u.DOTNAME().getText() + " (directives: .gen, .engine, .org, .dword)");
        return null;
    }

    private Syntax.Cmd command(GenAsmParser.CommandContext c) {
        String name = c.name.getType() == GenAsmParser.STRING ? unquote(c.name.getText()) : c.name.getText();
        List<Syntax.Item> items = new ArrayList<>();
        for (GenAsmParser.ItemContext i : c.item()) {
            if (i instanceof GenAsmParser.AssignmentContext a) {
                List<Syntax.Segment> path = new ArrayList<>();
                GenAsmParser.FieldPathContext fp = a.fieldPath();
                for (int k = 0; k < fp.getChildCount(); k++) {
                    if (fp.getChild(k) instanceof GenAsmParser.SegmentContext seg) {
                        String n = seg.name.getType() == GenAsmParser.STRING ? unquote(seg.name.getText())
                                : seg.name.getText();
                        path.add(new Syntax.Segment(n, indices(seg.index()), pos(seg)));
                    } else if (fp.getChild(k) instanceof GenAsmParser.DottedContext dot) {
                        path.add(new Syntax.Segment(dot.name.getText().substring(1), indices(dot.index()), pos(dot)));
                    }
                }
                Syntax.Expr v = expr(a.value);
                if (v != null) {
                    items.add(new Syntax.Assign(List.copyOf(path), v, pos(a)));
                }
            } else {
                GenAsmParser.DwordOverrideContext o = (GenAsmParser.DwordOverrideContext) i;
                Long index = number(o.dword, o.dword.getText(), 10);
                Syntax.Expr v = expr(o.value);
                if (index != null && v != null) {
                    items.add(new Syntax.Override(index, v, pos(o)));
                }
            }
        }
        return new Syntax.Cmd(name, pos(c), List.copyOf(items));
    }

    private List<Long> indices(List<GenAsmParser.IndexContext> list) {
        List<Long> out = new ArrayList<>(list.size());
        for (GenAsmParser.IndexContext i : list) {
            Long v = number(i.INT().getSymbol(), i.INT().getText(), 10);
            out.add(v == null ? Long.MAX_VALUE : v);
        }
        return List.copyOf(out);
    }

    /** An expression, or null after reporting an error. Chains of + - * are built without recursion. */
    private Syntax.Expr expr(ExprContext e) {
        if (e == null) {
            return null;
        }
        if (e instanceof GenAsmParser.SumContext || e instanceof GenAsmParser.ProductContext) {
            List<ExprContext> rights = new ArrayList<>();
            List<Character> ops = new ArrayList<>();
            ExprContext cur = e;
            while (cur instanceof GenAsmParser.SumContext || cur instanceof GenAsmParser.ProductContext) {
                if (rights.size() >= MAX_CHAIN) {
                    error(pos(e), "expression too long (at most " + MAX_CHAIN + " operators)");
                    return null;
                }
                List<ExprContext> kids = cur.getRuleContexts(ExprContext.class);
                Token op = cur instanceof GenAsmParser.SumContext s ? s.op : ((GenAsmParser.ProductContext) cur).op;
                ops.add(op.getText().charAt(0));
                rights.add(kids.get(1));
                cur = kids.get(0);
            }
            Syntax.Expr acc = expr(cur);
            for (int k = rights.size() - 1; k >= 0; k--) {
                Syntax.Expr r = expr(rights.get(k));
                if (acc == null || r == null) {
                    return null;
                }
                acc = new Syntax.Binary(ops.get(k), acc, r, acc.pos());
            }
            return acc;
        }
        if (e instanceof GenAsmParser.ParensContext p) {
            return expr(p.expr());
        }
        if (e instanceof GenAsmParser.NegateContext n) {
            Syntax.Expr x = expr(n.expr());
            return x == null ? null : new Syntax.Neg(x, pos(n));
        }
        Token t = e.getStart();
        String text = t.getText();
        if (e instanceof GenAsmParser.DecimalContext) {
            Long v = number(t, text, 10);
            return v == null ? null : new Syntax.Num(v, true, pos(e));
        }
        if (e instanceof GenAsmParser.HexContext) {
            Long v = number(t, text.substring(2), 16);
            return v == null ? null : new Syntax.Num(v, false, pos(e));
        }
        if (e instanceof GenAsmParser.BinaryContext) {
            Long v = number(t, text.substring(2), 2);
            return v == null ? null : new Syntax.Num(v, false, pos(e));
        }
        if (e instanceof GenAsmParser.FloatingContext) {
            return new Syntax.Decimal(text, pos(e));
        }
        if (e instanceof GenAsmParser.SymbolContext) {
            return new Syntax.Sym(text, pos(e));
        }
        return new Syntax.Quoted(unquote(text), pos(e));
    }

    /** An unsigned 64-bit literal, or null after reporting one too large. */
    private Long number(Token t, String digits, int radix) {
        String d = digits.replace("_", "");
        try {
            return Long.parseUnsignedLong(d, radix);
        } catch (NumberFormatException ex) {
            error(t.getLine(), t.getCharPositionInLine() + 1, "number " + t.getText() + " does not fit 64 bits");
            return null;
        }
    }

    /** ANTLR's "expecting {...}" with token names a user knows. */
    static String friendly(String msg) {
        int open = msg.indexOf("expecting {");
        int close = msg.lastIndexOf('}');
        String m = msg.replace("mismatched input '<EOF>'", "unexpected end of text,").replace("<EOF>", "end of text");
        if (open < 0 || close < open) {
            return m.replace("expecting NAME", "expecting a name").replace("expecting STRING", "expecting a quoted name")
                    .replace("expecting INT", "expecting a number");
        }
        java.util.LinkedHashSet<String> kinds = new java.util.LinkedHashSet<>();
        for (String t : msg.substring(open + "expecting {".length(), close).split(", ")) {
            kinds.add(switch (t) {
                case "<EOF>" -> "end of text";
                case "NAME" -> "a name";
                case "STRING" -> "a quoted name";
                case "DOTNAME" -> "a directive";
                case "INT", "HEX", "BIN", "FLOATNUM" -> "a number";
                default -> t;
            });
        }
        return m.substring(0, m.indexOf("expecting {")) + "expecting " + String.join(", ", kinds);
    }

    static String unquote(String quoted) {
        StringBuilder sb = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() - 1) {
                c = quoted.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static Pos pos(ParserRuleContext ctx) {
        Token t = ctx.getStart();
        return new Pos(t.getLine(), t.getCharPositionInLine() + 1);
    }

    private void error(Pos p, String msg) {
        error(p.line(), p.column(), msg);
    }

    private void error(int line, int column, String msg) {
        if (errors.size() < Assembler.MAX_ERRORS) {
            errors.add(new AsmError(source, line, column, msg));
        }
    }
}
