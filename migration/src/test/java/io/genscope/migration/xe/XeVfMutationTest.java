package io.genscope.migration.xe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.genscope.parser.capture.Problem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of a valid VF stream (bit flips, damaged header fields, hostile sizes, cuts,
 * insertions, deletions, duplicated packets): the reader never throws, never hangs, reads no more
 * packets than the stream can hold, and every problem has an offset inside the file; a stream that
 * changed in its headers is never read back without a problem unless it is still well-formed. The
 * seed is printed; rerun with -Dgenscope.seed=N (and -Dgenscope.cases=N for more cases).
 */
class XeVfMutationTest {
    @Test
    void mutatedStreamsNeverCrashOrHang(@TempDir Path dir) throws Exception {
        byte[] stream = XeVfSamples.stream();
        long[] starts = new long[7];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = XeVfReaderTest.offsetOf(stream, i);
        }
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        int cases = Integer.getInteger("genscope.cases", 300);
        System.out.println("xe VF mutation seed " + seed + ", " + cases + " cases (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        int clean = 0;
        for (int c = 0; c < cases; c++) {
            int kind = rnd.nextInt(8);
            byte[] m = mutate(stream, starts, kind, rnd);
            int caseNo = c;
            XeVfData d = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> XeVfSamples.read(dir, "m.bin", m),
                    () -> "case " + caseNo + " hung");
            assertThat(d.packets().size()).as("case %d", c).isLessThanOrEqualTo(m.length / XePacketHeader.BYTES);
            for (Problem p : d.problems()) {
                assertThat(p.offset()).as("case %d: %s", c, p).isBetween(0L, (long) m.length);
                assertThat(p.message()).as("case %d: a problem names its packet", c).containsAnyOf("packet ", "empty");
            }
            for (XePacket p : d.packets()) {
                assertThat(p.at() + XePacketHeader.BYTES + p.header().size()).as("case %d: %s", c, p)
                        .isLessThanOrEqualTo(m.length);
            }
            List<String> lines = new ArrayList<>();
            XeVfText.print(d, lines::add);
            assertThat(lines).as("case %d listing", c).isNotEmpty();
            if (d.problems().isEmpty()) {
                clean++;
                assertThat(d.packets().get(0)).isInstanceOf(XePacket.Descriptor.class);
                assertThat(d.packets().get(d.packets().size() - 1)).isInstanceOf(XePacket.Trailer.class);
            }
        }
        System.out.println(clean + " of " + cases + " mutated streams still read without a problem");
    }

    private static byte[] mutate(byte[] s, long[] starts, int kind, SplittableRandom rnd) {
        byte[] m = s.clone();
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) starts[rnd.nextInt(starts.length)];
        switch (kind) {
            case 0 -> {
                for (int i = 0, n = 1 + rnd.nextInt(8); i < n; i++) {
                    m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> m[at + rnd.nextInt(XePacketHeader.BYTES)] ^= (byte) (1 + rnd.nextInt(255));
            case 2 -> b.putLong(at + 16, switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextLong();
                case 1 -> -1L - rnd.nextInt(16);
                case 2 -> rnd.nextLong(1L << 32);
                default -> rnd.nextInt(64);
            });
            case 3 -> {
                return Arrays.copyOf(m, rnd.nextInt(m.length));
            }
            case 4 -> {
                int from = rnd.nextInt(m.length);
                return splice(m, from, Math.min(m.length - from, 1 + rnd.nextInt(3000)), new byte[0]);
            }
            case 5 -> {
                byte[] junk = new byte[1 + rnd.nextInt(64)];
                rnd.nextBytes(junk);
                return splice(m, rnd.nextInt(m.length + 1), 0, junk);
            }
            case 6 -> {
                int end = (int) (at + XePacketHeader.BYTES + b.getLong(at + 16));
                return splice(m, end, 0, Arrays.copyOfRange(m, at, end));
            }
            default -> b.putInt(at + 4, rnd.nextInt()).put(at + 2, (byte) rnd.nextInt(4)).put(at + 3, (byte) rnd.nextInt(4));
        }
        return m;
    }

    /** {@code s} with {@code remove} bytes at {@code at} replaced by {@code insert}. */
    private static byte[] splice(byte[] s, int at, int remove, byte[] insert) {
        byte[] out = new byte[s.length - remove + insert.length];
        System.arraycopy(s, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(s, at + remove, out, at + insert.length, s.length - at - remove);
        return out;
    }
}
