package io.genscope.parser.print;

import io.genscope.parser.decode.CFormat;
import io.genscope.parser.decode.FieldValues;
import io.genscope.spec.CommandDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.FieldType;
import io.genscope.spec.Layout;
import io.genscope.spec.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The line-level pieces of aubinator's text layout, shared by the command printer and the
 * indirect-state decoders.
 *
 * <pre>
 * 0xfffefffee000:  0x7a000004 : Dword 0        a dword header: address, value, index
 *     DWord Length: 4                          a field: 4 spaces, name, ": ", value
 * </pre>
 */
public final class TextOut {
    private final Appendable out;
    private final Spec spec;
    private final StringBuilder line = new StringBuilder(128);

    public TextOut(Appendable out, Spec spec) {
        this.out = out;
        this.spec = spec;
    }

    public Spec spec() {
        return spec;
    }

    /** Writes one line (a newline is added). */
    public void line(CharSequence s) {
        try {
            out.append(s).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code "    Name: value"}, appended piece by piece: a reused builder that once held a
     * non-Latin-1 character would stay two bytes a char and slow every later line.
     */
    public void field(String name, String value) {
        try {
            out.append("    ").append(name).append(": ").append(value).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 0x%08x:  0x%08x:  %-80s}: the first line of a command. */
    public void commandLine(long address, int dw0, String name, String mark) {
        StringBuilder sb = line;
        sb.setLength(0);
        sb.append("0x");
        CFormat.hex8(sb, address);
        sb.append(mark).append(":  0x");
        CFormat.hex8(sb, dw0 & 0xffffffffL);
        sb.append(":  ").append(name);
        for (int i = name.length(); i < 80; i++) {
            sb.append(' ');
        }
        line(sb);
    }

    /**
     * Prints a layout's fields with a dword header before the fields that end in each dword, and
     * nested structs expanded below their field, as aubinator's field printer does.
     *
     * @param address GPU address of {@code p[off]} (or the register offset for registers)
     * @param end index past the last valid dword of {@code p}
     * @param pBit bit offset of the layout within {@code p[off]}
     */
    public void group(Layout layout, long address, int[] p, int off, int end, int pBit) {
        group(layout, address, p, off, end, pBit, null);
    }

    /**
     * As {@link #group(Layout, long, int[], int, int, int)}; {@code beyond} supplies dword i when a
     * dword header falls past the data (aubinator prints what follows the command in memory there).
     */
    public void group(Layout layout, long address, int[] p, int off, int end, int pBit,
            java.util.function.IntUnaryOperator beyond) {
        int[] lastDword = {-1};
        int headerMask = layout.headerMask();
        FieldValues.walk(spec, layout, p, off, end, pBit, (f, name, startBit, endBit, raw, text) -> {
            int dword = endBit / 32;
            for (int i = lastDword[0] + 1; i <= dword; i++) {
                StringBuilder sb = line;
                sb.setLength(0);
                sb.append("0x");
                CFormat.hex8(sb, address + 4L * i);
                sb.append(":  0x");
                int value = off + i < p.length ? p[off + i] : beyond != null ? beyond.applyAsInt(i) : 0;
                CFormat.hex8(sb, value & 0xffffffffL);
                sb.append(" : Dword ").append(i);
                line(sb);
            }
            lastDword[0] = dword; // aubinator follows the field order, even backwards
            if (headerMask != 0 && startBit == f.start() && layout.isHeaderField(f)) {
                return;
            }
            field(name, text);
            if (f.type() instanceof FieldType.StructRef ref) {
                Layout nested = spec.struct(ref.name());
                if (nested != null) {
                    int structDword = startBit / 32;
                    int at = off + structDword;
                    int structEnd = Math.min(p.length, at + ((io.genscope.spec.StructDef) nested).dwords());
                    group(nested, address + 4L * structDword, p, at, structEnd, startBit % 32);
                }
            }
        });
    }

}
