package io.genscope.parser.capture;

import java.util.Locale;

/**
 * How much a file may inflate or decompress to: a few bytes of zlib or xz can claim gigabytes, so
 * every reader that expands its input stops at these limits with a {@link Problem}.
 *
 * <p>One knob sets them all, the system property {@value #PROPERTY} (a size such as {@code 4G},
 * {@code 512M}; {@code genscope decode --max-inflate} sets it): the most one file may expand to.
 * One error-state buffer may take 1/64 of it, at least 64 MiB (or all of it when it is smaller);
 * the buffers of one error state together, held in memory, a quarter, at least 1 GiB (or all).
 *
 * @param perFile the most bytes one {@code .xz} capture decompresses to
 * @param perBuffer the most bytes one compressed error-state buffer inflates to
 * @param perErrorState the most bytes all buffers of one error state inflate to together
 */
public record InflateLimits(long perFile, long perBuffer, long perErrorState) {
    /** The system property holding the limit, read only by {@link #current()}. */
    public static final String PROPERTY = "genscope.maxInflate";
    /** The default per-file limit: real captures decompress to about 1 GB. */
    public static final long DEFAULT_PER_FILE = 4L << 30;

    /** The limits derived from one per-file limit. */
    public static InflateLimits of(long perFile) {
        if (perFile <= 0) {
            throw new IllegalArgumentException("the inflate limit must be positive, not " + perFile);
        }
        return new InflateLimits(perFile, share(perFile, 64, 64L << 20), share(perFile, 4, 1L << 30));
    }

    /** The limits in force: {@value #PROPERTY} when set and valid, else the defaults. */
    public static InflateLimits current() {
        String v = System.getProperty(PROPERTY);
        if (v != null) {
            try {
                return of(parseSize(v));
            } catch (IllegalArgumentException e) {
                // an unreadable property falls back to the defaults; the CLI checks its flag itself
            }
        }
        return of(DEFAULT_PER_FILE);
    }

    /** A size in bytes, with an optional {@code K}, {@code M}, {@code G} or {@code T} suffix (powers of 1024). */
    public static long parseSize(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = t.isEmpty() ? 0 : switch (t.charAt(t.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        long n;
        try {
            n = Long.parseLong(digits.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size (like 4G, 512M or 1048576): '" + text + "'");
        }
        if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size out of range: '" + text + "'");
        }
        return n << shift;
    }

    /** Shows a byte count the way {@link #parseSize} reads it, e.g. {@code 64M}. */
    public static String format(long bytes) {
        String[] units = {"", "K", "M", "G", "T"};
        int u = 0;
        while (u < units.length - 1 && bytes != 0 && bytes % 1024 == 0) {
            bytes /= 1024;
            u++;
        }
        return bytes + units[u];
    }

    private static long share(long limit, int divisor, long floor) {
        return Math.max(Math.min(limit, floor), limit / divisor);
    }
}
