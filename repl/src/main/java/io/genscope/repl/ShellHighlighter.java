package io.genscope.repl;

import io.genscope.spec.Spec;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours the line being typed: a known shell command green (unknown red), GPU command names of
 * the open capture's spec magenta, numbers and addresses cyan, quoted text yellow, options blue.
 */
final class ShellHighlighter implements Highlighter {
    private static final AttributedStyle COMMAND = AttributedStyle.BOLD.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle UNKNOWN = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    private static final AttributedStyle GPU_COMMAND = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
    private static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle QUOTED = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle OPTION = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);

    private final Shell shell;

    ShellHighlighter(Shell shell) {
        this.shell = shell;
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        return highlight(buffer);
    }

    AttributedString highlight(String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder(buffer.length() + 16);
        Spec spec = shell.context().hasCapture() ? shell.context().capture().spec() : null;
        int i = 0;
        int word = 0;
        int n = buffer.length();
        while (i < n) {
            char c = buffer.charAt(i);
            if (Character.isWhitespace(c)) {
                sb.append(c);
                i++;
                continue;
            }
            if (word == 0 && c == '#') {
                sb.styled(AttributedStyle.DEFAULT.faint(), buffer.substring(i));
                break;
            }
            int start = i;
            if (c == '"' || c == '\'') {
                int close = buffer.indexOf(c, i + 1);
                i = close < 0 ? n : close + 1;
                while (i < n && !Character.isWhitespace(buffer.charAt(i))) {
                    i++;
                }
                sb.styled(QUOTED, buffer.substring(start, i));
                word++;
                continue;
            }
            while (i < n && !Character.isWhitespace(buffer.charAt(i)) && buffer.charAt(i) != '"'
                    && buffer.charAt(i) != '\'') {
                i++;
            }
            String w = buffer.substring(start, i);
            AttributedStyle style;
            if (word == 0) {
                style = shell.registry().find(w) != null ? COMMAND : UNKNOWN;
            } else if (w.startsWith("-") && w.length() > 1 && !Character.isDigit(w.charAt(1))) {
                style = OPTION;
            } else if (Numbers.isNumber(w) || (w.startsWith("#") && Numbers.isNumber(w.substring(1)))
                    || w.matches("(0x)?[0-9a-fA-F_]+(\\.\\.|\\+)(0x)?[0-9a-fA-F_]+[kKmM]?")) {
                style = NUMBER;
            } else if (spec != null && spec.command(w) != null) {
                style = GPU_COMMAND;
            } else {
                style = AttributedStyle.DEFAULT;
            }
            sb.styled(style, w);
            word++;
        }
        return sb.toAttributedString();
    }
}
