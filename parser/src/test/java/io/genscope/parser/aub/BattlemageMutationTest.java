package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.memory.MappedBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The synthetic Battlemage capture under damage, aimed at what it adds: the page-size bits of its
 * directory entries (PD bit 6 compact 64 KiB, bit 7 2 MiB, bit 11 legacy 64 KiB), the local bit
 * and page-size bits of its leaves, the address space of its discontiguous writes, byte flips and
 * cuts. Whatever the seed: no exception, no hang, and a run without a problem walked only commands
 * its spec knows.
 *
 * <p>The seed is printed; rerun with {@code -Dgenscope.seed=N} ({@code -Dgenscope.bmg.runs=N} runs).
 */
class BattlemageMutationTest {
    private static final int RUNS = Integer.getInteger("genscope.bmg.runs", 24);
    private static final int DISCONTIGUOUS = 0xF70B0000;

    /** Offsets of the 8-byte entries written with one data type hint, and of every write's space field. */
    private record Targets(int[] directories, int[] leaves, int[] spaceFields, int[] packets) {
        static Targets of(byte[] capture) {
            ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
            List<Integer> pds = new ArrayList<>();
            List<Integer> leaves = new ArrayList<>();
            List<Integer> spaces = new ArrayList<>();
            List<Integer> packets = new ArrayList<>();
            int pos = 0;
            while (pos + 20 <= capture.length) {
                packets.add(pos);
                int dword0 = b.getInt(pos);
                long length = 4L * ((dword0 & 0xffff) + ((dword0 >>> 23 & 0x3f) == 0x2e ? 1 : 2));
                if ((dword0 & 0xffff0000) == 0xF7060000) {
                    int size = b.getInt(pos + 16);
                    spaces.add(pos + 12);
                    entries(b.getInt(pos + 12), pos + 20, size == 8 ? 1 : 0, pds, leaves);
                    length = 20 + ((size + 3L) & ~3L);
                } else if ((dword0 & 0xffff0000) == DISCONTIGUOUS) {
                    spaces.add(pos + 4);
                    int n = b.getInt(pos + 4) >>> 4 & 0xffff;
                    entries(b.getInt(pos + 4), pos + 4 * 191, b.getInt(pos + 16) == 8 ? n : 0, pds, leaves);
                }
                pos += (int) length;
            }
            return new Targets(ints(pds), ints(leaves), ints(spaces), ints(packets));
        }

        private static void entries(int flags, int data, int count, List<Integer> pds, List<Integer> leaves) {
            int hint = flags >>> 20 & 0xff;
            for (int i = 0; i < count; i++) {
                if (hint == 0x42) {
                    pds.add(data + 8 * i);
                } else if (hint == 0x41) {
                    leaves.add(data + 8 * i);
                }
            }
        }

        private static int[] ints(List<Integer> list) {
            return list.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void mutatedBattlemageCaptureNeverThrowsHangsOrDecodesGarbageQuietly() throws Exception {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("BattlemageMutationTest seed: " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
        byte[] data = CaptureFixtures.bytes("synthetic-bmg.aub.xz");
        Targets t = Targets.of(data);
        assertThat(t.directories()).isNotEmpty();
        assertThat(t.leaves()).hasSizeGreaterThan(50);
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int quiet = 0;
        long walked = 0;
        for (int run = 0; run < RUNS; run++) {
            int count = 1 + random.nextInt(4);
            int[] at = new int[count];
            int[] shift = new int[count];
            long[] before = new long[count];
            String what;
            int kind = random.nextInt(5);
            for (int i = 0; i < count; i++) {
                at[i] = switch (kind) {
                    case 0 -> t.directories()[random.nextInt(t.directories().length)];
                    case 1 -> t.leaves()[random.nextInt(t.leaves().length)];
                    case 2 -> t.spaceFields()[random.nextInt(t.spaceFields().length)];
                    default -> random.nextInt(data.length - 8) & ~7;
                };
                if (kind == 2) { // the space field: bits 31:28 of its dword, in the qword holding it
                    shift[i] = (at[i] & 4) == 0 ? 28 : 60;
                    at[i] &= ~7;
                }
                before[i] = b.getLong(at[i]);
            }
            int length = data.length;
            switch (kind) {
                case 0 -> {
                    what = count + " PD entries with bit 6, 7 or 11 flipped or replaced";
                    for (int a : at) {
                        b.putLong(a, random.nextInt(4) == 0 ? random.nextLong() : b.getLong(a) ^ (1L << new int[] {6, 7, 11}[random.nextInt(3)]));
                    }
                }
                case 1 -> {
                    what = count + " leaf entries with bit 7 or 11 flipped or replaced";
                    for (int a : at) {
                        b.putLong(a, random.nextInt(4) == 0 ? random.nextLong() : b.getLong(a) ^ (random.nextBoolean() ? 0x80 : 0x800));
                    }
                }
                case 2 -> {
                    what = count + " address spaces replaced";
                    for (int i = 0; i < count; i++) {
                        b.putLong(at[i], b.getLong(at[i]) ^ ((long) random.nextInt(1, 16) << shift[i]));
                    }
                }
                case 3 -> {
                    what = count + " byte flips";
                    for (int a : at) {
                        data[a + random.nextInt(8)] ^= (byte) random.nextInt(1, 256);
                    }
                }
                default -> {
                    int packet = t.packets()[random.nextInt(t.packets().length)];
                    length = packet + random.nextInt(64);
                    what = "cut at byte " + length;
                }
            }
            LocalMemoryCaptureTest.Decode d = new LocalMemoryCaptureTest.Decode();
            try {
                new AubReader().read(MappedBytes.wrap(length == data.length ? data : Arrays.copyOf(data, length)), d);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " run " + run + " (" + what + "): " + e, e);
            }
            walked += d.commands;
            if (d.problems.isEmpty()) {
                quiet++;
                assertThat(d.unknown).as("seed %d run %d (%s): quiet run with unknown commands", seed, run, what).isEmpty();
            }
            for (int i = count - 1; i >= 0; i--) {
                b.putLong(at[i], before[i]);
            }
        }
        System.out.printf("BattlemageMutationTest: %d runs, %d without a problem, %d commands walked%n", RUNS, quiet, walked);
        assertThat(walked).isPositive();
    }
}
