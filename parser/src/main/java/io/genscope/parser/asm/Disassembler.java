package io.genscope.parser.asm;

import io.genscope.parser.asm.CommandEncoder.Setting;
import io.genscope.parser.decode.Command;
import io.genscope.spec.CommandDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.GroupDef;
import io.genscope.spec.Member;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoded commands to GenAsm text that assembles back to exactly the same dwords.
 *
 * <p>A command is written as its name and its non-zero fields (header fields and a DWord Length
 * that matches the fields are left for the assembler to compute). The result is then assembled
 * in memory and compared with the original:
 *
 * <ul>
 *   <li>a DWord Length the fields do not imply is written explicitly;
 *   <li>dwords that still differ (bits no field covers, overlapping definitions) are given
 *       exactly with {@code @n=0x...} after the fields;
 *   <li>unknown commands and commands cut off by the end of their buffer become {@code .dword}
 *       lines with a comment saying why.
 * </ul>
 */
public final class Disassembler {
    /** Longest single-line form; longer commands put one field per line. */
    private static final int LINE = 100;

    private final Spec spec;

    public Disassembler(Spec spec) {
        this.spec = spec;
    }

    /** How exactly a command could be written. */
    public enum Form {
        /** Name and fields only. */
        FIELDS,
        /** Fields plus {@code @n=} raw dword escapes. */
        FIELDS_AND_RAW,
        /** {@code .dword} lines. */
        DWORDS
    }

    /**
     * One command's text.
     *
     * @param text one statement, possibly over several lines, without a final newline
     * @param form how it was written
     */
    public record Disassembly(String text, Form form) {
    }

    /** The GenAsm statement for one decoded command. */
    public Disassembly disassemble(Command c) {
        int[] p = c.dwords();
        if (c.def() == null) {
            return new Disassembly(dwords(p, "unknown command"), Form.DWORDS);
        }
        if (c.truncated()) {
            return new Disassembly(dwords(p, c.name() + " cut off: " + c.length() + " dwords, " + p.length
                    + " in the buffer"), Form.DWORDS);
        }
        CommandDef def = c.def();
        List<Setting> settings = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        fields(def, def.members(), 0, List.of(), List.of(), p, settings, texts);
        Syntax.Pos here = new Syntax.Pos(1, 1);
        int[] out = CommandEncoder.encode(def, settings, List.of(), here, new Diagnostics("disassembler"));
        if ((out == null || out.length != p.length) && def.lengthField() != null) {
            FieldDef len = def.lengthField();
            FieldRef ref = new FieldRef(Syntax.quote(len.name()), len, len.start(), len.end(), 0);
            long raw = Bits.read(p, len.start(), len.end());
            settings.add(0, new Setting(ref, raw, here));
            texts.add(0, ref.path() + "=" + Values.number(raw));
            out = CommandEncoder.encode(def, settings, List.of(), here, new Diagnostics("disassembler"));
        }
        if (out == null || out.length != p.length) {
            return new Disassembly(dwords(p, c.name() + ": its fields do not give its length"), Form.DWORDS);
        }
        List<CommandEncoder.Override> overrides = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (out[i] != p[i]) {
                overrides.add(new CommandEncoder.Override(i, p[i], here));
                texts.add(String.format("@%d=0x%08x", i, p[i]));
            }
        }
        if (!overrides.isEmpty()) {
            out = CommandEncoder.encode(def, settings, overrides, here, new Diagnostics("disassembler"));
            if (out == null || !java.util.Arrays.equals(out, p)) {
                return new Disassembly(dwords(p, c.name() + ": not reproducible from its fields"), Form.DWORDS);
            }
        }
        return new Disassembly(layout(name(def.name()), texts), overrides.isEmpty() ? Form.FIELDS : Form.FIELDS_AND_RAW);
    }

    /** Collects the non-zero fields below {@code members}, depth first in spec order. */
    private void fields(CommandDef def, List<Member> members, long base, List<Syntax.Segment> parent, List<Long> indices,
            int[] p, List<Setting> settings, List<String> texts) {
        long bits = 32L * p.length;
        for (Member m : members) {
            if (m instanceof FieldDef f) {
                long start = base + f.start();
                long end = base + f.end();
                if (start >= bits) {
                    continue;
                }
                if (parent.isEmpty() && indices.isEmpty() && (def.isHeaderField(f) || f.equals(def.lengthField()))) {
                    continue;
                }
                List<Syntax.Segment> path = new ArrayList<>(parent);
                path.add(new Syntax.Segment(f.name(), indices, null));
                StructDef struct = Fields.struct(spec, f);
                if (struct != null) {
                    fields(def, struct.members(), start, path, List.of(), p, settings, texts);
                    continue;
                }
                long raw = Bits.read(p, (int) start, (int) end);
                if (raw == 0) {
                    continue;
                }
                FieldRef ref;
                try {
                    ref = Fields.resolve(spec, def, path);
                } catch (Fields.Unresolved u) {
                    continue;
                }
                if (ref.start() != start || ref.def() != f || ref.groupEnd() > bits) {
                    continue; // the name leads elsewhere (a duplicate name): the raw escape covers it
                }
                String text = Values.format(spec, ref, raw);
                if (text != null) {
                    settings.add(new Setting(ref, raw, new Syntax.Pos(1, 1)));
                    texts.add(ref.path() + "=" + text);
                }
            } else {
                GroupDef g = (GroupDef) m;
                for (long i = 0; g.variable() || i < g.count(); i++) {
                    long element = base + g.start() + i * g.stride();
                    if (element >= bits || g.stride() <= 0) {
                        break;
                    }
                    List<Long> idx = new ArrayList<>(indices);
                    idx.add(i);
                    fields(def, g.members(), element, parent, List.copyOf(idx), p, settings, texts);
                }
            }
        }
    }

    /** A command name as written: bare when it lexes as one name, else quoted. */
    static String name(String commandName) {
        return Syntax.bare(commandName) ? commandName : Syntax.quote(commandName);
    }

    private static String layout(String name, List<String> items) {
        int width = name.length();
        for (String s : items) {
            width += 1 + s.length();
        }
        StringBuilder sb = new StringBuilder(width + 8 * items.size()).append(name);
        String sep = width <= LINE ? " " : "\n    ";
        for (String s : items) {
            sb.append(sep).append(s);
        }
        return sb.toString();
    }

    /** {@code .dword} lines, eight per line, the comment on the first. */
    static String dwords(int[] p, String comment) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.length; i++) {
            if (i % 8 == 0) {
                if (i > 0) {
                    sb.append(i == 8 ? "   # " + comment : "").append('\n');
                }
                sb.append(".dword ");
            } else {
                sb.append(", ");
            }
            sb.append(String.format("0x%08x", p[i]));
        }
        if (p.length <= 8) {
            sb.append("   # ").append(comment);
        }
        return sb.toString();
    }
}
