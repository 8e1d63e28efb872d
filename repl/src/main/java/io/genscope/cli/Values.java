package io.genscope.cli;

import io.genscope.rewriter.Numbers;

/**
 * Option values checked the same way in every command, each refusal naming the option and the
 * value: counts and durations that must be positive, and graphics windows, which must lie inside
 * the 4 GiB global GTT (the limit {@code receive}'s host remap applies, so {@code remap} applies it
 * too).
 */
final class Values {
    /** The size of the global GTT's address space. */
    static final long GGTT_LIMIT = 4L << 30;

    private Values() {
    }

    /** {@code value}, when it is at least 1. */
    static long positive(String option, long value) {
        if (value < 1) {
            throw new CliException(option + " " + value + ": must be at least 1");
        }
        return value;
    }

    /** {@code value}, when it is at least 0. */
    static long notNegative(String option, long value) {
        if (value < 0) {
            throw new CliException(option + " " + value + ": must not be negative");
        }
        return value;
    }

    /** A number in the remap syntax (decimal or 0x hex, K/M/G suffix); the refusal names the option. */
    static long number(String option, String text) {
        try {
            return Numbers.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(option + " '" + text + "': " + e.getMessage());
        }
    }

    /** Refuses a window (or, with size 0, a base) that reaches past the 4 GiB global GTT. */
    static void insideGgtt(String option, long base, long size) {
        if (base < 0 || base >= GGTT_LIMIT || size > GGTT_LIMIT - base) {
            throw new CliException(String.format("%s 0x%x%s: reaches past the 4 GiB global GTT (0x100000000)", option,
                    base, size == 0 ? "" : String.format("+0x%x", size)));
        }
    }

    /** A GGTT page's address given with {@code option}: a number, inside the 4 GiB global GTT, 4 KiB aligned. */
    static long ggttPage(String option, String value) {
        long b = number(option, value);
        insideGgtt(option, b, 0);
        if ((b & 0xfff) != 0) {
            throw new CliException(String.format("%s 0x%x: not aligned to a 4 KiB GGTT page", option, b));
        }
        return b;
    }
}
