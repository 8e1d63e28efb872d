package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The copy engine's block copies the reader carries out: a DG2 capture (NEO's device 36) whose
 * batch copies one PPGTT page to another; a render submission afterwards reads the destination.
 */
class BlitCopiesTest {
    private static final long SOURCE_VA = GpuScenario.BATCH_VA + 0x1000;
    private static final long DEST_VA = GpuScenario.BATCH_VA + 0x2000;
    private static final long SOURCE_PHYS = 0x301000;
    private static final long DEST_PHYS = 0x302000;
    private static final long PT = 0x203000;
    private static final int BLITTER = 0x22000;
    private static final int RENDER = 0x2000;
    /** XY_BLOCK_COPY_BLT of gen12.5 (22 dwords), 8-bit pixels. */
    private static final int BLOCK_COPY = 0x50400014;

    /** What a render submission read at the destination (first 4 dwords), and the problems. */
    private record Seen(List<int[]> destination, List<Problem> problems) {
    }

    @Test
    void aLinearCopyReachesTheDestinationBeforeTheNextSubmission() {
        Seen seen = read(scenario(0, 256, 4).submitElsq(BLITTER).then(RENDER));
        assertThat(seen.problems()).isEmpty();
        assertThat(seen.destination()).singleElement()
                .satisfies(d -> assertThat(d).containsExactly(1000, 1001, 1002, 1003));
    }

    @Test
    void rowsFollowThePitch() {
        // 8 bytes a row, 2 rows, pitch 256: the second row's first dword lands 256 bytes on
        Seen seen = read(scenario(0, 256, 2).rows(2).submitElsq(BLITTER).then(RENDER));
        assertThat(seen.destination().get(0)).containsExactly(1000, 1001, 0, 0);
        assertThat(readAt(scenario(0, 256, 2).rows(2).submitElsq(BLITTER), DEST_VA + 256))
                .containsExactly(1064, 1065, 0, 0);
    }

    @Test
    void aTiledCopyIsNotCarriedOut() {
        Seen seen = read(scenario(1, 256, 4).submitElsq(BLITTER).then(RENDER));
        assertThat(seen.destination().get(0)).containsExactly(0, 0, 0, 0);
    }

    @Test
    void aResubmittedRingRunsItsCopiesOnce() {
        // the source changes after the first submission; the same ring submitted again (tail unchanged,
        // head still 0 in the image) must not copy again
        Scenario s = scenario(0, 256, 4).submitElsq(BLITTER);
        s.b.write(2, SOURCE_PHYS, 7, 7, 7, 7);
        Seen seen = read(s.submitElsq(BLITTER).then(RENDER));
        assertThat(seen.destination().get(0)).containsExactly(1000, 1001, 1002, 1003);
    }

    private static int[] readAt(Scenario s, long va) {
        return read(s.then(RENDER), va).destination().get(0);
    }

    private static Seen read(Scenario s) {
        return read(s, DEST_VA);
    }

    /** What each render submission read at {@code va}. */
    private static Seen read(Scenario s, long va) {
        List<int[]> seen = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        new AubReader().read(s.b.mapped(), new AubListener() {
            @Override
            public void submission(Submission sub, ContextMemory memory) {
                if (sub.engine() == Engine.RENDER) {
                    int[] d = new int[4];
                    memory.read(AddressSpace.PPGTT, va, d, 0, 4);
                    seen.add(d);
                }
            }

            @Override
            public void problem(Problem p) {
                problems.add(p);
            }
        });
        return new Seen(seen, problems);
    }

    /**
     * The scenario's context and page tables, two more pages mapped after the batch (source: dwords
     * 1000, 1001, ...; destination: zeros) and a batch with one block copy of {@code widthDwords} dwords a row.
     */
    private static Scenario scenario(int tiling, int pitch, int widthDwords) {
        return new Scenario(tiling, pitch, widthDwords);
    }

    private static final class Scenario {
        final AubBuilder b = GpuScenario.setUp(new AubBuilder().version(36, "dg2", "NEO"));
        private final int tiling;
        private final int pitch;
        private final int width;

        Scenario(int tiling, int pitch, int widthDwords) {
            this.tiling = tiling;
            this.pitch = pitch;
            this.width = 4 * widthDwords;
            int index = (int) ((GpuScenario.BATCH_VA >>> 12) & 511);
            b.write(2, PT + 8L * (index + 1), (int) SOURCE_PHYS | 3, 0, (int) DEST_PHYS | 3, 0);
            int[] source = new int[1024];
            for (int i = 0; i < source.length; i++) {
                source[i] = 1000 + i;
            }
            b.write(2, SOURCE_PHYS, source);
            b.write(2, DEST_PHYS, new int[1024]);
            rows(1);
        }

        /** Rewrites the batch: one copy of {@code rows} rows, then MI_BATCH_BUFFER_END. */
        Scenario rows(int rows) {
            int[] batch = new int[24];
            batch[0] = BLOCK_COPY;
            batch[1] = (pitch - 1) | tiling << 30;
            batch[3] = width | rows << 16;
            batch[4] = (int) DEST_VA;
            batch[5] = (int) (DEST_VA >>> 32);
            batch[8] = (pitch - 1) | tiling << 30;
            batch[9] = (int) SOURCE_VA;
            batch[10] = (int) (SOURCE_VA >>> 32);
            batch[22] = GpuScenario.BB_END;
            b.write(2, GpuScenario.BATCH_PHYS, batch);
            return this;
        }

        Scenario submitElsq(int base) {
            GpuScenario.submitElsq(b, base);
            return this;
        }

        Scenario then(int base) {
            return submitElsq(base);
        }
    }
}
