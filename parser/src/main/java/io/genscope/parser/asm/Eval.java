package io.genscope.parser.asm;

import io.genscope.parser.asm.Syntax.Expr;
import java.util.Map;

/**
 * Evaluates integer expressions: literals, labels, enum names of the field being set, and
 * {@code + - *} with 64-bit wrap-around.
 *
 * <p>Before all labels are known (first pass) a label not yet defined makes the value
 * <em>pending</em>: the result is null and {@link #pending()} is true; the statement is encoded
 * again once every label has its address.
 */
final class Eval {
    private final Map<String, Long> labels;
    private final boolean complete;
    private final Diagnostics diagnostics;
    private boolean pending;
    private java.util.function.Predicate<String> isCommand = n -> false;

    /**
     * @param labels label addresses known so far
     * @param complete whether every label is known (an unknown one is then an error)
     */
    Eval(Map<String, Long> labels, boolean complete, Diagnostics diagnostics) {
        this.labels = labels;
        this.complete = complete;
        this.diagnostics = diagnostics;
    }

    /** Tells the evaluator which names are commands, for a better message when one is used as a value. */
    Eval commandNames(java.util.function.Predicate<String> commands) {
        this.isCommand = commands;
        return this;
    }

    /** Whether a value since the last {@link #reset()} waited for a label defined later. */
    boolean pending() {
        return pending;
    }

    void reset() {
        pending = false;
    }

    boolean complete() {
        return complete;
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    /**
     * The value of {@code e}, or null (an error reported, or pending).
     *
     * @param names the named values of the field being set (name to value), possibly empty
     * @param what what is being set, for messages ({@code field "Address"}, {@code .dword})
     */
    Long integer(Expr e, Map<String, Long> names, String what) {
        if (e instanceof Syntax.Num n) {
            return n.value();
        }
        if (e instanceof Syntax.Decimal d) {
            diagnostics.error(d.pos(), d.text() + " is not an integer (" + what + " takes integers)");
            return null;
        }
        if (e instanceof Syntax.Quoted q) {
            Long v = names.get(q.name());
            if (v == null) {
                diagnostics.error(q.pos(), unknownName(q.name(), names, what, true));
            }
            return v;
        }
        if (e instanceof Syntax.Sym s) {
            Long v = names.get(s.name());
            if (v != null) {
                return v;
            }
            v = labels.get(s.name());
            if (v != null) {
                return v;
            }
            if (s.name().equals("true")) {
                return 1L;
            }
            if (s.name().equals("false")) {
                return 0L;
            }
            if (!complete) {
                pending = true;
                return null;
            }
            diagnostics.error(s.pos(), unknownName(s.name(), names, what, false));
            return null;
        }
        if (e instanceof Syntax.Neg n) {
            Long v = integer(n.operand(), names, what);
            return v == null ? null : -v;
        }
        Syntax.Binary b = (Syntax.Binary) e;
        Long l = integer(b.left(), names, what);
        Long r = integer(b.right(), names, what);
        if (l == null || r == null) {
            return null;
        }
        return switch (b.op()) {
            case '+' -> l + r;
            case '-' -> l - r;
            default -> l * r;
        };
    }

    private String unknownName(String name, Map<String, Long> names, String what, boolean quoted) {
        if (!names.isEmpty()) {
            return "unknown value " + Syntax.quote(name) + " for " + what + listNames(name, names.keySet())
                    + (quoted ? "" : "; and no label has that name");
        }
        if (quoted) {
            return what + " has no named values; " + Syntax.quote(name) + " names nothing here (give a number)";
        }
        if (isCommand.test(name)) {
            return "a value is missing before " + name + " (newlines do not end a command, so " + name
                    + " was read as the value of " + what + ")";
        }
        String guess = Names.closest(name, labels.keySet());
        return "undefined label " + name + (guess == null ? "" : " (did you mean " + guess + "?)");
    }

    /** "; values: a, b, c" with every name, or the nearest ten of a long list. */
    static String listNames(String wrong, java.util.Collection<String> names) {
        StringBuilder sb = new StringBuilder();
        java.util.Collection<String> shown = names.size() <= 40 ? names : Names.nearest(wrong, names, 10);
        for (String n : shown) {
            sb.append(sb.length() == 0 ? "" : ", ").append(Syntax.quote(n));
        }
        return names.size() <= 40 ? "; its values: " + sb
                : "; nearest of its " + names.size() + " values: " + sb + ", ...";
    }
}
