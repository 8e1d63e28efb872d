package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.spec.AddressSpace;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Damaged captures: 2,000 seeded random mutations of the real captures (truncations, byte flips
 * anywhere and in packet headers, cut-out ranges, garbage files). No exception may escape the
 * reader, and none may hang (the test's timeout; how long the slowest run took is printed, not asserted).
 *
 * <p>The seed is printed; rerun one with {@code -Dgenscope.seed=N} (and more runs with
 * {@code -Dgenscope.mutation.runs=N}).
 */
class AubMutationTest {
    private static final int RUNS = Integer.getInteger("genscope.mutation.runs", 2000);

    /** Walks what a decoder would: the ring, then a stretch of the batch it points at. */
    private static final class Walker implements AubListener {
        int submissions;
        long dwordsRead;

        @Override
        public void submission(Submission s, ContextMemory memory) {
            submissions++;
            int[] ring = new int[Math.min(1024, Math.max(0, s.ringSize() >> 2))];
            int n = memory.read(AddressSpace.GGTT, s.ringStart() + (s.ringHead() & 0xfffffffcL), ring, 0, ring.length);
            dwordsRead += n;
            if (n >= 3) {
                long batch = (ring[1] & 0xfffffffcL) | ((long) ring[2] << 32);
                int[] dwords = new int[2048];
                dwordsRead += memory.read(AddressSpace.PPGTT, batch, dwords, 0, dwords.length);
                dwordsRead += memory.read(AddressSpace.GGTT, batch, dwords, 0, dwords.length);
            }
        }

        @Override
        public void problem(Problem p) {
            assertThat(p.message()).doesNotContain("internal error");
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void randomMutationsNeverThrowNorHang() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("AubMutationTest seed: " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        Random random = new Random(seed);
        byte[][] captures = {CaptureFixtures.bytes("iris-skl.aub.xz"), CaptureFixtures.bytes("iris-tgl.aub.xz")};
        long[][] packetStarts = {packetStarts(captures[0]), packetStarts(captures[1])};
        Map<Problem.Kind, Integer> kinds = new EnumMap<>(Problem.Kind.class);
        long slowest = 0;
        int withSubmissions = 0;

        for (int run = 0; run < RUNS; run++) {
            int which = random.nextInt(2);
            byte[] original = captures[which];
            int mutation = random.nextInt(6);
            String what;
            MappedBytes input;
            List<int[]> undo = new ArrayList<>();
            switch (mutation) {
                case 0 -> {
                    long cut = random.nextInt(original.length);
                    what = "truncate at " + cut;
                    input = MappedBytes.wrap(original).prefix(cut);
                }
                case 1 -> {
                    int flips = 1 + random.nextInt(16);
                    what = flips + " random byte flips";
                    for (int i = 0; i < flips; i++) {
                        flip(original, random.nextInt(original.length), random, undo);
                    }
                    input = MappedBytes.wrap(original);
                }
                case 2 -> {
                    int flips = 1 + random.nextInt(8);
                    what = flips + " flips in packet headers";
                    long[] starts = packetStarts[which];
                    for (int i = 0; i < flips; i++) {
                        long start = starts[random.nextInt(starts.length)];
                        flip(original, (int) Math.min(original.length - 1, start + random.nextInt(24)), random, undo);
                    }
                    input = MappedBytes.wrap(original);
                }
                case 3 -> {
                    int prefix = Math.min(original.length, 1 << 21);
                    int from = random.nextInt(prefix);
                    int length = random.nextInt(Math.min(65536, prefix - from) + 1);
                    what = "cut " + length + " bytes at " + from + " of a 2 MiB prefix";
                    byte[] copy = new byte[prefix - length];
                    System.arraycopy(original, 0, copy, 0, from);
                    System.arraycopy(original, from + length, copy, from, prefix - from - length);
                    input = MappedBytes.wrap(copy);
                }
                case 4 -> {
                    byte[] garbage = new byte[random.nextInt(65536)];
                    random.nextBytes(garbage);
                    what = "random garbage of " + garbage.length + " bytes";
                    input = MappedBytes.wrap(garbage);
                }
                default -> {
                    byte[] garbage = plausibleGarbage(random);
                    what = "plausible-header garbage of " + garbage.length + " bytes";
                    input = MappedBytes.wrap(garbage);
                }
            }
            Walker walker = new Walker();
            long t0 = System.nanoTime();
            AubSummary summary;
            try {
                summary = new AubReader().read(input, walker);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("run " + run + " (seed " + seed + ", " + what + ") threw", e);
            } finally {
                for (int i = undo.size() - 1; i >= 0; i--) {
                    original[undo.get(i)[0]] = (byte) undo.get(i)[1];
                }
            }
            // a hang is caught by the method's timeout; how long a run took is reported, never asserted
            slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
            assertThat(summary.bytesRead()).isBetween(0L, input.size());
            assertThat(summary.submissions()).isEqualTo(walker.submissions);
            assertThat(summary.problems()).hasSizeLessThanOrEqualTo(ProblemLog.LIMIT + 1);
            if (mutation <= 2 && summary.submissions() > 0) {
                withSubmissions++;
            }
            summary.problems().forEach(p -> kinds.merge(p.kind(), 1, Integer::sum));
        }
        System.out.printf("AubMutationTest: %d runs, slowest %d ms, %d mutated captures still had submissions, problems %s%n",
                RUNS, slowest, withSubmissions, kinds);
        assertThat(Arrays.stream(captures).mapToLong(c -> c.length).sum()).isPositive();
    }

    private static void flip(byte[] data, int at, Random random, List<int[]> undo) {
        undo.add(new int[] {at, data[at]});
        data[at] ^= (byte) (1 + random.nextInt(255));
    }

    /** Offsets of the packets of an intact capture, to aim header flips at. */
    private static long[] packetStarts(byte[] capture) {
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        long[] starts = new long[16];
        int n = 0;
        long pos = 0;
        while (pos + 20 <= capture.length) {
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
            }
            starts[n++] = pos;
            int dword0 = b.getInt((int) pos);
            long length = 4L * ((dword0 & 0xffff) + 1);
            if ((dword0 & 0xffff0000) == 0xF7060000) {
                length = 20 + ((b.getInt((int) pos + 16) + 3L) & ~3L);
            }
            pos += length;
        }
        return Arrays.copyOf(starts, n);
    }

    /** Packets with valid-looking headers and random lengths and bodies. */
    private static byte[] plausibleGarbage(Random random) {
        int[] kinds = {0xF7060000, 0xF7030000, 0xF70E0000, 0xF7080000, 0xF70B0000, 0xF7020000, 0xE0850000,
                0xE0C10000, 0xF7070000};
        ByteBuffer b = ByteBuffer.allocate(4 * (1 + random.nextInt(16384))).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 4) {
            if (random.nextInt(4) == 0) {
                b.putInt(random.nextInt());
                continue;
            }
            int kind = kinds[random.nextInt(kinds.length)];
            int length = random.nextInt(8) == 0 ? random.nextInt(65536) : random.nextInt(260);
            b.putInt(kind | length);
            for (int i = 0; i < length && b.remaining() >= 4; i++) {
                int v = switch (i) {
                    case 0 -> random.nextBoolean() ? 0x2230 : random.nextInt();
                    case 2 -> random.nextInt(12) << 28;
                    case 3 -> random.nextInt(4 * length + 8);
                    default -> random.nextInt(4) == 0 ? random.nextInt() : random.nextInt(0x4000);
                };
                b.putInt(v);
            }
        }
        return b.array();
    }
}
