package io.genscope.parser.print;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.decode.CFormat;
import io.genscope.parser.decode.FieldValues;
import io.genscope.spec.FieldType;
import io.genscope.spec.Layout;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import io.genscope.spec.StructDef;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The compiled print plans print every layout of every built-in spec exactly as the field walk
 * of {@link FieldValues} formats it, over random dwords of every length up to a bit past the
 * layout, at a random bit offset: the walk is the reference the plans replace.
 */
class PrintPlanTest {

    @Test
    void plansPrintWhatTheFieldWalkFormats() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (String name : SpecLoader.BUILTIN) {
            Spec spec = SpecLoader.builtin(name);
            List<Layout> layouts = new ArrayList<>(spec.commands());
            layouts.addAll(spec.structs());
            layouts.addAll(spec.registers());
            for (Layout layout : layouts) {
                for (int round = 0; round < 3; round++) {
                    int[] p = new int[1 + random.nextInt(Math.max(2, dwords(layout) + 3))];
                    for (int i = 0; i < p.length; i++) {
                        p[i] = switch (random.nextInt(4)) {
                            case 0 -> 0;
                            case 1 -> random.nextInt(16);
                            default -> random.nextInt();
                        };
                    }
                    int off = random.nextInt(p.length);
                    int pBit = random.nextInt(4) == 0 ? random.nextInt(32) : 0;
                    long address = random.nextLong() & 0xffff_ffff_f000L;
                    StringBuilder actual = new StringBuilder();
                    new TextOut(actual, spec).group(layout, address, p, off, p.length, pBit, i -> 0x1234 + i);
                    StringBuilder expected = new StringBuilder();
                    reference(spec, expected, layout, address, p, off, p.length, pBit, true);
                    assertThat(actual.toString()).as("%s %s seed %d", name, layout.name(), seed)
                            .isEqualTo(expected.toString());
                }
            }
        }
    }

    private static int dwords(Layout layout) {
        if (layout instanceof StructDef s) {
            return s.dwords();
        }
        if (layout instanceof io.genscope.spec.CommandDef c) {
            return c.fixedDwords() > 0 ? c.fixedDwords() : 8;
        }
        return 2;
    }

    /** The printer as it was before plans: every field formatted by the field walk. */
    private static void reference(Spec spec, StringBuilder out, Layout layout, long address, int[] p, int off,
            int end, int pBit, boolean beyond) {
        int[] lastDword = {-1};
        int headerMask = layout.headerMask();
        FieldValues.walk(spec, layout, p, off, end, pBit, (f, name, startBit, endBit, raw, text) -> {
            int dword = endBit / 32;
            for (int i = lastDword[0] + 1; i <= dword; i++) {
                out.append("0x");
                CFormat.hex8(out, address + 4L * i);
                out.append(":  0x");
                int value = off + i < p.length ? p[off + i] : beyond ? 0x1234 + i : 0;
                CFormat.hex8(out, value & 0xffffffffL);
                out.append(" : Dword ").append(i).append('\n');
            }
            lastDword[0] = dword;
            if (headerMask != 0 && startBit == f.start() && layout.isHeaderField(f)) {
                return;
            }
            out.append("    ").append(name).append(": ").append(text).append('\n');
            if (f.type() instanceof FieldType.StructRef ref) {
                StructDef nested = spec.struct(ref.name());
                if (nested != null) {
                    int structDword = startBit / 32;
                    int at = off + structDword;
                    int structEnd = Math.min(p.length, at + nested.dwords());
                    reference(spec, out, nested, address + 4L * structDword, p, at, structEnd, startBit % 32, false);
                }
            }
        });
    }
}
