package io.genscope.parser.asm;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.decode.Command;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.FieldDef;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command of every built-in spec, filled with seeded random bits (dense, sparse, zero, cut
 * off), disassembled and assembled again as one listing: the dwords come back exactly.
 * Rerun a failing case with {@code -Dgenscope.seed=<seed printed>}.
 */
class DisassemblerPropertyTest {
    private static final int CASES_PER_COMMAND = 6;

    static List<String> builtins() {
        return SpecLoader.BUILTIN;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtins")
    void randomCommandsOfEverySpecRoundTripExactly(String gen) {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("DisassemblerPropertyTest " + gen + " seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed ^ gen.hashCode());
        Spec spec = SpecLoader.builtin(gen);
        Disassembler dis = new Disassembler(spec);
        List<CommandDef> defs = new ArrayList<>(spec.commands());
        defs.sort(Comparator.comparing(CommandDef::name));

        StringBuilder text = new StringBuilder(".gen " + gen + "\n");
        List<int[]> expected = new ArrayList<>();
        int[] forms = new int[Disassembler.Form.values().length];
        Engine engine = null;
        for (CommandDef def : defs) {
            Engine e = def.engines().stream().min(Comparator.naturalOrder()).orElseThrow();
            for (int k = 0; k < CASES_PER_COMMAND; k++) {
                Command c = randomCommand(spec, def, e, rnd);
                if (c == null) {
                    continue;
                }
                if (e != engine) {
                    text.append(".engine ").append(e.specName()).append('\n');
                    engine = e;
                }
                Disassembler.Disassembly d = dis.disassemble(c);
                forms[d.form().ordinal()]++;
                text.append(d.text()).append('\n');
                expected.add(c.dwords());
            }
        }

        Program p;
        try {
            p = new Assembler().assemble(gen + "-random.gasm", text);
        } catch (AsmException ex) {
            throw new AssertionError("seed " + seed + ": " + ex.getMessage() + "\n" + near(text, ex.first().line()), ex);
        }
        int[] want = expected.stream().flatMapToInt(Arrays::stream).toArray();
        int[] got = p.dwords();
        int at = Arrays.mismatch(got, want);
        if (at >= 0) {
            Placement pl = p.placements().stream().filter(x -> x.address() / 4 <= at).reduce((a, b) -> b).orElseThrow();
            throw new AssertionError(String.format("seed %d: dword %d differs (%s, expected %s), statement at line %d (%s)%n%s",
                    seed, at, at < got.length ? String.format("%08x", got[at]) : "none",
                    at < want.length ? String.format("%08x", want[at]) : "none", pl.line(), pl.name(), near(text, pl.line())));
        }
        System.out.printf("%s: %d random commands of %d kinds: %d by fields, %d with @n escapes, %d as .dword%n",
                gen, expected.size(), defs.size(), forms[0], forms[1], forms[2]);
        assertThat(forms[Disassembler.Form.FIELDS.ordinal()]).isGreaterThan(expected.size() / 10);
        assertThat(forms[Disassembler.Form.FIELDS_AND_RAW.ordinal()]).isGreaterThan(0);
        assertThat(forms[Disassembler.Form.DWORDS.ordinal()]).isGreaterThan(0);
    }

    /** A command with random contents whose header still identifies it, or null if none was found. */
    private static Command randomCommand(Spec spec, CommandDef def, Engine engine, SplittableRandom rnd) {
        for (int attempt = 0; attempt < 8; attempt++) {
            int dw0 = (rnd.nextInt() & ~def.headerMask()) | def.headerValue();
            FieldDef len = def.lengthField();
            if (len != null) {
                int max = (int) Math.min(40, (1L << len.width()) - 1);
                dw0 = (int) ((dw0 & ~(Bits.mask(len.width()) << len.start())) | ((long) rnd.nextInt(max + 1) << len.start()));
            }
            if (spec.find(engine, dw0) != def) {
                continue;
            }
            int length = def.length(dw0);
            if (length > 64) {
                continue;
            }
            int[] p = new int[length];
            p[0] = dw0;
            // 0..3: random dwords (reserved bits set: raw escapes); 4, 5: random values in the fields only
            int mode = rnd.nextInt(6);
            if (mode >= 4) {
                p[0] = 0;
                fill(spec, def.members(), 0, p, rnd);
                int lengthBits = len == null ? 0 : (int) (Bits.mask(len.width()) << len.start());
                p[0] = (p[0] & ~def.headerMask() & ~lengthBits) | (dw0 & (def.headerMask() | lengthBits));
            }
            for (int i = 1; i < length && mode < 4; i++) {
                p[i] = switch (mode) {
                    case 0 -> rnd.nextInt();
                    case 1 -> rnd.nextInt() & rnd.nextInt() & rnd.nextInt();
                    case 2 -> rnd.nextInt(8) == 0 ? rnd.nextInt() : 0;
                    default -> rnd.nextInt(3) == 0 ? 1 << rnd.nextInt(32) : 0;
                };
            }
            if (length > 1 && rnd.nextInt(12) == 0) {
                p = Arrays.copyOf(p, 1 + rnd.nextInt(length - 1));
            }
            return new Command(0x10000, engine, AddressSpace.PPGTT, def, length, p);
        }
        return null;
    }

    /** Random values in about half of the fields (groups and structs included), nothing elsewhere. */
    private static void fill(Spec spec, List<io.genscope.spec.Member> members, long base, int[] p, SplittableRandom rnd) {
        for (io.genscope.spec.Member m : members) {
            if (m instanceof FieldDef f) {
                long start = base + f.start();
                if (start >= 32L * p.length) {
                    continue;
                }
                io.genscope.spec.StructDef struct = Fields.struct(spec, f);
                if (struct != null) {
                    fill(spec, struct.members(), start, p, rnd);
                } else if (rnd.nextBoolean()) {
                    long v = rnd.nextLong() & Bits.mask(Math.min(64, f.width()));
                    Bits.write(p, (int) start, (int) Math.min(base + f.end(), 32L * p.length - 1), rnd.nextBoolean() ? v : v & 0xff);
                }
            } else {
                io.genscope.spec.GroupDef g = (io.genscope.spec.GroupDef) m;
                for (long i = 0; g.variable() || i < g.count(); i++) {
                    long element = base + g.start() + i * g.stride();
                    if (element >= 32L * p.length) {
                        break;
                    }
                    fill(spec, g.members(), element, p, rnd);
                }
            }
        }
    }

    private static String[] hex(int[] p) {
        return Arrays.stream(p).mapToObj(v -> String.format("%08x", v)).toArray(String[]::new);
    }

    private static String near(CharSequence text, int line) {
        String[] lines = text.toString().split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, line - 3); i < Math.min(lines.length, line + 8); i++) {
            sb.append(i + 1).append(": ").append(lines[i]).append('\n');
        }
        return sb.toString();
    }
}
