package io.genscope.migration.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.genscope.migration.Recordings;
import io.genscope.migration.Recordings.Frame;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.state.DeviceRegion;
import io.genscope.migration.workload.SyntheticSpec;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of a valid stream (bit flips, damaged lengths, arguments and counts with fixed
 * CRCs, cuts, insertions, deletions, duplicated and swapped records): the receiver always returns
 * an outcome (no exception escapes), within a time bound, without allocating beyond the limits
 * fixed before the stream started, and keeps nothing when it refuses. The seed is printed; rerun
 * with -Dgenscope.seed=N (and -Dgenscope.cases=N for more cases).
 */
class StreamMutationTest {
    private static final long MAX_MEMORY = 8L << 20;

    @Test
    void mutatedStreamsNeverCrashHangOrOverAllocate(@TempDir Path dir) throws Exception {
        SyntheticSpec spec = SyntheticSpec.parse("synthetic:memory=4M,graphics=2M,gpu-hot=512K,gpu-rate=0,cpu-rate=0,seed=21");
        byte[] stream = Recordings.record(spec, Policy.GMIG, dir);
        List<Frame> frames = Recordings.frames(stream);
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        int cases = Integer.getInteger("genscope.cases", 250);
        System.out.println("stream mutation seed " + seed + ", " + cases + " cases (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        long bound = MAX_MEMORY;
        for (DeviceRegion r : DeviceRegion.values()) {
            bound += r.maxBytes();
        }
        int committed = 0;
        int[] byKind = new int[12];
        for (int c = 0; c < cases; c++) {
            int kind = rnd.nextInt(12);
            byKind[kind]++;
            byte[] m = mutate(stream, frames, kind, rnd);
            Receiver receiver = new Receiver(new Receiver.Options(MAX_MEMORY));
            int caseNo = c;
            Receiver.Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> receiver.receive(Channels.newChannel(new ByteArrayInputStream(m))), () -> "case " + caseNo + " hung");
            assertThat(o).as("case %d (mutation %d)", c, kind).isNotNull();
            assertThat(receiver.peakAllocatedBytes()).as("case %d allocation", c).isLessThanOrEqualTo(bound);
            if (o instanceof Receiver.Committed k) {
                committed++;
                k.vgpu().close();
            } else {
                assertThat(receiver.allocatedBytes()).as("case %d keeps nothing", c).isZero();
                StreamRejection r = ((Receiver.Rejected) o).rejection();
                assertThat(r.offset()).isBetween(0L, (long) m.length);
                assertThat(r.toString()).isNotBlank();
            }
        }
        System.out.println("mutations by kind " + Arrays.toString(byKind) + "; " + committed + " streams still valid");
        assertThat(committed).as("most mutations must be refused").isLessThan(cases / 4);
    }

    private static byte[] mutate(byte[] s, List<Frame> frames, int kind, SplittableRandom rnd) {
        byte[] m = s.clone();
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        Frame f = frames.get(rnd.nextInt(frames.size()));
        switch (kind) {
            case 0 -> {
                for (int i = 0, n = 1 + rnd.nextInt(8); i < n; i++) {
                    m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> m[f.offset() + rnd.nextInt(24)] ^= (byte) (1 + rnd.nextInt(255));
            case 2 -> b.putInt(f.offset() + 4, rnd.nextBoolean() ? rnd.nextInt() : rnd.nextInt(2 << 20));
            case 3 -> {
                b.putLong(f.offset() + 8, rnd.nextBoolean() ? rnd.nextLong() : rnd.nextLong(1 << 20));
                Recordings.fixCrc(m, f);
            }
            case 4 -> {
                return Arrays.copyOf(m, rnd.nextInt(m.length));
            }
            case 5 -> {
                int at = rnd.nextInt(m.length);
                int n = Math.min(m.length - at, 1 + rnd.nextInt(5000));
                byte[] out = new byte[m.length - n];
                System.arraycopy(m, 0, out, 0, at);
                System.arraycopy(m, at + n, out, at, m.length - at - n);
                return out;
            }
            case 6 -> {
                int at = rnd.nextInt(m.length);
                byte[] junk = new byte[1 + rnd.nextInt(64)];
                rnd.nextBytes(junk);
                byte[] out = new byte[m.length + junk.length];
                System.arraycopy(m, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(m, at, out, at + junk.length, m.length - at);
                return out;
            }
            case 7 -> {
                byte[] out = new byte[m.length + (f.end() - f.offset())];
                System.arraycopy(m, 0, out, 0, f.end());
                System.arraycopy(m, f.offset(), out, f.end(), f.end() - f.offset());
                System.arraycopy(m, f.end(), out, f.end() + (f.end() - f.offset()), m.length - f.end());
                return out;
            }
            case 8 -> {
                if (f.index() + 1 < frames.size()) {
                    Frame g = frames.get((int) f.index() + 1);
                    byte[] out = m.clone();
                    int la = f.end() - f.offset();
                    System.arraycopy(m, g.offset(), out, f.offset(), g.end() - g.offset());
                    System.arraycopy(m, f.offset(), out, f.offset() + (g.end() - g.offset()), la);
                    return out;
                }
            }
            case 9 -> {
                Frame setup = frames.get(0);
                b.putLong(setup.payload(), rnd.nextBoolean() ? rnd.nextLong() : (long) rnd.nextInt(1 << 30) << 12);
                Recordings.fixCrc(m, setup);
            }
            case 10 -> {
                Frame dev = frames.stream().filter(x -> x.kind() == RecordKind.DEVICE).skip(rnd.nextInt(7)).findFirst()
                        .orElse(f);
                b.putLong(dev.offset() + 8, ((long) rnd.nextInt(12) << 32) | rnd.nextInt(1 << 23));
                Recordings.fixCrc(m, dev);
            }
            default -> {
                Frame end = frames.get(frames.size() - 1);
                m[end.payload() + rnd.nextInt(end.length())] ^= (byte) (1 + rnd.nextInt(255));
                Recordings.fixCrc(m, end);
            }
        }
        return m;
    }
}
