package io.genscope.parser.print;

import io.genscope.parser.decode.CFormat;
import io.genscope.parser.decode.Command;
import io.genscope.parser.print.IndirectFields.Entry;
import io.genscope.spec.FieldType;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Dumps of the buffers commands point to: vertex buffers, the first indices of an index buffer,
 * and push constant buffers.
 *
 * <pre>
 * vertex buffer 0, size 36
 *        64.00      64.00       0.00          dwords, a row per pitch (or per 8 dwords); those
 *         0.00      64.00       0.00          that look like floats as {@code %8.2f}, the others
 * constant buffer 3, size 32                  as {@code 0x%08x}
 *
 *         0.00       0.00  0x00000007 ...     pitch 0 starts with an empty row
 * </pre>
 */
final class IndirectBuffers {
    private static final int INDICES_SHOWN = 10;
    private static final FieldSelection STRUCTS = FieldSelection.where(f -> f.type() instanceof FieldType.StructRef);
    private static final FieldSelection INDEX_BUFFER = FieldSelection.named("Index Format", "Buffer Starting Address",
            "Buffer Size");

    private final TextOut out;
    private final Spec spec;
    private final IndirectMemory memory;

    IndirectBuffers(TextOut out, IndirectMemory memory) {
        this.out = out;
        this.spec = out.spec();
        this.memory = memory;
    }

    private List<Entry> fields(Command c, FieldSelection only) {
        return IndirectFields.of(out, c.def(), c.dwords(), 0, c.dwords().length, only);
    }

    /**
     * Each VERTEX_BUFFER_STATE: a heading once its size is known, then its contents. As in
     * aubinator, a buffer that is unmapped or empty leaves the decoder "ready", so the heading
     * repeats at each later field until a buffer is printed.
     */
    void vertexBuffers(Command c) {
        StructDef vbs = spec.struct("VERTEX_BUFFER_STATE");
        if (vbs == null) {
            return;
        }
        boolean mapped = false;
        long start = 0;
        long size = 0;
        int index = -1;
        int pitch = -1;
        boolean ready = false;
        for (Entry outer : fields(c, STRUCTS)) {
            if (!vbs.name().equals(outer.structName())) {
                continue;
            }
            for (Entry e : IndirectFields.nested(out, vbs, outer, c.dwords())) {
                switch (e.name()) {
                    case "Vertex Buffer Index" -> index = (int) e.raw();
                    case "Buffer Pitch" -> pitch = (int) e.raw();
                    case "Buffer Starting Address" -> {
                        mapped = memory.mapped(e.raw());
                        start = mapped ? e.raw() & IndirectMemory.ADDRESS_MASK : 0;
                    }
                    case "Buffer Size" -> {
                        size = e.raw() & 0xffffffffL;
                        ready = true;
                    }
                    case "End Address" -> {
                        size = mapped && Long.compareUnsigned(e.raw(), start) >= 0 ? (e.raw() + 1 - start) & 0xffffffffL : 0;
                        ready = true;
                    }
                    default -> {
                    }
                }
                if (!ready) {
                    continue;
                }
                out.line("vertex buffer " + index + ", size " + (int) size);
                if (!mapped) {
                    out.line("  buffer contents unavailable");
                    continue;
                }
                if (size == 0) {
                    continue;
                }
                dump(start, size, pitch, -1);
                mapped = false;
                size = 0;
                index = -1;
                pitch = -1;
                ready = false;
            }
        }
    }

    /** The first ten indices (8, 16 or 32 bits each), and "..." when there are more. */
    void indexBuffer(Command c) {
        List<Entry> f = fields(c, INDEX_BUFFER);
        long format = IndirectFields.raw(f, "Index Format", 0);
        long start = IndirectFields.raw(f, "Buffer Starting Address", 0);
        long size = IndirectFields.raw(f, "Buffer Size", 0) & 0xffffffffL;
        if (IndirectFields.text(f, "Buffer Starting Address") == null || !memory.mapped(start)) {
            out.line("  buffer contents unavailable");
            return;
        }
        long available = memory.mappedBytes(start, size);
        int width = format == 0 ? 1 : format == 1 ? 2 : format == 2 ? 4 : 0;
        byte[] b = memory.bytes(start, INDICES_SHOWN * 4);
        StringBuilder sb = new StringBuilder(64);
        long at = 0;
        for (int i = 0; at < available && i < INDICES_SHOWN; i++) {
            if (width == 0) {
                continue;
            }
            long v = 0;
            for (int k = width - 1; k >= 0; k--) {
                v = (v << 8) | (b[(int) at + k] & 0xff);
            }
            sb.append(String.format("%3d ", width == 4 ? (int) v : v));
            at += width;
        }
        if (at < available) {
            sb.append("...");
        }
        out.line(sb);
    }

