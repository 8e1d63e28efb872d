package io.genscope.migration.transport;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A link rate given on the command line: bits per second with a bit unit ({@code 10Gbit},
 * {@code 100Mbit}, {@code 1Gbps}), bytes per second with a byte unit ({@code 500MB} = 500e6,
 * {@code 1GiB} = 2^30), or {@code unlimited} / {@code 0}. Decimal prefixes are powers of 1000,
 * binary ones (Ki, Mi, Gi) powers of 1024.
 */
public record Bandwidth(double bytesPerSecond) {
    private static final Pattern FORM = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kmgt]i?)?(bit|bps|b|byte|bytes)?(/s)?");

    public static final Bandwidth UNLIMITED = new Bandwidth(0);

    public boolean limited() {
        return bytesPerSecond > 0;
    }

    public double megabitsPerSecond() {
        return bytesPerSecond * 8 / 1e6;
    }

    public static Bandwidth parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("unlimited") || t.equals("0") || t.equals("none")) {
            return UNLIMITED;
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches() || m.group(3) == null) {
            throw new IllegalArgumentException("bandwidth '" + text + "': use e.g. 10Gbit, 100Mbit, 500MB, 1GiB or unlimited");
        }
        double v = Double.parseDouble(m.group(1));
        String prefix = m.group(2) == null ? "" : m.group(2);
        boolean binary = prefix.endsWith("i");
        double scale = switch (prefix.isEmpty() ? ' ' : prefix.charAt(0)) {
            case 'k' -> binary ? 1024.0 : 1e3;
            case 'm' -> binary ? 1024.0 * 1024 : 1e6;
            case 'g' -> binary ? 1024.0 * 1024 * 1024 : 1e9;
            case 't' -> binary ? 1024.0 * 1024 * 1024 * 1024 : 1e12;
            default -> 1;
        };
        boolean bits = m.group(3).equals("bit") || m.group(3).equals("bps");
        double bytes = v * scale / (bits ? 8 : 1);
        if (bytes <= 0) {
            return UNLIMITED;
        }
        return new Bandwidth(bytes);
    }

    @Override
    public String toString() {
        if (!limited()) {
            return "unlimited";
        }
        double bits = bytesPerSecond * 8;
        return bits >= 1e9 ? String.format(Locale.ROOT, "%.4gGbit", bits / 1e9) : String.format(Locale.ROOT, "%.4gMbit", bits / 1e6);
    }
}
