package io.genscope.repl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The shell's commands by name and alias, in the order {@code help} lists them. */
public final class ShellRegistry {
    private final List<ShellCommand> commands;
    private final Map<String, ShellCommand> byName = new LinkedHashMap<>();

    public ShellRegistry(List<ShellCommand> commands) {
        this.commands = List.copyOf(commands);
        for (ShellCommand c : commands) {
            register(c.name(), c);
            for (String a : c.aliases()) {
                register(a, c);
            }
        }
    }

    private void register(String name, ShellCommand c) {
        if (byName.putIfAbsent(name.toLowerCase(Locale.ROOT), c) != null) {
            throw new IllegalArgumentException("two shell commands named " + name);
        }
    }

    public List<ShellCommand> commands() {
        return commands;
    }

    /** The command with this name or alias (any case), or null. */
    public ShellCommand find(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** Names and aliases close to a mistyped one, best first. */
    public List<String> suggestions(String typed) {
        String t = typed.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String n : byName.keySet()) {
            if (n.startsWith(t) || distance(n, t) <= Math.max(1, t.length() / 3)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
