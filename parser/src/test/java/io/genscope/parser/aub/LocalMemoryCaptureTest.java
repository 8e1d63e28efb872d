package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.parser.memory.Paging;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real NEO captures of discrete GPUs (local memory) and of the newest integrated ones (64 KiB
 * pages, 5-level tables, the compute engine's submit queue), decoded the way {@code genscope
 * decode} does with no {@code --gen}: the device comes from the file, every submission's ring and
 * batches are walked with that device's spec. How each capture was made: {@code tools/xcheck/README.md}.
 */
class LocalMemoryCaptureTest {
    /** What reading and walking one capture found. */
    static final class Decode implements AubListener {
        final List<Problem> problems = new ArrayList<>();
        final List<Submission> submissions = new ArrayList<>();
        final Set<Engine> engines = EnumSet.noneOf(Engine.class);
        final List<String> unknown = new ArrayList<>();
        final List<String> walked = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        int commands;
        int walkers;
        AubHeader header;
        Paging paging;
        Decoder decoder;

        @Override
        public void header(AubHeader h) {
            if (header == null) {
                header = h;
                decoder = h.specName() == null ? null : new Decoder(SpecLoader.builtin(h.specName()));
            }
        }

        @Override
        public void submission(Submission s, ContextMemory memory) {
            submissions.add(s);
            engines.add(s.engine());
            paging = memory.ppgtt().paging();
            if (decoder == null) {
                return;
            }
            new CommandWalker(decoder, memory, s.engine(), new WalkListener() {
                @Override
                public void command(Command c, int depth) {
                    commands++;
                    walked.add(String.format("%s 0x%x 0x%08x", s.engine(), c.address(), c.dwords()[0]));
                    if (c.def() == null) {
                        unknown.add(String.format("0x%x: 0x%08x", c.address(), c.dwords()[0]));
                    } else if (c.def().name().endsWith("WALKER")) {
                        walkers++;
                    }
                }

                @Override
                public void problem(Problem p) {
                    problems.add(p);
                }
            }).walkRing(s);
        }

        @Override
        public void note(long fileOffset, String text) {
            notes.add(text);
        }

        @Override
        public void problem(Problem p) {
            problems.add(p);
        }

        static Decode of(String fixture) throws Exception {
            return of(CaptureFixtures.decompressed(fixture));
        }

        static Decode of(Path file) throws Exception {
            Decode d = new Decode();
            new AubReader().read(MappedBytes.map(file), d);
            return d;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "neo-dg2.aub.xz,        DG2,          gen125, 4, true",
            "neo-dg1-sysmem.aub.xz, DG1,          gen12,  4, true",
            "neo-pvc.aub.xz,        Ponte Vecchio, gen125, 4, true",
            "neo2-mtl.aub.xz,       Meteor Lake,  gen125, 4, false",
            "neo2-lnl.aub.xz,       Lunar Lake,   gen20,  5, false",
            "neo2-ptl.aub.xz,       Panther Lake, gen30,  5, false"})
    void decodesWithNoUnknownCommandAndAWalker(String fixture, String device, String spec, int levels,
            boolean localMemory) throws Exception {
        Decode d = Decode.of(fixture);
        assertThat(d.header.deviceName()).startsWith(device);
        assertThat(d.header.specName()).isEqualTo(spec);
        assertThat(d.submissions).isNotEmpty();
        assertThat(d.paging.levels()).isEqualTo(levels);
        assertThat(d.paging.localMemory()).isEqualTo(localMemory);
        assertThat(d.walkers).as(fixture + " walkers").isPositive();
        assertThat(d.problems).as(fixture + " problems other than unknown commands")
                .allMatch(p -> p.kind() == Problem.Kind.UNKNOWN_COMMAND);
        assertThat(d.unknown).as(fixture + " unknown commands").isEmpty();
        assertThat(d.problems).as(fixture + " problems").isEmpty();
        assertThat(d.notes).as(fixture + " notes").isEmpty();
    }

    /**
     * Mesa's dialect with local memory: a copy of the DG2 capture naming a DG2 PCI ID keeps its
     * local pages in address space 1 and its GGTT entries' local bit, and walks to the same commands.
     */
    @Test
    void dg2CopiedIntoMesasDialectWalksTheSameCommands(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("dg2-mesa.aub");
        AubCopy.copy(CaptureFixtures.decompressed("neo-dg2.aub.xz"), copy, 0x56a0);
        Decode original = Decode.of("neo-dg2.aub.xz");
        Decode mesa = Decode.of(copy);
        assertThat(mesa.header.dialect()).isEqualTo(Dialect.MESA);
        assertThat(mesa.paging).isEqualTo(new Paging(4, true));
        assertThat(mesa.problems).isEmpty();
        assertThat(mesa.walked).hasSizeGreaterThan(100).isEqualTo(original.walked);
    }

    /** The compute engine's submit queue, and the copy engine Panther Lake's capture also uses. */
    @Test
    void newerCapturesSubmitToTheComputeAndCopyEngines() throws Exception {
        assertThat(Decode.of("neo2-mtl.aub.xz").engines).containsExactly(Engine.COMPUTE);
        assertThat(Decode.of("neo2-ptl.aub.xz").engines).contains(Engine.COMPUTE, Engine.BLITTER);
    }

