package io.genscope.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** A troff manual page (section 1) written from the picocli model: one section per command. */
final class ManPage {
    private ManPage() {
    }

    /** The page for {@code root} and its subcommands. */
    static String render(CommandLine root) {
        CommandSpec spec = root.getCommandSpec();
        StringBuilder sb = new StringBuilder();
        sb.append(".TH GENSCOPE 1 \"\" \"").append(text(spec.version()[0])).append("\" \"User Commands\"\n.ad l\n");
        sb.append(".SH NAME\ngenscope \\- ").append(text(lowerFirst(spec.usageMessage().header()[0]))).append('\n');
        sb.append(".SH SYNOPSIS\n.B genscope\n[\\fICOMMAND\\fR] [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n");
        sb.append(".SH DESCRIPTION\n");
        paragraphs(sb, spec.usageMessage().description());
        sb.append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.usageMessage().hidden() || !e.getKey().equals(sub.name())) {
                continue;
            }
            command(sb, sub);
        }
        sb.append(".SH EXIT STATUS\n");
        for (Map.Entry<String, String> e : spec.usageMessage().exitCodeList().entrySet()) {
            sb.append(".TP\n.B ").append(text(e.getKey().strip())).append('\n').append(text(e.getValue())).append('\n');
        }
        sb.append(".SH FILES\n.TP\n.I ~/.genscope_history\nthe shell's command history\n");
        sb.append(".SH SEE ALSO\n'genscope COMMAND \\-\\-help'; README.md and docs/cli.md in the source tree\n");
        return sb.toString();
    }

    private static void command(StringBuilder sb, CommandSpec c) {
        sb.append(".SS \"genscope ").append(text(c.name())).append("\"\n");
        sb.append(".B genscope ").append(text(c.name())).append('\n');
        List<String> synopsis = new ArrayList<>();
        for (OptionSpec o : c.options()) {
            if (!o.hidden() && o.required()) {
                synopsis.add("\\fB" + text(o.longestName()) + "\\fR" + (o.arity().max() > 0 ? "=\\fI" + text(o.paramLabel()) + "\\fR" : ""));
            }
        }
        synopsis.add("[\\fIOPTIONS\\fR]");
        for (PositionalParamSpec p : c.positionalParameters()) {
            if (!p.hidden()) {
                String label = "\\fI" + text(p.paramLabel()) + "\\fR" + (p.arity().max() > 1 ? "..." : "");
                synopsis.add(p.arity().min() == 0 ? "[" + label + "]" : label);
            }
        }
        sb.append(String.join(" ", synopsis)).append("\n.PP\n");
        String[] header = c.usageMessage().header();
        if (header.length > 0) {
            sb.append(text(header[0])).append("\n.PP\n");
        }
        paragraphs(sb, c.usageMessage().description());
        for (PositionalParamSpec p : c.positionalParameters()) {
            if (!p.hidden()) {
                sb.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR\n").append(text(description(p))).append('\n');
            }
        }
        for (OptionSpec o : c.options()) {
            if (o.hidden()) {
                continue;
            }
            sb.append(".TP\n\\fB").append(text(String.join(", ", o.names()))).append("\\fR");
            if (o.arity().max() > 0) {
                sb.append("=\\fI").append(text(o.paramLabel())).append("\\fR");
            }
            sb.append('\n').append(text(description(o))).append('\n');
        }
    }

    private static void paragraphs(StringBuilder sb, String[] lines) {
        for (String line : lines) {
            sb.append(text(line)).append("\n.PP\n");
        }
    }

    /** An argument's description with picocli's variables filled in, as --help shows it. */
    static String description(ArgSpec a) {
        String d = String.join(" ", a.description());
        String def = a.defaultValueString();
        d = d.replace("${DEFAULT-VALUE}", def == null ? "" : def);
        if (a.completionCandidates() != null) {
            List<String> all = new ArrayList<>();
            a.completionCandidates().forEach(all::add);
            d = d.replace("${COMPLETION-CANDIDATES}", String.join(", ", all));
        }
        return d;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** Text safe in troff: backslashes escaped, dashes literal, no line starting with a control character. */
    static String text(String s) {
        // \: lets troff break a long option list after a comma
        String t = s.replace("\\", "\\e").replace("-", "\\-").replace("%n", " ").replace(",", ",\\:");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
