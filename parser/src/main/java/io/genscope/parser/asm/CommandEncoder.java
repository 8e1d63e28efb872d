package io.genscope.parser.asm;

import io.genscope.spec.CommandDef;
import io.genscope.spec.FieldDef;
import java.util.Arrays;
import java.util.List;

/**
 * Builds one command's dwords from resolved field settings, in this order:
 *
 * <ol>
 *   <li>dword 0 starts as the command's header (opcode fields at their fixed values);
 *   <li>{@code DWord Length}, unless given, is computed: the command is as long as its nominal
 *       length or as far as its given fields reach, whichever is longer (a field in a repeated
 *       group reaches the end of its element; a field reaches the highest set bit of its value);
 *   <li>the given fields are written, in order (so an explicit header field or DWord Length wins);
 *   <li>raw dword overrides ({@code @n=...}) replace whole dwords;
 *   <li>the command's length is then what its final dword 0 says, as the decoder will read it.
 * </ol>
 *
 * Fields left out are 0.
 */
final class CommandEncoder {
    /** The most dwords one command may have. */
    static final int MAX_DWORDS = 1 << 20;

    private CommandEncoder() {
    }

    /** A field and the raw bits to write there. */
    record Setting(FieldRef field, long raw, Syntax.Pos pos) {
    }

    /** {@code @dword=value}: a whole dword, written after the fields. */
    record Override(int dword, int value, Syntax.Pos pos) {
    }

    /** The length a command has when nothing says otherwise. */
    static int nominal(CommandDef def) {
        if (def.fixedDwords() > 0) {
            return def.fixedDwords();
        }
        FieldDef len = def.lengthField();
        if (len != null && len.defaultValue() != null) {
            return (int) Math.max(1, len.defaultValue() + def.bias());
        }
        return Math.max(1, def.bias());
    }

    /** The dwords, or null after reporting why they cannot be built. */
    static int[] encode(CommandDef def, List<Setting> settings, List<Override> overrides, Syntax.Pos pos, Diagnostics d) {
        FieldDef len = def.lengthField();
        int reach = 1;
        Setting explicitLength = null;
        for (Setting s : settings) {
            reach = (int) Math.max(reach, (s.field().reach(s.raw()) + 31) / 32);
            if (len != null && s.field().def() == len && s.field().start() == len.start()) {
                explicitLength = s;
            }
        }
        for (Override o : overrides) {
            reach = Math.max(reach, o.dword() + 1);
        }
        int[] p = new int[Math.max(reach, nominal(def))];
        p[0] = def.headerValue();
        if (len != null && explicitLength == null) {
            int size = Math.max(Math.max(reach, nominal(def)), def.bias());
            long value = (long) size - def.bias();
            if (value > Bits.mask(len.width())) {
                d.error(pos, def.name() + " would be " + size + " dwords long, more than its \"DWord Length\" ("
                        + len.width() + " bits) can say: at most " + (Bits.mask(len.width()) + def.bias()));
                return null;
            }
            if (p.length < size) {
                p = Arrays.copyOf(p, size);
            }
            Bits.write(p, len.start(), len.end(), value);
        }
        for (Setting s : settings) {
            Bits.write(p, s.field().start(), s.field().end(), s.raw());
        }
        for (Override o : overrides) {
            p[o.dword()] = o.value();
        }
        int size = def.length(p[0]);
        if (size > MAX_DWORDS) {
            d.error(pos, def.name() + " would be " + size + " dwords long (at most " + MAX_DWORDS + ")");
            return null;
        }
        if (reach > size) {
            String says = explicitLength != null ? "\"DWord Length\"=" + explicitLength.raw() + " makes it "
                    : "its dword 0 makes it ";
            for (Setting s : settings) {
                if ((s.field().reach(s.raw()) + 31) / 32 > size) {
                    d.error(s.pos(), "field " + s.field().path() + " (dword " + s.field().start() / 32
                            + ") lies past the end of " + def.name() + ": " + says + size + " dword" + (size == 1 ? "" : "s"));
                    return null;
                }
            }
            for (Override o : overrides) {
                if (o.dword() >= size) {
                    d.error(o.pos(), "@" + o.dword() + " lies past the end of " + def.name() + ": " + says + size
                            + " dword" + (size == 1 ? "" : "s"));
                    return null;
                }
            }
        }
        return Arrays.copyOf(p, size);
    }
}
