package io.genscope.repl;

import io.genscope.spec.CommandDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.GroupDef;
import io.genscope.spec.Member;
import io.genscope.spec.RegisterDef;
import io.genscope.spec.Spec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Completion candidates a command offers for one word; the terminal filters them by what was
 * typed. Kept free of JLine types so commands and their tests do not need a terminal.
 */
public final class Completions {
    /**
     * One candidate.
     *
     * @param value the text inserted
     * @param group the heading it is listed under
     * @param description a short note shown next to it, or null
     * @param complete whether the word is finished (a space follows) or more may be typed
     */
    public record Candidate(String value, String group, String description, boolean complete) {
    }

    private final List<Candidate> candidates = new ArrayList<>();

    public List<Candidate> candidates() {
        return candidates;
    }

    /** Just the values, for tests. */
    public List<String> values() {
        return candidates.stream().map(Candidate::value).toList();
    }

    public Completions add(String value, String group, String description, boolean complete) {
        candidates.add(new Candidate(value, group, description, complete));
        return this;
    }

    /** Fixed words (sub-commands, keywords). */
    public Completions words(String group, String... values) {
        for (String v : values) {
            add(v, group, null, true);
        }
        return this;
    }

    /** The shell's own commands and their aliases. */
    public Completions shellCommands(ShellRegistry registry) {
        for (ShellCommand c : registry.commands()) {
            add(c.name(), "shell commands", c.summary(), true);
            for (String a : c.aliases()) {
                add(a, "shell commands", "= " + c.name(), true);
            }
        }
        return this;
    }

    /** Every command the spec defines. */
    public Completions specCommands(Spec spec) {
        if (spec != null) {
            for (CommandDef c : spec.commands()) {
                add(c.name(), "GPU commands", null, true);
            }
        }
        return this;
    }

    /** The field names of one command (group members by their own name). */
    public Completions fields(CommandDef def, boolean complete) {
        if (def != null) {
            for (String n : fieldNames(def.members())) {
                add(n, "fields of " + def.name(), null, complete);
            }
        }
        return this;
    }

    /** Every register the spec defines, by name. */
    public Completions registers(Spec spec) {
        if (spec != null) {
            for (RegisterDef r : spec.registers()) {
                add(r.name(), "registers", String.format("0x%x", r.offset()), true);
            }
        }
        return this;
    }

    /** Files and directories starting with what was typed ({@code ~/} is the home directory). */
    public Completions paths(String typed, Path workingDirectory) {
        String t = typed == null ? "" : typed;
        int slash = t.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : t.substring(0, slash + 1);
        String namePart = slash < 0 ? t : t.substring(slash + 1);
        Path dir = dirPart.isEmpty() ? workingDirectory : ShellContext.resolve(workingDirectory, dirPart);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.startsWith(namePart) || (name.startsWith(".") && !namePart.startsWith("."))) {
                    continue;
                }
                boolean isDir = Files.isDirectory(p);
                add(dirPart + name + (isDir ? "/" : ""), "files", null, !isDir);
            }
        } catch (IOException | RuntimeException e) {
            // nothing to offer
        }
        return this;
    }

    /** Field names of a layout's members in printing order, without duplicates. */
    public static Set<String> fieldNames(List<Member> members) {
        Set<String> out = new LinkedHashSet<>();
        collect(members, out);
        return out;
    }

    private static void collect(List<Member> members, Set<String> out) {
        for (Member m : members) {
            if (m instanceof FieldDef f) {
                out.add(f.name());
            } else if (m instanceof GroupDef g) {
                collect(g.members(), out);
            }
        }
    }
}
