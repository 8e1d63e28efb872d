package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Synthetic streams written with {@link AubWriter}, read back with {@link AubReader} and walked. */
class AubWriterTest {
    private static final int SKL = 0x1912;
    private static final int TGL = 0x9A49;
    private static final long BATCH = 0x7f00_0000_1000L;
    private static final long CALLEE = 0x7f00_0000_3000L;
    private static final int PIPE_CONTROL = 0x7a000004;
    private static final int BB_END = 0x05000000;

    /** A first-level batch start through the PPGTT to {@code address}. */
    private static int[] start(long address, boolean secondLevel) {
        return new int[] {0x18800101 | (secondLevel ? 0x400000 : 0), (int) address, (int) (address >>> 32)};
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] r = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, r, at, p.length);
            at += p.length;
        }
        return r;
    }

    /** What reading a written file gives: header, submissions, problems, and every command walked per submission. */
    private static final class Readback implements AubListener {
        final List<AubHeader> headers = new ArrayList<>();
        final List<Submission> submissions = new ArrayList<>();
        final List<List<String>> commands = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        final List<String> comments = new ArrayList<>();
        final List<Long> pml4s = new ArrayList<>();
        AubSummary summary;

        @Override
        public void header(AubHeader h) {
            headers.add(h);
        }

        @Override
        public void comment(long offset, String text) {
            comments.add(text);
        }

        @Override
        public void submission(Submission s, ContextMemory memory) {
            submissions.add(s);
            pml4s.add(memory.pml4());
            List<String> names = new ArrayList<>();
            Decoder decoder = new Decoder(SpecLoader.builtin(headers.get(0).specName()));
            new CommandWalker(decoder, memory, s.engine(), new WalkListener() {
                @Override
                public void command(Command c, int depth) {
                    names.add(c.name());
                }

                @Override
                public void problem(Problem p) {
                    problems.add(p);
                }
            }).walkRing(s);
            commands.add(names);
        }

        @Override
        public void problem(Problem p) {
            problems.add(p);
        }

        static Readback of(byte[] file) {
            Readback r = new Readback();
            r.summary = new AubReader().read(MappedBytes.wrap(file), r);
            return r;
        }
    }

    @Test
    void synthesizedGen9StreamDecodesAsWritten() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long descriptor;
        long pml4;
        long lrca;
        try (AubWriter w = AubWriter.create(bytes, SKL, "synthetic")) {
            assertThat(w.generation()).isEqualTo(9);
            AubWriter.Context ctx = w.createContext();
            pml4 = ctx.pml4();
            w.comment("one batch that calls another");
            w.writePpgtt(ctx, BATCH, concat(new int[] {PIPE_CONTROL, 0, 0, 0, 0, 0}, start(CALLEE, true), new int[] {BB_END}));
            w.writePpgtt(ctx, CALLEE, new int[] {0x11000001, 0x2244, 0x00010000, BB_END});
            descriptor = w.submit(Engine.RENDER, ctx, concat(start(BATCH, false), new int[] {0}));
            lrca = ctx.lrca(Engine.RENDER);
        }
        Readback r = Readback.of(bytes.toByteArray());

        assertThat(r.problems).isEmpty();
        assertThat(r.headers).singleElement().satisfies(h -> {
            assertThat(h.dialect()).isEqualTo(Dialect.MESA);
            assertThat(h.pciId()).isEqualTo(SKL);
            assertThat(h.applicationName()).isEqualTo("synthetic");
            assertThat(h.simulatorDevice()).isEqualTo(12);
            assertThat(h.text()).isEqualTo("PCI-ID=0x1912 synthetic");
        });
        assertThat(r.comments).containsExactly("one batch that calls another");
        assertThat(descriptor).isEqualTo(lrca | 0x339);
        assertThat(r.submissions).singleElement().satisfies(s -> {
            assertThat(s.engine()).isEqualTo(Engine.RENDER);
            assertThat(s.descriptor()).isEqualTo(descriptor);
            assertThat(s.ringHead()).isZero();
            assertThat(s.ringTail()).isEqualTo(16);
            assertThat(s.ringSize()).isEqualTo(4096);
            assertThat(s.pml4()).isEqualTo(pml4);
        });
        assertThat(r.commands).containsExactly(List.of("MI_BATCH_BUFFER_START", "PIPE_CONTROL", "MI_BATCH_BUFFER_START",
                "MI_LOAD_REGISTER_IMM", "MI_BATCH_BUFFER_END", "MI_BATCH_BUFFER_END", "MI_NOOP"));
        // gen9 submits through ELSP: four writes, plus GFX_MODE and HWS_PGA
        assertThat(r.summary.count(PacketKind.REGISTER_WRITE)).isEqualTo(6);
        assertThat(r.summary.count(PacketKind.REGISTER_POLL)).isEqualTo(1);
    }

    @Test
    void gen12EnginesSubmitThroughElsqAtTheirBases() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (AubWriter w = AubWriter.create(bytes, TGL, "engines")) {
            AubWriter.Context ctx = w.createContext();
            w.writePpgtt(ctx, BATCH, new int[] {PIPE_CONTROL, 0, 0, 0, 0, 0, BB_END});
            w.submit(Engine.RENDER, ctx, concat(start(BATCH, false), new int[] {0}));
            w.submit(Engine.COMPUTE, ctx, concat(start(BATCH, false), new int[] {0}));
            w.submit(Engine.BLITTER, ctx, new int[] {0x13000003, 0, 0, 0, 0, 0});
            w.submit(Engine.VIDEO, ctx, new int[] {0, 0});
            w.submit(Engine.VIDEOENHANCE, ctx, new int[] {0});
        }
        Readback r = Readback.of(bytes.toByteArray());

        assertThat(r.problems).isEmpty();
        assertThat(r.headers.get(0).specName()).isEqualTo("gen12");
        assertThat(r.submissions).extracting(Submission::engine).containsExactly(Engine.RENDER, Engine.COMPUTE,
                Engine.BLITTER, Engine.VIDEO, Engine.VIDEOENHANCE);
        assertThat(r.commands.get(0)).containsExactly("MI_BATCH_BUFFER_START", "PIPE_CONTROL", "MI_BATCH_BUFFER_END", "MI_NOOP");
        assertThat(r.commands.get(1)).isEqualTo(r.commands.get(0));
        assertThat(r.commands.get(2)).containsExactly("MI_FLUSH_DW", "MI_NOOP");
        assertThat(r.commands.get(3)).containsExactly("MI_NOOP", "MI_NOOP");
        assertThat(r.submissions).extracting(Submission::lrca).doesNotHaveDuplicates();
        // each engine: GFX_MODE, HWS_PGA, ELSQ low, ELSQ high, EXECLIST_CONTROL
        assertThat(r.summary.count(PacketKind.REGISTER_WRITE)).isEqualTo(5 * 5);
    }

    @Test
    void laterSubmissionsReuseTheContextAndGrowTheRing() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long firstRing;
        long secondRing;
        try (AubWriter w = AubWriter.create(bytes, SKL, "rings")) {
            AubWriter.Context ctx = w.createContext();
            w.submit(Engine.RENDER, ctx, new int[] {0, 0});
            firstRing = ctx.ring(Engine.RENDER);
            w.submit(Engine.RENDER, ctx, new int[] {0, 0, 0, 0});
            assertThat(ctx.ring(Engine.RENDER)).isEqualTo(firstRing);
            w.submit(Engine.RENDER, ctx, new int[5000]);
            secondRing = ctx.ring(Engine.RENDER);
            assertThatThrownBy(() -> w.submit(Engine.RENDER, ctx, new int[(2 << 20) / 4]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        Readback r = Readback.of(bytes.toByteArray());

        assertThat(r.problems).isEmpty();
        assertThat(r.submissions).extracting(Submission::ringTail).containsExactly(8, 16, 20000);
        assertThat(r.submissions).extracting(Submission::ringStart).containsExactly(firstRing, firstRing, secondRing);
        assertThat(r.submissions).extracting(Submission::ringSize).containsExactly(4096, 4096, 20480);
        assertThat(r.submissions).extracting(Submission::lrca).containsOnly(r.submissions.get(0).lrca());
        assertThat(r.commands).extracting(List::size).containsExactly(2, 4, 5000);
    }

    @Test
    void twoContextsHaveTheirOwnPageTables() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (AubWriter w = AubWriter.create(bytes, SKL, "two")) {
            AubWriter.Context a = w.createContext();
            AubWriter.Context b = w.createContext();
            assertThat(a.id()).isEqualTo(1);
            assertThat(b.id()).isEqualTo(2);
            w.writePpgtt(a, BATCH, new int[] {PIPE_CONTROL, 0, 0, 0, 0, 0, BB_END});
            w.writePpgtt(b, BATCH, new int[] {0x11000001, 0x2244, 0, BB_END});
            w.mapPpgtt(b, 0x1_0000_0000L, 3 * 4096 + 1);
            w.submit(Engine.RENDER, a, start(BATCH, false));
            w.submit(Engine.RENDER, b, start(BATCH, false));
        }
        Readback r = Readback.of(bytes.toByteArray());

        assertThat(r.problems).isEmpty();
        assertThat(r.commands).containsExactly(
                List.of("MI_BATCH_BUFFER_START", "PIPE_CONTROL", "MI_BATCH_BUFFER_END"),
                List.of("MI_BATCH_BUFFER_START", "MI_LOAD_REGISTER_IMM", "MI_BATCH_BUFFER_END"));
        assertThat(r.pml4s).doesNotHaveDuplicates();
    }

    /** A mapped range reads as zeros page by page, through tables the writer built. */
    @Test
    void mappedPpgttRangesReadAsZeros() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long range = 0x0000_8000_0000_0000L - 2 * 4096L; // crosses no PML4 boundary, ends at the top
        try (AubWriter w = AubWriter.create(bytes, SKL, "map")) {
            AubWriter.Context ctx = w.createContext();
            w.mapPpgtt(ctx, range, 2 * 4096);
            w.writePpgtt(ctx, range + 4092, new int[] {0x11111111, 0x22222222});
            w.submit(Engine.RENDER, ctx, new int[] {0});
        }
        List<int[]> seen = new ArrayList<>();
        new AubReader().read(MappedBytes.wrap(bytes.toByteArray()), new AubListener() {
            @Override
            public void submission(Submission s, ContextMemory memory) {
                int[] all = new int[2048];
                assertThat(memory.read(AddressSpace.PPGTT, range, all, 0, all.length)).isEqualTo(2048);
                seen.add(all);
                assertThat(memory.isMapped(AddressSpace.PPGTT, range + 2 * 4096)).isFalse();
            }
        });
        assertThat(seen).singleElement().satisfies(all -> {
            assertThat(all[1022]).isZero();
            assertThat(all[1023]).isEqualTo(0x11111111);
            assertThat(all[1024]).isEqualTo(0x22222222);
            assertThat(all[2047]).isZero();
        });
    }

    @Test
    void rawWritesAndDescriptorSubmission() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (AubWriter w = AubWriter.create(bytes, TGL, "raw")) {
            // GGTT 0x1000 -> phys 0x100000 ring, 0x2000 -> PPHWSP, 0x3000 -> register state
            w.writeGgttEntries(0x1000, 0x100000 | 1, 0x101000 | 1, 0x102000 | 1);
            w.writePhysical(0x100000, new int[] {BB_END, 0});
            int[] state = ContextImageWriter.registerState(0x2000, 0x1000, 0, 8, 4096, 0x200000);
            w.writeGgtt(0x3000, state);
            w.submitDescriptor(Engine.RENDER, 0x2000 | AubWriter.CONTEXT_FLAGS);
            assertThatThrownBy(() -> w.writeGgttEntries(0x1001, 1)).isInstanceOf(IllegalArgumentException.class);
        }
        Readback r = Readback.of(bytes.toByteArray());

        assertThat(r.problems).isEmpty();
        assertThat(r.submissions).singleElement().satisfies(s -> {
            assertThat(s.ringStart()).isEqualTo(0x1000);
            assertThat(s.ringTail()).isEqualTo(8);
            assertThat(s.pml4()).isEqualTo(0x200000);
        });
        assertThat(r.commands).as("a batch buffer end in the ring ends the walk").containsExactly(List.of("MI_BATCH_BUFFER_END"));
        // raw path: GFX_MODE once, no status page, ELSQ low/high/control
        assertThat(r.summary.count(PacketKind.REGISTER_WRITE)).isEqualTo(4);
    }

    @Test
    void misuseIsRefused() throws IOException {
        assertThatThrownBy(() -> AubWriter.create(new ByteArrayOutputStream(), 0x1234, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x1234");
        AubWriter w = AubWriter.create(new ByteArrayOutputStream(), SKL, "x");
        AubWriter.Context ctx = w.createContext();
        assertThatThrownBy(() -> w.writePhysical(ctx.pml4() + 8, new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own page tables");
        assertThatThrownBy(() -> w.submit(Engine.COMPUTE, ctx, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compute");
        w.close();
        assertThatThrownBy(() -> w.comment("late")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void packetsAreWellFormedAndLargeWritesAreCut() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (AubWriter w = AubWriter.create(bytes, SKL, "a".repeat(100))) {
            AubWriter.Context ctx = w.createContext();
            w.writePpgtt(ctx, BATCH + 8, new byte[3 * 4096 + 7], 0, 3 * 4096 + 7);
            assertThat(w.bytesWritten()).isEqualTo(bytes.size());
        }
        ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        int writes = 0;
        while (pos < b.capacity()) {
            int dword0 = b.getInt(pos);
            assertThat(dword0 >>> 24).isEqualTo(0xF7);
            int length = 4 * ((dword0 & 0xffff) + 1);
            if ((dword0 >>> 16) == 0xF706) {
                writes++;
                int size = b.getInt(pos + 16);
                assertThat(size).isBetween(1, 4096);
                assertThat(length).isEqualTo(20 + ((size + 3) & ~3));
            }
            pos += length;
        }
        assertThat(pos).isEqualTo(b.capacity());
        assertThat(writes).isGreaterThanOrEqualTo(4);
        AubSummary s = new AubReader().read(MappedBytes.wrap(bytes.toByteArray()), AubListener.NONE);
        assertThat(s.problems()).isEmpty();
        assertThat(s.applicationName()).hasSize(63 - "PCI-ID=0x1912 ".length());
    }
}
