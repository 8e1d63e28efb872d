package io.genscope.rewriter;

import java.util.Locale;

/**
 * Numbers as users type them for windows and addresses: decimal or {@code 0x} hex, with an
 * optional binary size suffix ({@code K}, {@code M}, {@code G}, {@code T}: 2^10, 2^20, 2^30, 2^40),
 * and windows as {@code BASE:SIZE}.
 *
 * <pre>{@code
 * Numbers.parse("0x20000000") == Numbers.parse("512M")
 * Numbers.window("0x0:512M")  == new Window(0, 512L << 20)
 * }</pre>
 */
public final class Numbers {
    private Numbers() {
    }

    /** Parses one number; throws {@link IllegalArgumentException} naming the text on bad input. */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty number");
        }
        int shift = switch (t.charAt(t.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        if (shift == 0 && digits.endsWith("b") && !digits.startsWith("0x")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        long value;
        try {
            value = digits.startsWith("0x") ? Long.parseUnsignedLong(digits.substring(2), 16) : Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + text + "' (decimal, 0x hex, optional K/M/G/T)");
        }
        if (value < 0 || (shift > 0 && value > (Long.MAX_VALUE >>> shift))) {
            throw new IllegalArgumentException("number out of range: '" + text + "'");
        }
        return value << shift;
    }

    /** Parses {@code BASE:SIZE}. */
    public static Window window(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("a window is BASE:SIZE, e.g. 0x0:512M; got '" + text + "'");
        }
        return new Window(parse(text.substring(0, colon)), parse(text.substring(colon + 1)));
    }
}
