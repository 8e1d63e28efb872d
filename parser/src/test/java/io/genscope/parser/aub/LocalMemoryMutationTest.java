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
import io.genscope.spec.CommandDef;
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
 * Local memory under damage: seeded mutations of the DG2 and the two DG1 NEO captures, read and walked as
 * {@code genscope decode} does. Mutations aim at what local memory adds: the address space of
 * memory writes (local 1, system 2), the local-memory bits of GGTT entries (bit 1) and of PPGTT
 * leaves (bit 11), page-table entries written to local memory, the ring registers of the
 * context images, the dwords of the DG2 capture's block copies (which the reader carries
 * out), and NEO's allocation comments ({@code ggtt:} / {@code ppgtt:}, which tell DG1's two
 * numberings of local memory apart); plus byte flips and cuts. Whatever the seed: no exception, no hang, and no
 * garbage without a problem: a run that reports no problem walked only commands its spec knows,
 * from submissions whose context image was plausible and whose ring held data.
 *
 * <p>The seed is printed; rerun with {@code -Dgenscope.seed=N} ({@code -Dgenscope.lmem.runs=N}
 * runs per seed; {@code -Dgenscope.lmem.seeds=K} tries the K seeds from N on, for a long run outside CI).
 */
class LocalMemoryMutationTest {
    private static final int RUNS = Integer.getInteger("genscope.lmem.runs", 150);
    private static final int SEEDS = Integer.getInteger("genscope.lmem.seeds", 1);
    private static final String[] FIXTURES = {"neo-dg2.aub.xz", "neo-dg1.aub.xz", "neo-dg1-lmem.aub.xz"};

