package io.genscope.repl;

import java.util.ArrayList;
import java.util.List;

/**
 * The words after a shell command's name. Flags and options are taken out as they are asked for;
 * what is left are the positional words.
 */
public final class Args {
    private final List<String> words;

    public Args(List<String> words) {
        this.words = new ArrayList<>(words);
    }

    /** Removes a flag (any of its names) and says whether it was there. */
    public boolean flag(String... names) {
        boolean found = false;
        for (String n : names) {
            while (words.remove(n)) {
                found = true;
            }
        }
        return found;
    }

    /** Removes {@code name VALUE} (or {@code name=VALUE}) and returns the value, or null. */
    public String option(String name) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals(name)) {
                if (i + 1 >= words.size()) {
                    throw new ShellError(name + " needs a value");
                }
                words.remove(i);
                return words.remove(i);
            }
            if (w.startsWith(name + "=")) {
                words.remove(i);
                return w.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** Fails on any word that looks like an option not taken out yet. */
    public void noMoreOptions() {
        for (String w : words) {
            if (w.startsWith("--") || (w.startsWith("-") && w.length() > 1 && !Character.isDigit(w.charAt(1)))) {
                throw new ShellError("unknown option " + w);
            }
        }
    }

    public int size() {
        return words.size();
    }

    public boolean isEmpty() {
        return words.isEmpty();
    }

    public String get(int i) {
        return words.get(i);
    }

    /** Word i, or {@code fallback} when there are fewer words. */
    public String get(int i, String fallback) {
        return i < words.size() ? words.get(i) : fallback;
    }

    public List<String> words() {
        return List.copyOf(words);
    }

    /** Fails when more than {@code max} positional words are left. */
    public void atMost(int max, String usage) {
        if (words.size() > max) {
            throw new ShellError("too many arguments (" + String.join(" ", words.subList(max, words.size()))
                    + "); usage: " + usage);
        }
    }
}
