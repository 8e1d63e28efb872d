package io.genscope.parser.asm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutations of valid listings, and random text: the assembler either assembles or throws
 * its own {@link AsmException} whose every error has a position inside the text; nothing else
 * escapes, nothing hangs (the timeout is a hang guard, far above the few seconds this takes).
 * Seed listings: {@code fixtures/asm/*.gasm} and the snippets below.
 * Rerun a failure with {@code -Dgenscope.seed=<seed printed>}.
 */
class AsmMutationTest {
    /** Cases per run; {@code -Dgenscope.asm.cases=50000} for a long soak. */
    private static final int CASES = Integer.getInteger("genscope.asm.cases", 2000);
    private static final int MUTATED = CASES * 3 / 4;
    private static final int RANDOM = CASES - MUTATED;
    private static final String[] TOKENS = {"\"", "[", "]", ".", "=", "@", "#", "-", "+", "*", "(", ")", "0x", ":",
        ",", "\n", " ", "\\", "99999999999999999999999", "0xffffffffffffffff", "-0x8000000000000000", "1e99999999",
        "0.5", "-1.5e-9", ".org ", ".org -4", ".dword ", ".gen gen12\n", ".gen tgl\n", ".engine blitter\n", ".engine video\n",
        ".align ", "\"DWord Length\"=", "\"DWord Length\"=255 ", "[4294967296]", "[1048575]", "[18446744073709551615]", "@18446744073709551615=", "[9223372036854775808]", "@1048575=", "@3=", "@0=0",
        "\"Element\"[0].", ".Valid=", "lbl:", "lbl", "true", "false", "ggtt", "ppgtt", "MI_NOOP", "PIPE_CONTROL",
        "3DSTATE_VERTEX_ELEMENTS", "\"Address\"=", "(((", ")))", "- - -", "\"Post Sync Operation\"=\"", "MFX_MPEG_TS_CONTROL"};
    private static final String SNIPPETS = """
            .gen gen9
            .engine render
            .org 0x1000 ppgtt
            start:
            MI_LOAD_REGISTER_IMM "Register Offset"=0x2580 "Data DWord"=0x10001 "Register Offset"[0]=0x2584 "Data DWord"[0]=5
            PIPE_CONTROL "Post Sync Operation"="Write Immediate Data" "Destination Address Type"=1 "Address"=end+0x40
            3DSTATE_VERTEX_ELEMENTS "Element"[0]."Valid"=true "Element"[1].Valid=1 "Element"[0]."Component 3 Control"="STORE_1_FP"
            3DSTATE_CLEAR_PARAMS "Depth Clear Value"=-0.25 "Depth Clear Value Valid"=true
            3DSTATE_AA_LINE_PARAMETERS "AA Coverage Slope"=0.5 "DWord Length"=1 @2=0x1
            3DSTATE_DRAWING_RECTANGLE "Drawing Rectangle Origin X"=-3
            MI_BATCH_BUFFER_START "Address Space Indicator"="PPGTT" "Batch Buffer Start Address"=start+8*(2-1)
            .dword 1, 2, end - start, -1
            end:
            MI_BATCH_BUFFER_END
            """;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void mutatedAndRandomListingsOnlyEverGiveAsmExceptionsWithPositions() throws IOException {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("AsmMutationTest seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> seeds = seeds();
        int assembled = 0;
        int refused = 0;
        for (int i = 0; i < MUTATED + RANDOM; i++) {
            String text = i < MUTATED ? mutate(seeds.get(rnd.nextInt(seeds.size())), rnd) : random(rnd);
            if (check(seed, i, text)) {
                assembled++;
            } else {
                refused++;
            }
        }
        System.out.printf("AsmMutationTest: %d listings assembled, %d refused with positioned errors%n", assembled, refused);
        // both outcomes must occur, or the mutations are too weak (or too strong) to test anything
        assertThat(assembled).isGreaterThan(CASES / 40);
        assertThat(refused).isGreaterThan(CASES / 4);
    }

    /** True when it assembled; false when it was refused properly; throws on anything else. */
    private static boolean check(long seed, int index, String text) {
        try {
            Program p = new Assembler().assemble("m.gasm", text);
            for (Placement pl : p.placements()) {
                assertThat(pl.offset() + pl.length()).isLessThanOrEqualTo(p.sections().get(pl.section()).dwords().length);
            }
            return true;
        } catch (AsmException e) {
            int lines = text.split("\n", -1).length;
            assertThat(e.errors()).isNotEmpty().hasSizeLessThanOrEqualTo(Assembler.MAX_ERRORS);
            for (AsmError err : e.errors()) {
                if (err.line() < 1 || err.line() > lines + 1 || err.column() < 1 || err.message().isBlank()
                        || !err.source().equals("m.gasm")) {
                    throw new AssertionError("seed " + seed + " case " + index + ": error without a proper position: " + err
                            + "\n--- text ---\n" + text);
                }
            }
            return false;
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + " case " + index + ": " + t + "\n--- text ---\n" + text, t);
        }
    }

    private static List<String> seeds() throws IOException {
        List<String> out = new ArrayList<>();
        out.add(SNIPPETS);
        Path dir = Path.of(System.getProperty("genscope.fixtures", "../fixtures")).resolve("asm");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".gasm")).sorted().toList()) {
                out.add(Files.readString(p));
            }
        }
        assertThat(out).hasSizeGreaterThan(3);
        return out;
    }

    private static String mutate(String text, SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder(text);
        int ops = 1 + rnd.nextInt(4);
        for (int k = 0; k < ops; k++) {
            int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length() + 1);
            switch (rnd.nextInt(7)) {
                case 0 -> sb.delete(at, Math.min(sb.length(), at + 1 + rnd.nextInt(10)));
                case 1, 2 -> sb.insert(at, TOKENS[rnd.nextInt(TOKENS.length)]);
                case 3 -> sb.insert(at, (char) rnd.nextInt(32, 127));
                case 4 -> sb.setLength(at);
                case 5 -> {
                    // repeat a slice, e.g. a whole line or a field assignment
                    int from = rnd.nextInt(at + 1);
                    sb.insert(at, sb.substring(from, at));
                }
                default -> {
                    // replace a digit run with an extreme number
                    int d = sb.indexOf("0", at);
                    if (d >= 0) {
                        sb.replace(d, d + 1, rnd.nextBoolean() ? "18446744073709551615" : "4096");
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String random(SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(60);
        for (int i = 0; i < n; i++) {
            sb.append(rnd.nextInt(3) == 0 ? String.valueOf((char) rnd.nextInt(1, 0x3000)) : TOKENS[rnd.nextInt(TOKENS.length)]);
        }
        return (rnd.nextBoolean() ? ".gen gen9\n" : "") + sb;
    }
}
