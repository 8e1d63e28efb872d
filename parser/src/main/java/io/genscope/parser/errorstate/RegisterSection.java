package io.genscope.parser.errorstate;

import io.genscope.parser.capture.Problem;
import java.util.Locale;

/** Registers of one engine section, collected as its lines come. */
final class RegisterSection {
    final String name;
    final TextLine line;
    long start = -1;
    long head = -1;
    long requestHead = -1;
    long tail = -1;
    long ctl = -1;
    long acthd = -1;
    long acthdHigh = -1;
    long pdp0 = -1;

    RegisterSection(String name, TextLine line) {
        this.name = name;
        this.line = line;
    }

    void register(String s, TextLine at, ParseProblems problems) {
        String t = s.strip();
        int colon = t.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String key = t.substring(0, colon).trim().toUpperCase(Locale.ROOT);
        String value = t.substring(colon + 1).trim();
        switch (key) {
            case "START", "RING_START", "RING_BUFFER_START" -> start = read(key, value, 0, at, problems);
            case "HEAD", "RING_HEAD" -> {
                head = read(key, value, 0, at, problems);
                int bracket = value.indexOf('[');
                if (bracket >= 0) {
                    requestHead = read(key + " [request head]", value.substring(bracket + 1), 0, at, problems);
                }
            }
            case "TAIL", "RING_TAIL" -> tail = read(key, value, 0, at, problems);
            case "CTL", "RING_CTL", "RING_BUFFER_CTL" -> ctl = read(key, value, 0, at, problems);
            case "ACTHD", "ACTHD_LDW", "RING_ACTHD" -> {
                long hiOrAll = read(key, value, 0, at, problems);
                int space = value.indexOf(' ');
                long lo = space < 0 ? -1 : Hex.parse(value, space + 1, 8);
                acthd = hiOrAll < 0 ? -1 : lo >= 0 ? hiOrAll << 32 | lo : hiOrAll;
            }
            case "ACTHD_UDW", "RING_ACTHD_UDW" -> acthdHigh = read(key, value, 0, at, problems);
            case "PDP0" -> pdp0 = read(key, value, 0, at, problems);
            default -> {
            }
        }
    }

    private static long read(String key, String value, int from, TextLine at, ParseProblems problems) {
        String v = value.substring(from).trim();
        long r = v.toLowerCase(Locale.ROOT).startsWith("0x") ? Hex.parse(v, 2, 16) : -1;
        if (r < 0) {
            problems.add(at.problem(Problem.Kind.CORRUPT, 0, "cannot read " + key + " from \"" + value + "\""));
        }
        return r;
    }

    EngineRegisters build() {
        EngineName id = EngineName.parse(name);
        long a = acthd;
        if (acthdHigh >= 0 && a >= 0 && a <= 0xffff_ffffL) {
            a |= acthdHigh << 32;
        }
        return new EngineRegisters(name, id.engine(), id.instance(), start, head, requestHead, tail, ctl, a, pdp0,
                line.number(), line.start());
    }
}