    /**
     * NEO 22.43 uploads DG2's kernels with the copy engine: an XY_BLOCK_COPY_BLT from a staging copy
     * in system memory into the ISA heap in local memory, whose pages the capture holds with host
     * bytes. With the copies carried out, the kernel each walker starts (instruction base
     * 0x800000000000 plus its kernel start pointer) reads as the staging bytes, from the file
     * offset of their memory write plus 0xc0 (the entry point) to the end of the staging copy.
     */
    @ParameterizedTest(name = "kernel 0x{0}")
    @CsvSource({"fffa00c0, 720192, 512", "fffe00c0, 12248, 768", "fffd00c0, 153832, 1088", "fff300c0, 1709660, 512"})
    void dg2KernelsReachTheirHeapThroughTheCopyEngine(String ksp, long fileOffset, int length) throws Exception {
        long address = 0x8000_0000_0000L + Long.parseLong(ksp, 16);
        Path file = CaptureFixtures.decompressed("neo-dg2.aub.xz");
        MappedBytes bytes = MappedBytes.map(file);
        int[] read = new int[length / 4];
        int[] got = {0};
        new AubReader().read(bytes, new AubListener() {
            @Override
            public void submission(Submission s, ContextMemory memory) {
                if (s.engine() != Engine.BLITTER && got[0] < read.length) {
                    got[0] = memory.read(io.genscope.spec.AddressSpace.PPGTT, address, read, 0, read.length);
                }
            }
        });
        int[] staged = new int[length / 4];
        bytes.getInts(fileOffset, staged, 0, staged.length);
        assertThat(got[0]).isEqualTo(read.length);
        assertThat(read).isEqualTo(staged);
    }

    /**
     * DG1 with local memory, NEO 22.43 told to keep the CPU out of local memory: the render
     * engine's ring in local memory starts batches that run PIPELINE_SELECT ... GPGPU_WALKER, some
     * of their pages in local memory (PPGTT bit 11). The blitter's context at GGTT 0x6000 shares its
     * local addresses with the first buffer's pages; NEO's comments keep them apart
     * ({@link NeoGen12LpLocalNumberings}), so the copy engine's submissions decode too and copy the
     * kernels into local memory: the walkers' kernel at PPGTT 0x7f1d7ff80000 then holds the 448
     * bytes of its staging copy in system memory (XY_BLOCK_COPY_BLT at byte offset 800112).
     */
    @Test
    void dg1WithLocalMemoryDecodesItsComputeStreamAndItsKernelCopies() throws Exception {
        Decode d = Decode.of("neo-dg1-lmem.aub.xz");
        assertThat(d.header.deviceName()).startsWith("DG1");
        assertThat(d.paging).isEqualTo(new Paging(4, true, true));
        assertThat(d.engines).containsExactlyInAnyOrder(Engine.RENDER, Engine.BLITTER);
        assertThat(d.unknown).isEmpty();
        assertThat(d.walkers).isPositive();
        assertThat(d.walked).anyMatch(c -> c.endsWith("0x69041310")); // PIPELINE_SELECT (GPGPU)
        assertThat(d.walked).anyMatch(c -> c.startsWith("BLITTER"));
        assertThat(d.problems).isEmpty();
        assertThat(d.notes).singleElement().asString().contains("\"ggtt:\" and \"ppgtt:\" comments told them apart");

        int[] kernel = new int[448 / 4];
        int[] staged = new int[kernel.length];
        int[] got = {0, 0};
        new AubReader().read(MappedBytes.map(CaptureFixtures.decompressed("neo-dg1-lmem.aub.xz")), new AubListener() {
            @Override
            public void submission(Submission s, ContextMemory memory) {
                if (s.engine() == Engine.RENDER && got[0] == 0) {
                    got[0] = memory.read(io.genscope.spec.AddressSpace.PPGTT, 0x7f1d7ff80000L, kernel, 0, kernel.length);
                    got[1] = memory.read(io.genscope.spec.AddressSpace.PPGTT, 0x5621f864fcc0L, staged, 0, staged.length);
                }
            }
        });
        assertThat(got).containsExactly(kernel.length, staged.length);
        assertThat(staged).as("the staging copy holds code").isNotEqualTo(new int[staged.length]);
        assertThat(kernel).isEqualTo(staged);
    }

    /**
     * NEO 22.43's DG1 capture places GGTT pages and PPGTT pages of local memory at the same local
     * addresses (both in address space 1): on Gen12LP NEO numbers GGTT pages with the system-memory
     * counter and local pages with local bank 0's, both from 0x1000, so a buffer's page (the data at
     * byte offset 99116) lands on the context image's local 0x7000. The comment NEO writes before
     * each allocation ("ggtt: ..." or "ppgtt: ...") tells the two apart: the context image keeps its
     * register state, and the render submission runs PIPELINE_SELECT ... GPGPU_WALKER with no
     * problem. The evidence, block by block: {@code tools/xcheck/README.md}.
     */
    @Test
    void dg1TellsItsTwoLocalNumberingsApartByNeosComments() throws Exception {
        Decode d = Decode.of("neo-dg1.aub.xz");
        assertThat(d.header.deviceName()).startsWith("DG1");
        assertThat(d.paging).isEqualTo(new Paging(4, true, true));
        assertThat(d.submissions).singleElement().satisfies(s -> assertThat(s.engine()).isEqualTo(Engine.RENDER));
        assertThat(d.unknown).isEmpty();
        assertThat(d.problems).isEmpty();
        assertThat(d.walkers).isPositive();
        assertThat(d.walked).anyMatch(c -> c.endsWith("0x69041310")); // PIPELINE_SELECT (GPGPU)
        assertThat(d.notes).containsExactly("local memory is numbered twice (NEO's GGTT pages and its PPGTT pages both"
                + " from 0x1000); NEO's \"ggtt:\" and \"ppgtt:\" comments told them apart (3 writes of GGTT pages)");
    }
}
