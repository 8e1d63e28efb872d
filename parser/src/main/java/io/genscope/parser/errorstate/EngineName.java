package io.genscope.parser.errorstate;

import io.genscope.spec.Engine;
import java.util.Locale;

/**
 * An engine as an error state names it: {@code rcs0}, {@code vcs1} (kernels from about 5.3), or the
 * older {@code render}, {@code render ring}, {@code bsd ring}, {@code blt}, {@code blitter ring},
 * {@code vebox}, {@code video enhancement ring}, {@code bsd2 ring}. Engine sections and buffer
 * lines of one engine may use different spellings ({@code render command stream:} but
 * {@code render ring --- gtt_offset}), so they are matched by class and instance.
 *
 * @param engine the engine class, or null when the name is not an engine ({@code global})
 * @param instance the instance within the class, from 0
 */
record EngineName(Engine engine, int instance) {

    /** Parses a name; unknown names give an {@code EngineName} with a null engine. */
    static EngineName parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int paren = t.indexOf('(');
        if (paren >= 0) {
            t = t.substring(0, paren).trim();
        }
        if (t.endsWith(" ring")) {
            t = t.substring(0, t.length() - 5).trim();
        }
        Engine e;
        String rest;
        if (t.startsWith("vecs") || t.startsWith("vebox") || t.startsWith("video enhancement")) {
            e = Engine.VIDEOENHANCE;
            rest = t.startsWith("vecs") ? t.substring(4) : "";
        } else if (t.startsWith("rcs") || t.startsWith("render")) {
            e = Engine.RENDER;
            rest = t.startsWith("rcs") ? t.substring(3) : "";
        } else if (t.startsWith("bcs") || t.startsWith("blt") || t.startsWith("blitter")) {
            e = Engine.BLITTER;
            rest = t.startsWith("bcs") ? t.substring(3) : "";
        } else if (t.startsWith("vcs") || t.startsWith("bsd") || t.startsWith("video")) {
            e = Engine.VIDEO;
            rest = t.startsWith("vcs") ? t.substring(3) : t.startsWith("bsd") ? t.substring(3) : "";
            if (t.startsWith("bsd")) {
                // bsd is instance 0, bsd2 instance 1
                int n = digits(rest);
                return new EngineName(e, n <= 1 ? 0 : n - 1);
            }
        } else if (t.startsWith("ccs") || t.startsWith("compute")) {
            e = Engine.COMPUTE;
            rest = t.startsWith("ccs") ? t.substring(3) : "";
        } else {
            return new EngineName(null, 0);
        }
        return new EngineName(e, Math.max(0, digits(rest)));
    }

    private static int digits(String s) {
        int v = 0;
        int i = 0;
        while (i < s.length() && i < 4 && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return i == 0 ? -1 : v;
    }
}