    /** 3DSTATE_CONSTANT_VS/HS/DS/GS/PS: up to four buffers of {@code Read Length} 32-byte units. */
    void constants(Command c) {
        StructDef body = spec.struct("3DSTATE_CONSTANT_BODY");
        if (body == null) {
            return;
        }
        long[] length = new long[4];
        long[] address = new long[4];
        for (Entry outer : fields(c, STRUCTS)) {
            if (!body.name().equals(outer.structName())) {
                continue;
            }
            for (Entry e : IndirectFields.nested(out, body, outer, c.dwords())) {
                int idx = index(e.name(), "Read Length[");
                if (idx >= 0) {
                    length[idx] = e.raw();
                } else if ((idx = index(e.name(), "Buffer[")) >= 0) {
                    address[idx] = e.raw();
                }
            }
            for (int i = 0; i < 4; i++) {
                if (length[i] == 0) {
                    continue;
                }
                if (!memory.mapped(address[i])) {
                    out.line("constant buffer " + i + " unavailable");
                    continue;
                }
                long size = (length[i] * 32) & 0xffffffffL;
                out.line("constant buffer " + i + ", size " + size);
                dump(address[i], size, 0, -1);
            }
        }
    }

    /** 3DSTATE_CONSTANT_ALL (Gen12): one buffer per 3DSTATE_CONSTANT_ALL_DATA; unmapped ones are skipped. */
    void constantsAll(Command c) {
        StructDef body = spec.struct("3DSTATE_CONSTANT_ALL_DATA");
        if (body == null) {
            return;
        }
        long[] length = new long[4];
        long[] address = new long[4];
        int idx = 0;
        for (Entry outer : fields(c, STRUCTS)) {
            if (!body.name().equals(outer.structName())) {
                continue;
            }
            if (idx < 4) {
                for (Entry e : IndirectFields.nested(out, body, outer, c.dwords())) {
                    if (e.is("Pointer To Constant Buffer")) {
                        address[idx] = e.raw();
                    } else if (e.is("Constant Buffer Read Length")) {
                        length[idx] = e.raw();
                    }
                }
            }
            idx++;
        }
        for (int i = 0; i < 4; i++) {
            if (length[i] == 0 || !memory.mapped(address[i])) {
                continue;
            }
            long size = (length[i] * 32) & 0xffffffffL;
            out.line("constant buffer " + i + ", size " + size);
            dump(address[i], size, 0, -1);
        }
    }

    /** The n in "prefix[n]..." (0 to 3), or -1. */
    private static int index(String name, String prefix) {
        if (!name.startsWith(prefix) || name.length() <= prefix.length()) {
            return -1;
        }
        int d = Character.digit(name.charAt(prefix.length()), 10);
        return d >= 0 && d < 4 ? d : -1;
    }

    /**
     * Dumps {@code length} bytes (cut to the mapped run, whole dwords) from {@code address}: 8
     * dwords a row, and a new row each time a pitch's worth of dwords is done; pitch 0 gives an
     * empty first row. Stops after {@code maxRows} row breaks unless negative.
     */
    void dump(long address, long length, int pitch, int maxRows) {
        long bytes = memory.mappedBytes(address, length) & ~3L;
        int[] d = memory.dwords(address, (int) Math.min(bytes / 4, Integer.MAX_VALUE - 8));
        StringBuilder row = new StringBuilder(128);
        int column = 0;
        int pitchColumn = 0;
        int rows = -1;
        for (int value : d) {
            if (pitchColumn * 4 == pitch || column == 8) {
                out.line(row);
                row.setLength(0);
                column = 0;
                if (pitchColumn * 4 == pitch) {
                    pitchColumn = 0;
                }
                rows++;
                if (maxRows >= 0 && rows >= maxRows) {
                    break;
                }
            }
            row.append(column == 0 ? "  " : " ");
            if (probablyFloat(value)) {
                row.append("  ");
                pad(row, fixed2(Float.intBitsToFloat(value)), 8);
            } else {
                row.append("  0x");
                CFormat.hex8(row, value & 0xffffffffL);
            }
            column++;
            pitchColumn++;
        }
        out.line(row);
    }

    /**
     * Whether a dword is probably a float: zero, a magnitude between about 1e-9 and 1e9, or a
     * mantissa whose low 16 bits are clear.
     */
    static boolean probablyFloat(int bits) {
        int exponent = ((bits & 0x7f800000) >>> 23) - 127;
        int mantissa = bits & 0x007fffff;
        if (exponent == -127 && mantissa == 0) {
            return true;
        }
        if (exponent >= -30 && exponent <= 30) {
            return true;
        }
        return (mantissa & 0xffff) == 0;
    }

    /** C's {@code %.2f} of a float: its exact value rounded half-even to two places. */
    static String fixed2(float f) {
        if (Float.isNaN(f)) {
            return (Float.floatToRawIntBits(f) < 0) ? "-nan" : "nan";
        }
        if (Float.isInfinite(f)) {
            return f < 0 ? "-inf" : "inf";
        }
        boolean negative = f < 0 || (f == 0 && Float.floatToRawIntBits(f) != 0);
        if (Math.abs(f) < 1e15f) {
            // a float times 100 is exact in a double (at most 24 + 5 significant bits): rint rounds
            // the exact value half-even, as the BigDecimal path below does
            long v = (long) Math.abs(Math.rint((double) f * 100));
            long cents = v % 100;
            return (negative ? "-" : "") + (v / 100) + (cents < 10 ? ".0" : ".") + cents;
        }
        String s = new BigDecimal(f).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        return negative && !s.startsWith("-") ? "-" + s : s;
    }

    private static void pad(StringBuilder sb, String s, int width) {
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
        sb.append(s);
    }
}
