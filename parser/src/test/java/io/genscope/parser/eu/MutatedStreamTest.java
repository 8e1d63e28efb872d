package io.genscope.parser.eu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged input: 10,000 seeded mutations of real instruction streams (Mesa's suite bytes; for Xe2
 * and Xe3, which have none, random instructions of the generation: {@link #xe2Corpus}), each
 * disassembled as a whole stream and as a kernel; no exception may escape, every instruction of
 * the stream is accounted for, and truncation is a problem at the right offset. Seeds 0-9,999, or
 * N to N+9,999 with {@code -Dgenscope.seed=N}.
 */
class MutatedStreamTest {

    static byte[] corpus(String gen) throws IOException {
        if (gen.equals("gen20") || gen.equals("gen30")) return xe2Corpus(gen);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (MesaSuiteDiffTest.Case c : MesaSuiteDiffTest.load(gen + "-asm")) all.writeBytes(c.bytes());
        return all.toByteArray();
    }

    /**
     * Xe2 and Xe3 have no suite to mutate: 512 instructions of random bits, each with an opcode of the
     * generation (sends and flow control included), a quarter of them compacted; seeded by the name.
     */
    static byte[] xe2Corpus(String gen) {
        io.genscope.eu.EuSpec spec = EuDisassembler.forGen(gen).spec();
        List<Integer> ops = new ArrayList<>(spec.opcodes().keySet());
        ops.sort(null);
        SplittableRandom r = new SplittableRandom(gen.hashCode());
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 512; i++) {
            long[] w = {r.nextLong(), r.nextLong()};
            w[0] = (w[0] & ~0x7fL) | ops.get(r.nextInt(ops.size()));
            boolean compacted = r.nextInt(4) == 0;
            w[0] = compacted ? w[0] | (1L << 29) : w[0] & ~(1L << 29);
            for (int b = 0; b < (compacted ? 8 : 16); b++) all.write((int) (w[b >> 3] >>> ((b & 7) * 8)));
        }
        return all.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen7", "gen75", "gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
    void tenThousandMutatedStreamsDecodeWithoutException(String gen) throws IOException {
        byte[] corpus = corpus(gen);
        EuDisassembler d = EuDisassembler.forGen(gen);
        int undecodable = 0;
        long base = Long.getLong("genscope.seed", 0); // a sweep runs other 10,000 with -Dgenscope.seed=N
        for (long seed = base; seed < base + 10_000; seed++) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + gen.hashCode());
            int len = 1 + r.nextInt(Math.min(corpus.length, 256));
            int from = r.nextInt(corpus.length - len + 1) & ~7;
            byte[] s = java.util.Arrays.copyOfRange(corpus, from, Math.min(corpus.length, from + len));
            int flips = r.nextInt(1, 9);
            for (int i = 0; i < flips && s.length > 0; i++) {
                int at = r.nextInt(s.length);
                switch (r.nextInt(3)) {
                    case 0 -> s[at] ^= (byte) (1 << r.nextInt(8));
                    case 1 -> s[at] = (byte) r.nextInt(256);
                    default -> s[at] = (byte) 0xff;
                }
            }
            EuListing l = d.disassemble(s, 0, s.length);
            int consumed = l.end();
            assertThat(consumed).as("seed %d", seed).isBetween(Math.max(0, s.length - 15), s.length);
            for (EuProblem p : l.problems()) {
                assertThat(p.offset()).isBetween(0, s.length);
                if (p.message().startsWith("cannot decode")) undecodable++;
            }
            EuListing k = d.disassembleKernel(s, 0);
            assertThat(k.end()).isLessThanOrEqualTo(s.length);
        }
        assertThat(undecodable).as("instructions the printer could not handle").isZero();
    }

    @Test
    void truncatedInstructionIsAProblemAndTheRestIsDecoded() throws IOException {
        byte[] corpus = corpus("gen9");
        EuDisassembler d = EuDisassembler.forGen("gen9");
        byte[] full = java.util.Arrays.copyOf(corpus, 64);
        EuListing whole = d.disassemble(full, 0, full.length);
        byte[] cut = java.util.Arrays.copyOf(corpus, 64 - 3);
        EuListing l = d.disassemble(cut, 0, cut.length);
        assertThat(l.problems()).hasSize(1);
        EuProblem p = l.problems().get(0);
        assertThat(p.offset()).isEqualTo(whole.lines().get(whole.lines().size() - 1).offset());
        assertThat(p.message()).contains("truncated");
        List<String> before = new ArrayList<>();
        for (int i = 0; i < l.lines().size(); i++) before.add(whole.lines().get(i).text());
        assertThat(l.lines()).extracting(EuLine::text).containsExactlyElementsOf(before);
    }

    @Test
    void kernelWithoutEndOfThreadStopsAtTheEndOfTheBytes() throws IOException {
        byte[] corpus = corpus("gen9");
        EuDisassembler d = EuDisassembler.forGen("gen9");
        byte[] s = java.util.Arrays.copyOf(corpus, 40);
        for (int i = 0; i < 40; i += 16) s[i] = 0x40; // add, never a send: no end of thread
        EuListing k = d.disassembleKernel(s, 0);
        assertThat(k.problems()).extracting(EuProblem::message).anyMatch(m -> m.contains("past the end"));
        assertThat(k.lines()).isNotEmpty();
    }
}
