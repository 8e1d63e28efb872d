package io.genscope.parser.eu;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Instruction bytes written as text the way Mesa's EU test suite writes them: hex byte pairs
 * separated by blanks, one instruction per line; {@code #} starts a comment.
 */
public final class EuHex {
    private EuHex() {}

    /** Parsed bytes and the problems (as {@code NAME:LINE:COLUMN: message}); bad tokens are skipped. */
    public record Parsed(byte[] bytes, List<String> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }
    }

    public static Parsed parse(String name, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln];
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            int i = 0;
            while (i < line.length()) {
                if (Character.isWhitespace(line.charAt(i)) || line.charAt(i) == ',') {
                    i++;
                    continue;
                }
                int start = i;
                while (i < line.length() && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != ',') i++;
                String tok = line.substring(start, i);
                if (tok.startsWith("0x") || tok.startsWith("0X")) tok = tok.substring(2);
                if (tok.length() == 2 && Character.digit(tok.charAt(0), 16) >= 0 && Character.digit(tok.charAt(1), 16) >= 0) {
                    out.write(Integer.parseInt(tok, 16));
                } else {
                    problems.add(name + ":" + (ln + 1) + ":" + (start + 1) + ": not a hex byte pair: " + tok);
                }
            }
        }
        return new Parsed(out.toByteArray(), problems);
    }
}
