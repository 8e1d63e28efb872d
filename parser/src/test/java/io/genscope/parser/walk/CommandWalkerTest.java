package io.genscope.parser.walk;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandWalkerTest {
    private static final int NOOP = 0x00000000;
    private static final int BB_END = 0x05000000;
    private static final int PIPE_CONTROL = 0x7a000004;

    private final Decoder gen9 = new Decoder(SpecLoader.builtin("gen9"));

    /** Records what the walker reports. */
    private static final class Log implements WalkListener {
        final List<String> lines = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();

        @Override
        public void command(Command c, int depth) {
            lines.add(depth + " " + Long.toHexString(c.address()) + " " + c.name());
        }

        @Override
        public void unavailable(long address) {
            lines.add("unavailable " + Long.toHexString(address));
        }

        @Override
        public void problem(Problem p) {
            problems.add(p);
        }
    }

    /** MI_BATCH_BUFFER_START (gen8+ 3-dword form) to a GGTT address. */
    private static int[] bbStart(long target, boolean secondLevel, boolean ppgtt) {
        int dw0 = 0x18800001 | (secondLevel ? 1 << 22 : 0) | (ppgtt ? 1 << 8 : 0);
        return new int[] {dw0, (int) target, (int) (target >>> 32)};
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] out = new int[n];
        int i = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    @Test
    void secondLevelBatchReturnsToCaller() {
        // 0x1000: call 0x1100, PIPE_CONTROL, BB_END; 0x1100: NOOP, BB_END
        int[] mem = new int[0x100];
        int[] first = concat(bbStart(0x1100, true, false), new int[] {PIPE_CONTROL, 0, 0, 0, 0, 0, BB_END});
        System.arraycopy(first, 0, mem, 0, first.length);
        mem[0x40] = NOOP;
        mem[0x41] = BB_END;
        Log log = new Log();
        new CommandWalker(gen9, new ArrayMemory(0x1000, mem), Engine.RENDER, log).walkBatch(0x1000, AddressSpace.GGTT);
        assertThat(log.lines).containsExactly("1 1000 MI_BATCH_BUFFER_START", "2 1100 MI_NOOP",
                "2 1104 MI_BATCH_BUFFER_END", "1 100c PIPE_CONTROL", "1 1024 MI_BATCH_BUFFER_END");
        assertThat(log.problems).isEmpty();
    }

    @Test
    void firstLevelStartFromBatchIsAJumpButFromRingReturns() {
        int[] mem = new int[0x400];
        // ring at 0x1000: start batch at 0x1200 (first level), then PIPE_CONTROL
        int[] ring = concat(bbStart(0x1200, false, false), new int[] {PIPE_CONTROL, 0, 0, 0, 0, 0});
        System.arraycopy(ring, 0, mem, 0, ring.length);
        // batch at 0x1200 jumps to 0x1300 and has a command after the jump that never runs
        int[] batch = concat(bbStart(0x1300, false, false), new int[] {PIPE_CONTROL, 0, 0, 0, 0, 0});
        System.arraycopy(batch, 0, mem, 0x80, batch.length);
        mem[0xc0] = BB_END;
        Log log = new Log();
        Submission s = new Submission(0, Engine.RENDER, 0x1000, 0x1000, 0, 4 * ring.length, 4096, 0, 0);
        new CommandWalker(gen9, new ArrayMemory(0x1000, mem), Engine.RENDER, log).walkRing(s);
        assertThat(log.lines).containsExactly("1 1000 MI_BATCH_BUFFER_START", "2 1200 MI_BATCH_BUFFER_START",
                "3 1300 MI_BATCH_BUFFER_END", "1 100c PIPE_CONTROL");
    }

    @Test
    void ringWrapsFromEndToStart() {
        int[] mem = new int[1024]; // a 4 KiB ring at 0x1000
        mem[1022] = PIPE_CONTROL; // starts 8 bytes before the end, continues at the ring start
        mem[1023] = 1;
        mem[0] = 2;
        mem[1] = 3;
        mem[2] = 4;
        mem[3] = 5;
        mem[4] = NOOP;
        Log log = new Log();
        Submission s = new Submission(0, Engine.RENDER, 0x1000, 0x1000, 4088, 20, 4096, 0, 0);
        new CommandWalker(gen9, new ArrayMemory(0x1000, mem), Engine.RENDER, log).walkRing(s);
        assertThat(log.lines).containsExactly("1 1ff8 PIPE_CONTROL", "1 1010 MI_NOOP");
    }

    @Test
    void batchThatJumpsToItselfIsALoopNotAHang() {
        int[] mem = concat(bbStart(0x1000, false, false));
        Log log = new Log();
        new CommandWalker(gen9, new ArrayMemory(0x1000, mem), Engine.RENDER, log).walkBatch(0x1000, AddressSpace.GGTT);
        assertThat(log.lines).containsExactly("1 1000 MI_BATCH_BUFFER_START");
        assertThat(log.problems).extracting(Problem::kind).containsExactly(Problem.Kind.LOOP);
        assertThat(log.problems.get(0).offset()).isEqualTo(0x1000);
    }

    @Test
    void chainOfDistinctBatchesStopsAtTheJumpLimit() {
        // 150 batches, each jumping to the next: more than the nesting limit
        int[] mem = new int[150 * 4];
        for (int i = 0; i < 150; i++) {
            System.arraycopy(bbStart(0x1000 + 16L * (i + 1), false, false), 0, mem, 4 * i, 3);
        }
        Log log = new Log();
        new CommandWalker(gen9, new ArrayMemory(0x1000, mem), Engine.RENDER, log).walkBatch(0x1000, AddressSpace.GGTT);
        assertThat(log.problems).extracting(Problem::kind).contains(Problem.Kind.JUMP_LIMIT);
        assertThat(log.lines).hasSize(CommandWalker.MAX_DEPTH);
    }

    @Test
    void predicatedStartIsListedNotFollowedAndUnmappedTargetIsReported() {
        int[] pred = bbStart(0x9000, false, false);
        pred[0] |= 1 << 15;
        int[] mem = concat(pred, bbStart(0x7777000, true, true), new int[] {BB_END});
        Log log = new Log();
        new CommandWalker(gen9, new ArrayMemory(0x1000, mem), Engine.RENDER, log).walkBatch(0x1000, AddressSpace.GGTT);
        assertThat(log.lines).containsExactly("1 1000 MI_BATCH_BUFFER_START", "1 100c MI_BATCH_BUFFER_START",
                "unavailable 7777000", "1 1018 MI_BATCH_BUFFER_END");
        assertThat(log.problems).extracting(Problem::kind).containsExactly(Problem.Kind.UNMAPPED);
    }

    @Test
    void enterReportsEveryBufferAndPredicatedStartsCanBeFollowed() {
        // 0x1000: predicated call to 0x1100, first-level start to PPGTT 0x1200 (jump); 0x1100: BB_END; 0x1200: BB_END
        int[] mem = new int[0x100];
        int[] call = bbStart(0x1100, true, false);
        call[0] |= 1 << 15; // Predication Enable
        int[] first = concat(call, bbStart(0x1200, false, true));
        System.arraycopy(first, 0, mem, 0, first.length);
        mem[0x40] = BB_END;
        mem[0x80] = BB_END;
        List<String> entered = new ArrayList<>();
        WalkListener listener = new WalkListener() {
            @Override
            public void command(Command c, int depth) {
            }

            @Override
            public void enter(long address, AddressSpace space, int depth) {
                entered.add(Long.toHexString(address) + " " + space + " " + depth);
            }
        };
        new CommandWalker(gen9, new ArrayMemory(0x1000, mem), Engine.RENDER, listener).walkBatch(0x1000, AddressSpace.GGTT);
        assertThat(entered).containsExactly("1000 GGTT 1", "1200 PPGTT 2");
        entered.clear();
        new CommandWalker(gen9, new ArrayMemory(0x1000, mem), Engine.RENDER, listener).followPredicated(true)
                .walkBatch(0x1000, AddressSpace.GGTT);
        assertThat(entered).containsExactly("1000 GGTT 1", "1100 GGTT 2", "1200 PPGTT 2");
    }
}
