package io.genscope.parser.aub;

import io.genscope.parser.memory.MappedBytes;
import java.nio.charset.StandardCharsets;

/**
 * Turns version packets into {@link AubHeader}s.
 *
 * <pre>
 * MemTrace VERSION (0xF70E)          classic AUB_HEADER (0xE085)
 *   dw1    file version                dw1     major[31:24] minor[23:16]
 *   dw2    metal/stepping/device/...   dw2-9   application name, 32 bytes
 *   dw3-4  device abbreviation         dw10-11 timestamp
 *   dw5..  text                        dw12    comment length, dw13.. comment
 * Mesa's text / comment: "PCI-ID=0x1912 &lt;application name&gt;"
 * </pre>
 */
final class HeaderParser {
    /** Text longer than this is cut: names are short, and the packet length is untrusted. */
    static final int MAX_TEXT = 4096;
    private static final String TAG = "PCI-ID=";

    private HeaderParser() {
    }

    /** Parses a VERSION packet of {@code length >= 20} bytes. */
    static AubHeader memtraceVersion(MappedBytes b, long pos, long length) {
        int version = b.getInt(pos + 4);
        int device = (b.getInt(pos + 8) >>> 8) & 0xff;
        String abbreviation = text(b, pos + 12, pos + 20);
        String text = text(b, pos + 20, pos + length);
        Tag tag = Tag.of(text);
        return tag == null
                ? new AubHeader(pos, Dialect.NEO, version, 0, text.strip(), device, abbreviation, text)
                : new AubHeader(pos, Dialect.MESA, version, tag.pciId(), tag.rest(), device, abbreviation, text);
    }

    /** Parses a classic header packet of any length. */
    static AubHeader classic(MappedBytes b, long pos, long length) {
        int version = length >= 8 ? b.getInt(pos + 4) : 0;
        String name = text(b, pos + 8, pos + Math.min(length, 40));
        String comment = "";
        if (length >= 56) {
            long commentLength = b.getInt(pos + 48) & 0xffffffffL;
            comment = text(b, pos + 52, pos + Math.min(length, 52 + commentLength));
        }
        Tag tag = Tag.of(comment);
        return new AubHeader(pos, Dialect.CLASSIC, version, tag == null ? 0 : tag.pciId(), name.strip(), 0, "",
                comment.isEmpty() ? name : comment);
    }

    /** A {@code PCI-ID=<number>} prefix and the text after it. */
    private record Tag(int pciId, String rest) {
        static Tag of(String text) {
            if (!text.startsWith(TAG)) {
                return null;
            }
            int end = TAG.length();
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            int id = parseId(text.substring(TAG.length(), end));
            return id == 0 ? null : new Tag(id, text.substring(end).strip());
        }
    }

    /** {@code 0x1912} or {@code 6418}; 0 when it is neither or out of range. */
    static int parseId(String s) {
        try {
            long v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            return v > 0 && v <= 0xffff ? (int) v : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Bytes {@code from..to} up to the first NUL, at most {@link #MAX_TEXT}, as UTF-8 text, control characters replaced. */
    static String text(MappedBytes b, long from, long to) {
        long end = Math.min(Math.min(to, b.size()), from + MAX_TEXT);
        if (from >= end) {
            return "";
        }
        byte[] raw = new byte[(int) (end - from)];
        b.get(from, raw, 0, raw.length);
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        String s = new String(raw, 0, n, StandardCharsets.UTF_8);
        StringBuilder clean = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            clean.append(c < 0x20 && c != '\t' && c != '\n' || c == 0x7f ? '?' : c);
        }
        return clean.toString();
    }
}
