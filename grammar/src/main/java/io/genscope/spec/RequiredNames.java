package io.genscope.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The command, struct and register fields one piece of Java code looks up by name, gathered in
 * one place so that a spec lacking one fails when it loads instead of decoding to zeros later.
 *
 * <pre>{@code
 * public static final RequiredNames REQUIRED = RequiredNames.of("batch walker")
 *         .command("MI_BATCH_BUFFER_START", "Batch Buffer Start Address", "Address Space Indicator");
 * }</pre>
 *
 * A definition need not exist (gen7 has no context descriptor): when the spec defines it, it must
 * hold every listed field. Fields the code reads only where a generation has them (with a stated
 * fallback elsewhere) are listed as optional: not checked at load, but {@link #unknownIn} finds
 * any name that no spec knows (a misspelling). Modules hand theirs to {@link SpecLoader} through a {@link Provider}
 * named in {@code META-INF/services/io.genscope.spec.RequiredNames$Provider}; every loaded spec
 * is checked against all providers on the class path.
 *
 * @param user who needs the names, for messages ({@code "state base tracker (StateBases)"})
 * @param entries the definitions and their fields
 */
public record RequiredNames(String user, List<Entry> entries) {
    /**
     * One definition and the fields read from it; no fields when only its name is used.
     *
     * @param optional whether the fields may be missing (read with a fallback)
     */
    public record Entry(Kind kind, String name, List<String> fields, boolean optional) {
        public Entry {
            fields = List.copyOf(fields);
        }
    }

    /** What a definition is. */
    public enum Kind {
        COMMAND, STRUCT, REGISTER;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A module's lists (found with {@link ServiceLoader}; needs a public no-argument constructor). */
    public interface Provider {
        List<RequiredNames> required();
    }

    public RequiredNames {
        entries = List.copyOf(entries);
    }

    /** No names yet. */
    public static RequiredNames of(String user) {
        return new RequiredNames(user, List.of());
    }

    /** These plus a command's fields. */
    public RequiredNames command(String name, String... fields) {
        return with(Kind.COMMAND, name, fields);
    }

    /** These plus a struct's fields. */
    public RequiredNames struct(String name, String... fields) {
        return with(Kind.STRUCT, name, fields);
    }

    /** These plus a register's fields. */
    public RequiredNames register(String name, String... fields) {
        return with(Kind.REGISTER, name, fields);
    }

    /** These plus fields of a definition that some generations lack (the code has a fallback). */
    public RequiredNames optional(Kind kind, String name, String... fields) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(new Entry(kind, name, List.of(fields), true));
        return new RequiredNames(user, more);
    }

    private RequiredNames with(Kind kind, String name, String... fields) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(new Entry(kind, name, List.of(fields), false));
        return new RequiredNames(user, more);
    }

    /** One line per missing field ({@code command "X" has no field "Y", which U needs}); empty when all are there. */
    public List<String> missingIn(Spec spec) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            Layout def = layout(spec, e);
            if (def == null || e.optional()) {
                continue;
            }
            for (String field : e.fields()) {
                if (def.field(field) == null) {
                    out.add(e.kind().word() + " \"" + e.name() + "\" has no field \"" + field + "\", which " + user
                            + " needs");
                }
            }
        }
        return out;
    }

    private static Layout layout(Spec spec, Entry e) {
        return switch (e.kind()) {
            case COMMAND -> spec.command(e.name());
            case STRUCT -> spec.struct(e.name());
            case REGISTER -> spec.register(e.name());
        };
    }

    /**
     * The definitions and fields (optional ones too) that none of {@code specs} knows: a name
     * misspelt here, or one every generation dropped. Empty when all are known somewhere.
     */
    public List<String> unknownIn(java.util.Collection<Spec> specs) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            List<Layout> defs = specs.stream().map(s -> layout(s, e)).filter(java.util.Objects::nonNull).toList();
            if (defs.isEmpty()) {
                out.add(user + ": no spec defines " + e.kind().word() + " \"" + e.name() + "\"");
                continue;
            }
            for (String field : e.fields()) {
                if (defs.stream().noneMatch(d -> d.field(field) != null)) {
                    out.add(user + ": no spec's " + e.kind().word() + " \"" + e.name() + "\" has field \"" + field + "\"");
                }
            }
        }
        return out;
    }

    /** Every list the providers on the class path give (read once). */
    public static List<RequiredNames> all() {
        return Registered.ALL;
    }

    /**
     * Checks a spec against every registered list.
     *
     * @param file the spec's file, for the {@code file:line:column} prefix
     * @throws SpecException naming each missing field and who needs it
     */
    static void check(Spec spec, String file) {
        List<String> missing = new ArrayList<>();
        for (RequiredNames r : all()) {
            missing.addAll(r.missingIn(spec));
        }
        if (!missing.isEmpty()) {
            throw new SpecException(file + ":1:1: spec " + spec.name() + ": " + String.join("; ", missing));
        }
    }

    /** The providers' lists, loaded on first use. */
    private static final class Registered {
        static final List<RequiredNames> ALL = load();

        private static List<RequiredNames> load() {
            List<RequiredNames> out = new ArrayList<>();
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (Provider p : ServiceLoader.load(Provider.class, loader != null ? loader : Provider.class.getClassLoader())) {
                out.addAll(p.required());
            }
            return List.copyOf(out);
        }
    }
}
