package io.genscope.parser.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.Allocations;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.BufferMemory;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile raw buffers: seeded random binary and text inputs made of plausible command headers
 * (batch buffer starts into the buffer, ends, commands whose length fields claim up to 65,537
 * dwords) and garbage, parsed and walked as {@code decode --raw} does. No exception, no hang, and
 * the bytes allocated per run stay proportional to the input, never to a length field.
 *
 * <p>The seed is printed; rerun with {@code -Dgenscope.seed=N} ({@code -Dgenscope.raw.runs=N}).
 */
class RawMutationTest {
    private static final int RUNS = Integer.getInteger("genscope.raw.runs", 3000);
    /** Fixed cost of one run (decoders, walker, lists) plus a budget per input byte. */
    private static final long BASE_ALLOCATION = 128L << 10;
    private static final long ALLOCATION_PER_INPUT_BYTE = 64;
    /** Runs that warm up class loading and the JIT before allocation counts. */
    private static final int WARM_UP = 20;

    private static final Decoder[] DECODERS = {new Decoder(SpecLoader.builtin("gen9")),
            new Decoder(SpecLoader.builtin("gen12"))};

    /** dword 0 values that steer the walker: starts, ends, long commands, noise. */
    private static int header(SplittableRandom r, long base, int dwords) {
        int pick = r.nextInt(40);
        return switch (pick < 4 ? 0 : pick < 5 ? 1 : pick < 10 ? 2 : pick < 14 ? 3 : pick < 16 ? 4 : pick < 18 ? 5
                : pick < 22 ? 6 : pick < 28 ? 7 : pick < 34 ? 8 : 9) {
            case 0 -> 0x18800001 | (r.nextBoolean() ? 0x400000 : 0) | (r.nextBoolean() ? 0x100 : 0); // BB start
            case 1 -> 0x05000000; // BB end
            case 2 -> 0x7a000004; // PIPE_CONTROL
            case 3 -> 0x11000000 | r.nextInt(0x100); // LRI, any length
            case 4 -> 0x7000ffff; // media: 16-bit length
            case 5 -> 0x7100ffff;
            case 6 -> 0x7b000000 | r.nextInt(0x100); // 3DPRIMITIVE-ish
            case 7 -> (int) (base + 4L * r.nextInt(Math.max(1, dwords))); // an address into the buffer
            case 8 -> 0;
            default -> r.nextInt();
        };
    }

    private static int[] buffer(SplittableRandom r, long base) {
        int n = r.nextInt(512);
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = header(r, base, n);
        }
        return d;
    }

    private static byte[] binary(int[] dwords, SplittableRandom r) {
        byte[] b = new byte[4 * dwords.length + (r.nextInt(8) == 0 ? r.nextInt(1, 4) : 0)];
        for (int i = 0; i < dwords.length; i++) {
            for (int k = 0; k < 4; k++) {
                b[4 * i + k] = (byte) (dwords[i] >>> (8 * k));
            }
        }
        for (int i = 4 * dwords.length; i < b.length; i++) {
            b[i] = (byte) r.nextInt();
        }
        return b;
    }

    private static byte[] text(int[] dwords, SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        String[] noise = {"#", "\n", ",", "0x", "zz", "123456789", "\t", "  ", "0X", "#c\n"};
        for (int d : dwords) {
            if (r.nextInt(6) == 0) {
                s.append(noise[r.nextInt(noise.length)]);
            }
            s.append(r.nextBoolean() ? "0x" : "").append(Integer.toHexString(d)).append(r.nextBoolean() ? ' ' : '\n');
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void randomRawBuffersNeverThrowHangOrOverAllocate() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("RawMutationTest seed: " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        long commands = 0;
        long worst = 0;
        int texts = 0;
        long maxAllocated = 0;
        long maxPerByte = 0;
        for (int run = 0; run < RUNS; run++) {
            long base = random.nextBoolean() ? 0 : (random.nextLong() & 0xffff_ffff_f000L);
            int[] source = buffer(random, base);
            byte[] input = random.nextBoolean() ? binary(source, random) : text(source, random);
            AddressSpace space = random.nextBoolean() ? AddressSpace.GGTT : AddressSpace.PPGTT;
            Engine engine = Engine.values()[random.nextInt(Engine.values().length)];
            Decoder decoder = DECODERS[random.nextInt(DECODERS.length)];
            String what = "run " + run + " (seed " + seed + ", " + input.length + " bytes)";

            long before = Allocations.now();
            RawFormat.Parsed p = RawFormat.parse(input);
            long[] count = new long[1];
            CommandWalker walker = new CommandWalker(decoder, new BufferMemory(space, base, p.dwords()), engine,
                    new WalkListener() {
                        @Override
                        public void command(Command c, int depth) {
                            count[0]++;
                        }
                    });
            walker.walkDwords(p.dwords(), base, space, false);
            long allocated = Allocations.now() - before;

            texts += p.text() ? 1 : 0;
            commands += count[0];
            assertThat(p.dwords().length).as(what).isLessThanOrEqualTo(input.length / 2 + 1);
            if (run < WARM_UP) {
                continue;
            }
            assertThat(allocated).as("bytes allocated by " + what)
                    .isLessThanOrEqualTo(BASE_ALLOCATION + ALLOCATION_PER_INPUT_BYTE * input.length);
            worst = Math.max(worst, allocated - ALLOCATION_PER_INPUT_BYTE * input.length);
            maxAllocated = Math.max(maxAllocated, allocated);
            maxPerByte = Math.max(maxPerByte, allocated / Math.max(1, input.length));
        }
        System.out.printf("RawMutationTest: %d runs (%d text), %d commands walked; most allocated in one run %d"
                + " bytes, %d per input byte; worst beyond the per-byte budget %d (allocation counted: %s)%n", RUNS,
                texts, commands, maxAllocated, maxPerByte, worst, Allocations.supported());
        assertThat(commands).isPositive();
        assertThat(texts).isPositive();
    }
}