    /** Where the targets are in one intact capture. */
    private record Targets(int[] spaceFields, int[] ggttEntries, int[] localEntries, int[] ringRegisters,
            int[] blockCopies, int[] allocationComments) {
        static Targets of(byte[] capture, CommandDef copy) {
            ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
            List<Integer> spaces = new ArrayList<>();
            List<Integer> ggtt = new ArrayList<>();
            List<Integer> local = new ArrayList<>();
            List<Integer> comments = new ArrayList<>();
            int pos = 0;
            while (pos + 20 <= capture.length) {
                int dword0 = b.getInt(pos);
                long length = 4L * ((dword0 & 0xffff) + ((dword0 >>> 23 & 0x3f) == 0x2e ? 1 : 2));
                if ((dword0 & 0xffff0000) == 0xF7060000) {
                    spaces.add(pos + 12);
                    int space = b.getInt(pos + 12) >>> 28;
                    int size = b.getInt(pos + 16);
                    if (space == 4) {
                        for (int i = 0; i + 8 <= size; i += 8) {
                            ggtt.add(pos + 20 + i);
                        }
                    } else if (space == 1 && size == 8) {
                        local.add(pos + 20);
                    }
                    length = 20 + ((size + 3L) & ~3L);
                } else if ((dword0 & 0xffff0000) == 0xF7080000 && pos + 16 <= capture.length) {
                    String text = new String(capture, pos + 8, 8, java.nio.charset.StandardCharsets.US_ASCII);
                    if (text.startsWith("ggtt: ") || text.startsWith("ppgtt: ")) {
                        comments.add(pos + 8); // NEO names the allocation its next writes belong to
                    }
                }
                pos += (int) length;
            }
            List<Integer> ring = new ArrayList<>();
            List<Integer> copies = new ArrayList<>();
            for (int at = 0; at + 8 <= capture.length; at += 4) {
                int v = b.getInt(at);
                if (copy.matches(v) && at + 4 * copy.fixedDwords() <= capture.length) {
                    copies.add(at);
                }
                int reg = v & 0xfff;
                if ((v & ~0x3ffff) == 0 && v >= 0x2000 && (reg == 0x030 || reg == 0x034 || reg == 0x038 || reg == 0x03c)) {
                    ring.add(at + 4);
                }
            }
            return new Targets(ints(spaces), ints(ggtt), ints(local), ints(ring), ints(copies), ints(comments));
        }

        private static int[] ints(List<Integer> list) {
            return list.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void mutatedLocalMemoryCapturesNeverThrowHangOrDecodeGarbageQuietly() {
        long first = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("LocalMemoryMutationTest seed: " + first + " (rerun with -Dgenscope.seed=" + first + ")");
        byte[][] captures = new byte[FIXTURES.length][];
        Targets[] targets = new Targets[FIXTURES.length];
        CommandDef copy = SpecLoader.builtin("gen125").command("XY_BLOCK_COPY_BLT");
        for (int i = 0; i < FIXTURES.length; i++) {
            captures[i] = CaptureFixtures.bytes(FIXTURES[i]);
            targets[i] = Targets.of(captures[i], copy);
        }
        assertThat(targets[0].localEntries()).hasSizeGreaterThan(100);
        assertThat(targets[0].ggttEntries()).isNotEmpty();
        assertThat(targets[0].ringRegisters()).isNotEmpty();
        assertThat(targets[0].blockCopies()).isNotEmpty();
        assertThat(targets[1].allocationComments()).hasSizeGreaterThan(20);
        Decoder gen12 = new Decoder(SpecLoader.builtin("gen12"));
        Decoder[] decoders = {new Decoder(SpecLoader.builtin("gen125")), gen12, gen12};
        long[] totals = new long[2];
        for (int k = 0; k < SEEDS; k++) {
            mutate(first + k, captures, targets, decoders, totals);
        }
        System.out.printf("LocalMemoryMutationTest: %d seeds x %d runs, %d without a problem, %d commands walked%n",
                SEEDS, RUNS, totals[0], totals[1]);
        assertThat(totals[1]).isPositive();
    }

    /** {@link #RUNS} mutated reads from one seed; adds the quiet runs and the commands walked to {@code totals}. */
    private static void mutate(long seed, byte[][] captures, Targets[] targets, Decoder[] decoders, long[] totals) {
        SplittableRandom random = new SplittableRandom(seed);
        int quiet = 0;
        long commands = 0;

        for (int run = 0; run < RUNS; run++) {
            int which = random.nextInt(FIXTURES.length);
            byte[] data = captures[which].clone();
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            Targets t = targets[which];
            int count = 1 + random.nextInt(6);
            String what;
            switch (random.nextInt(9)) {
                case 0 -> {
                    what = count + " byte flips";
                    for (int i = 0; i < count; i++) {
                        data[random.nextInt(data.length)] ^= (byte) random.nextInt(1, 256);
                    }
                }
                case 1 -> {
                    what = count + " address spaces swapped or replaced";
                    for (int i = 0; i < count; i++) {
                        int at = t.spaceFields()[random.nextInt(t.spaceFields().length)];
                        int space = random.nextBoolean() ? 3 - (b.getInt(at) >>> 28 & 3) : random.nextInt(16);
                        b.putInt(at, (b.getInt(at) & 0x0fffffff) | space << 28);
                    }
                }
                case 2 -> {
                    what = count + " GGTT entries with the local bit flipped or replaced";
                    for (int i = 0; i < count; i++) {
                        int at = t.ggttEntries()[random.nextInt(t.ggttEntries().length)];
                        b.putLong(at, random.nextBoolean() ? b.getLong(at) ^ 2 : random.nextLong());
                    }
                }
                case 3 -> {
                    what = count + " page-table entries in local memory with bit 11 flipped or replaced";
                    for (int i = 0; i < count; i++) {
                        int at = t.localEntries()[random.nextInt(t.localEntries().length)];
                        b.putLong(at, random.nextBoolean() ? b.getLong(at) ^ 0x800 : random.nextLong());
                    }
                }
                case 4 -> {
                    what = count + " ring registers of context images replaced";
                    for (int i = 0; i < count; i++) {
                        int at = t.ringRegisters()[random.nextInt(t.ringRegisters().length)];
                        b.putInt(at, random.nextBoolean() ? b.getInt(at) + random.nextInt(1, 8) : random.nextInt());
                    }
                }
                case 7 -> {
                    what = count + " dwords of the copy engine's block copies replaced";
                    int[] copies = t.blockCopies().length > 0 ? t.blockCopies() : t.ringRegisters();
                    for (int i = 0; i < count; i++) {
                        int at = copies[random.nextInt(copies.length)] + 4 * random.nextInt(1, 22);
                        if (at + 4 <= data.length) {
                            int flipped = b.getInt(at) ^ 1 << random.nextInt(32);
                            b.putInt(at, random.nextBoolean() ? random.nextInt() : flipped);
                        }
                    }
                }
                case 8 -> {
                    what = count + " of NEO's allocation comments turned to the other kind or to none";
                    int[] comments = t.allocationComments();
                    for (int i = 0; i < count && comments.length > 0; i++) {
                        int at = comments[random.nextInt(comments.length)];
                        byte[] text = (random.nextBoolean() ? (data[at] == 'g' ? "ppgtt:" : "ggtt: ") : "note:")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                        System.arraycopy(text, 0, data, at, text.length);
                    }
                }
                case 5 -> {
                    int cut = random.nextInt(data.length);
                    what = "truncated at " + cut;
                    data = java.util.Arrays.copyOf(data, cut);
                }
                default -> {
                    what = "the device number changed";
                    data[9] = (byte) random.nextInt(256);
                }
            }
            String label = "run " + run + " (seed " + seed + ", " + FIXTURES[which] + ", " + what + ")";
            List<Problem> problems = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            long[] walked = {0};
            Decoder decoder = decoders[which];
            AubListener walk = new AubListener() {
                @Override
                public void submission(Submission s, ContextMemory memory) {
                    if ((s.ringStart() & 0xfff) != 0 || (s.ringHead() & 3) != 0 || (s.ringTail() & 3) != 0) {
                        bad.add(String.format("submission %d: ring 0x%x head 0x%x tail 0x%x", s.index(), s.ringStart(),
                                s.ringHead(), s.ringTail()));
                    }
                    new CommandWalker(decoder, memory, s.engine(), new WalkListener() {
                        @Override
                        public void command(Command c, int depth) {
                            walked[0]++;
                            if (c.def() == null) {
                                bad.add(String.format("unknown 0x%08x at 0x%x", c.dwords()[0], c.address()));
                            }
                        }

                        @Override
                        public void problem(Problem p) {
                            problems.add(p);
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
            if (problems.isEmpty()) {
                quiet++;
                assertThat(bad).as(label + ": no problem reported, yet").isEmpty();
            }
        }
        totals[0] += quiet;
        totals[1] += commands;
    }
}
