package io.genscope.cli;

import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.FieldDef;
import io.genscope.spec.FieldType;
import io.genscope.spec.GroupDef;
import io.genscope.spec.Member;
import io.genscope.spec.SpaceRule;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists what a built-in spec defines, or checks a spec file. */
@Command(name = "spec",
        header = "Show what a built-in spec defines (every command, or one command's fields), or check a .gspec file.",
        description = {"Without COMMAND: the spec's commands with their header value/mask and engines."
                + " With COMMAND: its fields as a table (dword, bits, name, type, values).",
                "--check FILE loads a spec file and reports its errors as FILE:LINE:COLUMN."})
final class SpecCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Option(names = "--gen", paramLabel = "NAME", defaultValue = "gen9", completionCandidates = Gens.class,
            description = "Device or generation whose built-in spec to show: skl, kbl, tgl, gen9, gen12, ..."
                    + " (default: ${DEFAULT-VALUE})")
    String gen;

    @Option(names = "--check", paramLabel = "FILE.gspec", description = "Load this spec file and report its errors (file:line:column)")
    Path check;

    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "A command to show field by field (e.g. MI_BATCH_BUFFER_START)")
    String command;

    @Override
    public Integer call() throws Exception {
        Spec spec = check != null
                ? SpecLoader.fromText(check.getFileName().toString(), Files.readString(CliFiles.input(check), StandardCharsets.UTF_8))
                : Gens.spec("--gen", gen);
        if (command != null) {
            CommandDef c = spec.command(command);
            if (c == null) {
                throw new CliException(spec.name() + " has no command " + command);
            }
            System.out.print(fieldTable(c));
            return Main.OK;
        }
        System.out.println(spec);
        for (String col : spec.collisions()) {
            System.out.println("collision: " + col);
        }
        for (CommandDef c : spec.commands()) {
            System.out.printf("0x%08x/0x%08x  %-48s %s%n", c.headerValue(), c.headerMask(), c.name(), engines(c));
        }
        return Main.OK;
    }

    private static String engines(CommandDef c) {
        StringJoiner j = new StringJoiner(",");
        for (Engine e : Engine.values()) {
            if (c.engines().contains(e)) {
                j.add(e.specName());
            }
        }
        return j.toString();
    }

    /** One command's fields as an aligned table. */
    static String fieldTable(CommandDef c) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"dword", "bits", "field", "type", "values"});
        members(c.members(), 0, "", rows);
        int[] width = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder(String.format("%s  engines %s  header 0x%08x/0x%08x%n", c.name(), engines(c),
                c.headerValue(), c.headerMask()));
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                line.append(i == 1 ? padLeft(r[i], width[i]) : pad(r[i], i == r.length - 1 ? 0 : width[i])).append("  ");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static void members(List<Member> members, int base, String indent, List<String[]> rows) {
        for (Member m : members) {
            if (m instanceof FieldDef f) {
                int start = base + f.start();
                int end = base + f.end();
                String bits = (end - 32 * (start / 32)) + ":" + (start % 32);
                rows.add(new String[] {Integer.toString(start / 32), bits, indent + f.name(), type(f), values(f)});
            } else if (m instanceof GroupDef g) {
                String count = g.variable() ? "repeated to the end" : g.count() + " times";
                rows.add(new String[] {Integer.toString((base + g.start()) / 32), "", indent + "group, " + count
                        + ", every " + g.stride() + " bits", "", ""});
                members(g.members(), base + g.start(), indent + "  ", rows);
            }
        }
    }

    private static String type(FieldDef f) {
        String t;
        if (f.type() instanceof FieldType.Primitive p) {
            t = p.name().toLowerCase(java.util.Locale.ROOT);
        } else if (f.type() instanceof FieldType.EnumRef e) {
            t = "enum " + e.def().name();
        } else if (f.type() instanceof FieldType.StructRef s) {
            t = "struct " + s.name();
        } else {
            t = f.type().toString();
        }
        if (f.space() != null && f.type().isAddressLike() && f.space().kind() != SpaceRule.Kind.BATCH) {
            t += " (" + f.space().kind().name().toLowerCase(java.util.Locale.ROOT)
                    + (f.space().gate() == null ? "" : " if " + f.space().gate() + " == " + f.space().gateValue()) + ")";
        }
        return t;
    }

    private static String values(FieldDef f) {
        StringJoiner j = new StringJoiner(", ");
        if (f.defaultValue() != null) {
            j.add("= " + f.defaultValue());
        }
        int shown = 0;
        for (Map.Entry<Long, String> e : f.values().entrySet()) {
            if (shown++ == 6) {
                j.add("... (" + f.values().size() + " values)");
                break;
            }
            j.add(e.getKey() + " " + e.getValue());
        }
        return j.toString();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }
}
