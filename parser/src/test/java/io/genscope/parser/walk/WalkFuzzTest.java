package io.genscope.parser.walk;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.print.AubinatorPrinter;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * 10,000 seeded random and mutated command streams through the decoder, the walker and both
 * printers: none may throw or hang. The seed is printed; rerun one case with -Dgenscope.seed=N.
 */
class WalkFuzzTest {
    private static final int CASES = 10_000;
    private static final long BASE = 0x10000;

    @Test
    void randomAndMutatedStreamsNeverThrowOrHang() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("WalkFuzzTest seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        List<Spec> specs = new ArrayList<>();
        for (String g : SpecLoader.BUILTIN) {
            specs.add(SpecLoader.builtin(g));
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        Appendable sink = new Appendable() { // discard, but exercise the formatting
            @Override
            public Appendable append(CharSequence s) {
                return this;
            }

            @Override
            public Appendable append(CharSequence s, int start, int end) {
                return this;
            }

            @Override
            public Appendable append(char c) {
                return this;
            }
        };
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < CASES; i++) {
                long caseSeed = rnd.nextLong();
                try {
                    runCase(specs, caseSeed, sink);
                } catch (Throwable t) {
                    throw new AssertionError("case seed " + caseSeed + " (run seed " + seed + ", case " + i + ")", t);
                }
            }
        });
    }

    private static void runCase(List<Spec> specs, long caseSeed, Appendable sink) {
        SplittableRandom r = new SplittableRandom(caseSeed);
        Spec spec = specs.get(r.nextInt(specs.size()));
        Engine engine = Engine.values()[r.nextInt(Engine.values().length)];
        int[] mem = switch (r.nextInt(4)) {
            case 0 -> randomDwords(r);
            case 1 -> fromSpec(r, spec, engine);
            default -> mutate(r, fromSpec(r, spec, engine));
        };
        Decoder decoder = new Decoder(spec);
        ArrayMemory memory = new ArrayMemory(BASE, mem);
        int[] count = {0};
        WalkListener counting = new WalkListener() {
            final AubinatorPrinter full = new AubinatorPrinter(spec, sink, true, memory);

            @Override
            public void command(Command c, int depth) {
                count[0]++;
                full.command(c, depth);
                decoder.addresses(c);
            }
        };
        CommandWalker walker = new CommandWalker(decoder, memory, engine, counting);
        if (r.nextBoolean()) {
            int size = 4096 << r.nextInt(3);
            int head = r.nextInt(size) & ~3;
            int tail = r.nextInt(size) & ~3;
            walker.walkRing(new Submission(0, engine, BASE, BASE, head, tail, size, 0, 0));
        } else {
            walker.walkBatch(BASE + 4L * r.nextInt(Math.max(1, mem.length)), r.nextBoolean() ? AddressSpace.GGTT : AddressSpace.PPGTT);
        }
        Decoder.Result linear = decoder.decode(engine, mem, 0, mem.length, BASE, AddressSpace.GGTT);
        assertThat(linear.commands().size()).isLessThanOrEqualTo(Math.max(1, mem.length));
        // each walk level reads at most one buffer's worth; nesting is bounded
        assertThat((long) count[0]).isLessThanOrEqualTo((long) (mem.length + 8) * (CommandWalker.MAX_DEPTH + 1));
    }

    private static int[] randomDwords(SplittableRandom r) {
        int[] d = new int[r.nextInt(1, 600)];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt();
        }
        return d;
    }

    /** A stream of real command headers with random payloads, lengths (zero and huge) and batch starts. */
    private static int[] fromSpec(SplittableRandom r, Spec spec, Engine engine) {
        List<CommandDef> defs = spec.commands().stream().filter(c -> c.engines().contains(engine)).toList();
        int[] out = new int[r.nextInt(16, 800)];
        int i = 0;
        while (i < out.length) {
            int kind = r.nextInt(10);
            if (kind == 0) {
                // batch start: to itself, near by, past the end, canonical high bits, either level and space
                long target = switch (r.nextInt(4)) {
                    case 0 -> BASE + 4L * i;
                    case 1 -> BASE + 4L * r.nextInt(out.length);
                    case 2 -> BASE + 4L * out.length + r.nextInt(1 << 20);
                    default -> 0xffff_8000_0000_0000L | (BASE + 4L * r.nextInt(out.length));
                };
                int[] bb = {0x18800001 | (r.nextBoolean() ? 1 << 22 : 0) | (r.nextBoolean() ? 1 << 8 : 0)
                        | (r.nextInt(8) == 0 ? 1 << 15 : 0), (int) target, (int) (target >>> 32)};
                for (int k = 0; k < bb.length && i < out.length; k++) {
                    out[i++] = bb[k];
                }
                continue;
            }
            CommandDef c = defs.isEmpty() ? null : defs.get(r.nextInt(defs.size()));
            int dw0 = c == null ? r.nextInt() : (c.headerValue() | (r.nextInt() & ~c.headerMask()));
            if (c != null && c.lengthField() != null && r.nextInt(4) == 0) {
                int lf = c.lengthField().start();
                int width = c.lengthField().width();
                int mask = (width >= 32 ? -1 : (1 << width) - 1) << lf;
                dw0 = (dw0 & ~mask) | ((r.nextBoolean() ? 0 : -1) & mask); // zero or maximal length
            }
            out[i++] = dw0;
            int len = Decoder.length(c, dw0);
            for (int k = 1; k < Math.min(len, 64) && i < out.length; k++) {
                out[i++] = r.nextInt(4) == 0 ? 0 : r.nextInt();
            }
        }
        return out;
    }

    private static int[] mutate(SplittableRandom r, int[] d) {
        int flips = r.nextInt(1, 20);
        for (int k = 0; k < flips; k++) {
            int at = r.nextInt(d.length);
            d[at] ^= 1 << r.nextInt(32);
        }
        return r.nextBoolean() ? java.util.Arrays.copyOf(d, r.nextInt(1, d.length + 1)) : d;
    }
}
