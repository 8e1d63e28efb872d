package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.SpecLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The legacy trace blocks under damage: seeded mutations of crocus-hsw (flags, addresses and sizes
 * of its trace blocks, byte flips, cuts), read and walked. No exception, no hang, no internal error.
 *
 * <p>The seed is printed; rerun with {@code -Dgenscope.seed=N} ({@code -Dgenscope.legacy.runs=N}).
 */
class LegacyMutationTest {
    private static final int RUNS = Integer.getInteger("genscope.legacy.runs", 150);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void mutatedLegacyCapturesNeverThrowOrHang() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("LegacyMutationTest seed: " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        byte[] capture = CaptureFixtures.bytes("crocus-hsw.aub.xz");
        int[] blocks = traceBlocks(capture);
        assertThat(blocks).hasSizeGreaterThan(50);
        Decoder decoder = new Decoder(SpecLoader.builtin("gen75"));
        long commands = 0;
        for (int run = 0; run < RUNS; run++) {
            byte[] data = capture.clone();
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            int count = 1 + random.nextInt(4);
            String what;
            switch (random.nextInt(5)) {
                case 0 -> {
                    what = count + " trace-block flags replaced";
                    for (int i = 0; i < count; i++) {
                        int at = blocks[random.nextInt(blocks.length)] + 4;
                        b.putInt(at, random.nextBoolean() ? (b.getInt(at) & ~0xff) | 2 : random.nextInt());
                    }
                }
                case 1 -> {
                    what = count + " trace-block addresses replaced";
                    for (int i = 0; i < count; i++) {
                        b.putInt(blocks[random.nextInt(blocks.length)] + 12, random.nextInt());
                    }
                }
                case 2 -> {
                    what = count + " trace-block sizes replaced";
                    for (int i = 0; i < count; i++) {
                        b.putInt(blocks[random.nextInt(blocks.length)] + 16, random.nextBoolean() ? -4 : random.nextInt());
                    }
                }
                case 3 -> {
                    int cut = random.nextInt(data.length);
                    what = "truncated at " + cut;
                    data = java.util.Arrays.copyOf(data, cut);
                }
                default -> {
                    what = count * 8 + " byte flips";
                    for (int i = 0; i < count * 8; i++) {
                        data[random.nextInt(data.length)] ^= (byte) random.nextInt(1, 256);
                    }
                }
            }
            String label = "run " + run + " (seed " + seed + ", " + what + ")";
            List<Problem> problems = new ArrayList<>();
            long[] walked = {0};
            AubListener walk = new AubListener() {
                @Override
                public void submission(Submission s, ContextMemory memory) {
                    new CommandWalker(decoder, memory, s.engine(), new WalkListener() {
                        @Override
                        public void command(Command c, int depth) {
                            walked[0]++;
                        }
                    }).walkRing(s);
                }

                @Override
                public void problem(Problem p) {
                    problems.add(p);
                }
            };
            try {
                new AubReader().read(MappedBytes.wrap(data), walk);
            } catch (RuntimeException | Error e) {
                throw new AssertionError(label + " threw", e);
            }
            commands += walked[0];
            assertThat(problems).as(label).noneMatch(p -> p.message().contains("internal error"));
        }
        System.out.printf("LegacyMutationTest: %d runs, %d commands walked%n", RUNS, commands);
        assertThat(commands).isPositive();
    }

    /** Offsets of the trace blocks (classic sub-opcode 0x41) of an intact capture. */
    private static int[] traceBlocks(byte[] capture) {
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> out = new ArrayList<>();
        int pos = 0;
        while (pos + 20 <= capture.length) {
            int dword0 = b.getInt(pos);
            boolean classic = (dword0 >>> 23 & 0x3f) == 1;
            long length = 4L * ((dword0 & 0xffff) + (classic ? 2 : 1));
            if ((dword0 >>> 16) == 0xE0C1) {
                out.add(pos);
                length += (b.getInt(pos + 16) + 3L) & ~3L;
            } else if ((dword0 >>> 16) == 0xF706) {
                length = 20 + ((b.getInt(pos + 16) + 3L) & ~3L);
            }
            pos += (int) length;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
