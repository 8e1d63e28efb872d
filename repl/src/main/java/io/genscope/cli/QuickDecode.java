package io.genscope.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code genscope decode} without picocli, for the common command lines: picocli's classes cannot
 * be kept in the class-data-sharing archive and it builds every subcommand's model before running
 * one, which took longer than decoding the headers of a large capture. Only the plain forms are
 * taken: {@code decode}, then the options of {@link DecodeCommand} once each ({@code --opt VALUE} or
 * {@code --opt=VALUE}) and one file, in any order. Anything else (help, an unknown or repeated
 * option, a value or file starting with {@code -}, {@code @argfiles}, {@code --}, a missing file
 * name) returns null, and picocli parses the line as before, with its messages.
 */
final class QuickDecode {
    private QuickDecode() {
    }

    /** The decode command with its options set as picocli would set them, or null to leave it to picocli. */
    static DecodeCommand parse(String... args) {
        if (args.length < 2 || !args[0].equals("decode")) {
            return null;
        }
        DecodeCommand d = new DecodeCommand();
        d.engine = "render";
        d.address = "0";
        Set<String> seen = new HashSet<>();
        String file = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                if (file != null || a.isEmpty() || a.startsWith("@")) {
                    return null;
                }
                file = a;
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            if (!seen.add(name)) {
                return null;
            }
            if (isFlag(name)) {
                if (eq >= 0) {
                    return null;
                }
                flag(d, name);
                continue;
            }
            String value;
            if (eq >= 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@") || !option(d, name, value)) {
                return null;
            }
        }
        if (file == null) {
            return null;
        }
        try {
            d.file = Path.of(file);
        } catch (InvalidPathException e) {
            return null;
        }
        return d;
    }

    private static boolean isFlag(String name) {
        return switch (name) {
            case "--headers", "--json", "--asm", "--raw", "--ppgtt" -> true;
            default -> false;
        };
    }

    private static void flag(DecodeCommand d, String name) {
        switch (name) {
            case "--headers" -> d.headers = true;
            case "--json" -> d.json = true;
            case "--asm" -> d.asm = true;
            case "--raw" -> d.raw = true;
            default -> d.ppgtt = true;
        }
    }

    /** Sets an option that takes a value; false when {@code name} is not one. */
    private static boolean option(DecodeCommand d, String name, String value) {
        switch (name) {
            case "--gen" -> d.gen = value;
            case "--engine" -> d.engine = value;
            case "--address" -> d.address = value;
            case "--max-inflate" -> d.maxInflate = value;
            default -> {
                return false;
            }
        }
        return true;
    }
}
