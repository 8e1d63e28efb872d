package io.genscope.repl;

import java.util.Locale;

/** Numbers as users type them: {@code 0x1f000}, {@code 4096}, sizes with {@code k}/{@code m}. */
public final class Numbers {
    private Numbers() {
    }

    /** A hexadecimal ({@code 0x...}) or decimal number; underscores are ignored. */
    public static long parse(String text, String what) {
        String t = text.replace("_", "").toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("0x")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            if (t.startsWith("-")) {
                throw new NumberFormatException();
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new ShellError("expected " + what + " (like 0x1000 or 4096), not '" + text + "'");
        }
    }

    /** A byte count, optionally with a {@code k} (KiB) or {@code m} (MiB) suffix. */
    public static long size(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k") && !t.startsWith("0x")) {
            unit = 1024;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m") && !t.startsWith("0x")) {
            unit = 1024 * 1024;
            t = t.substring(0, t.length() - 1);
        }
        return parse(t, "a length") * unit;
    }

    /** An int in {@code [0, limit)}. */
    public static int index(String text, int limit, String what) {
        long v = parse(text, "a number");
        if (v >= limit) {
            throw new ShellError((what.endsWith("#") ? what : what + " ") + v + " does not exist (there "
                    + (limit == 1 ? "is 1" : "are " + limit) + ")");
        }
        return (int) v;
    }

    /** Whether a word reads as a number. */
    public static boolean isNumber(String text) {
        String t = text.replace("_", "").toLowerCase(Locale.ROOT);
        if (t.startsWith("0x")) {
            return t.length() > 2 && t.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return !t.isEmpty() && t.chars().allMatch(Character::isDigit);
    }
}
