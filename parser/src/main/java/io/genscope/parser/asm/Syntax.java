package io.genscope.parser.asm;

import java.util.List;

/** The parsed form of a GenAsm listing: statements with their source positions. */
final class Syntax {
    private Syntax() {
    }

    /** A 1-based line and column. */
    record Pos(int line, int column) {
    }

    /** One statement of a listing. */
    sealed interface Stmt permits Label, Gen, EngineDir, Org, DWords, Cmd {
        Pos pos();
    }

    /** {@code name:} — the address of what follows. */
    record Label(String name, Pos pos) implements Stmt {
    }

    /** {@code .gen gen9} (or a platform name). */
    record Gen(String name, Pos pos) implements Stmt {
    }

    /** {@code .engine render}. */
    record EngineDir(String name, Pos pos) implements Stmt {
    }

    /** {@code .org address [ggtt|ppgtt]}; {@code ppgtt} null when not given. */
    record Org(Expr address, Boolean ppgtt, Pos pos) implements Stmt {
    }

    /** {@code .dword a, b, ...}. */
    record DWords(List<Expr> values, Pos pos) implements Stmt {
    }

    /** A command with its field assignments and raw dword overrides. */
    record Cmd(String name, Pos pos, List<Item> items) implements Stmt {
    }

    /** What follows a command's name. */
    sealed interface Item permits Assign, Override {
        Pos pos();
    }

    /** {@code "Field"[i]."Sub"=value}. */
    record Assign(List<Segment> path, Expr value, Pos pos) implements Item {
        String display() {
            return Syntax.display(path);
        }
    }

    /** {@code @n=value}: dword n of the command is exactly this, after the fields. */
    record Override(long dword, Expr value, Pos pos) implements Item {
    }

    /** One step of a field path: a field name and its group indices. */
    record Segment(String name, List<Long> indices, Pos pos) {
    }

    /** A value expression. */
    sealed interface Expr permits Num, Decimal, Sym, Quoted, Neg, Binary {
        Pos pos();
    }

    /**
     * An integer literal.
     *
     * @param decimal written in decimal (a float field reads it as a number, not as raw bits)
     */
    record Num(long value, boolean decimal, Pos pos) implements Expr {
    }

    /** A literal with a fraction or exponent: {@code 0.5}, {@code 1.0E-5}. */
    record Decimal(String text, Pos pos) implements Expr {
    }

    /** A bare name: a label, an enum value, {@code true} or {@code false}. */
    record Sym(String name, Pos pos) implements Expr {
    }

    /** A quoted name: an enum value. */
    record Quoted(String name, Pos pos) implements Expr {
    }

    /** {@code -x}. */
    record Neg(Expr operand, Pos pos) implements Expr {
    }

    /** {@code a + b}, {@code a - b}, {@code a * b}. */
    record Binary(char op, Expr left, Expr right, Pos pos) implements Expr {
    }

    /** A field path as written by the disassembler: {@code "Element"[0]."Valid"}. */
    static String display(List<Segment> path) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : path) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(quote(s.name()));
            for (long i : s.indices()) {
                sb.append('[').append(i).append(']');
            }
        }
        return sb.toString();
    }

    /** A name in double quotes, with {@code "} and {@code \} escaped. */
    static String quote(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 2).append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static final java.util.regex.Pattern NAME =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|[0-9]+[A-Za-z_][A-Za-z0-9_]*");
    private static final java.util.regex.Pattern NUMBER_LIKE =
            java.util.regex.Pattern.compile("0[xX][0-9a-fA-F][0-9a-fA-F_]*|0[bB][01][01_]*|[0-9]+[eE][0-9]+");

    /** Whether a name can be written without quotes: a NAME token that no earlier token rule takes. */
    static boolean bare(String name) {
        return NAME.matcher(name).matches() && !NUMBER_LIKE.matcher(name).matches()
                && !name.equals("ggtt") && !name.equals("ppgtt");
    }
}
