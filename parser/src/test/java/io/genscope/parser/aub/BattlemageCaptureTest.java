package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.Paging;
import io.genscope.parser.memory.PhysicalMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A SYNTHETIC Battlemage capture ({@code fixtures/captures/synthetic-bmg.aub.xz}): the Lunar Lake
 * capture's workload re-expressed by {@code tools/xcheck/aubstream-bmg.py} as Intel's aubstream
 * writes a discrete Xe2 part (device 43, page tables and GGTT pages in local memory, 64 KiB pages in
 * compact page tables, leaf bit 11; the facts: {@code tools/xcheck/README.md}, "aubstream on
 * discrete parts"). No Battlemage and no aubstream made it.
 */
class BattlemageCaptureTest {
    private static final String BMG = "synthetic-bmg.aub.xz";
    private static final String LNL = "neo2-lnl.aub.xz";
    /** Batches of the kernel launch (PPGTT), and the compute engine's ring (GGTT). */
    private static final long BATCH = 0x55de_80ec_8000L;
    private static final long RING = 0x20000;

    @Test
    void decodesWithoutGenAsBattlemageWithNoUnknownCommandAndAWalker() throws Exception {
        LocalMemoryCaptureTest.Decode d = LocalMemoryCaptureTest.Decode.of(BMG);
        assertThat(d.header.dialect()).isEqualTo(Dialect.NEO);
        assertThat(d.header.deviceName()).isEqualTo("Battlemage (bmg, AUB device 43)");
        assertThat(d.header.specName()).isEqualTo("gen20");
        assertThat(d.paging).isEqualTo(new Paging(5, true));
        assertThat(d.engines).containsExactly(Engine.COMPUTE);
        assertThat(d.problems).isEmpty();
        assertThat(d.unknown).isEmpty();
        assertThat(d.walkers).isPositive();
    }

    /** The command stream is the Lunar Lake capture's, command by command (the virtual addresses were kept too). */
    @Test
    void walksTheSameCommandsAsTheLunarLakeCapture() throws Exception {
        LocalMemoryCaptureTest.Decode bmg = LocalMemoryCaptureTest.Decode.of(BMG);
        LocalMemoryCaptureTest.Decode lnl = LocalMemoryCaptureTest.Decode.of(LNL);
        assertThat(bmg.walked).hasSizeGreaterThan(40).isEqualTo(lnl.walked);
        assertThat(bmg.submissions).extracting(Submission::descriptor)
                .isEqualTo(lnl.submissions.stream().map(Submission::descriptor).toList());
    }

    /** The ring, its context and the batches are read from local memory, a host buffer from system memory. */
    @Test
    void ringAndBatchesLiveInLocalMemory() throws Exception {
        List<long[]> seen = new ArrayList<>();
        new AubReader().read(io.genscope.parser.memory.MappedBytes.map(CaptureFixtures.decompressed(BMG)), new AubListener() {
            @Override
            public void submission(Submission s, ContextMemory memory) {
                seen.add(new long[] {memory.translate(AddressSpace.GGTT, RING), memory.translate(AddressSpace.PPGTT, BATCH),
                    memory.pml4()});
            }
        });
        assertThat(seen).isNotEmpty().allSatisfy(p -> {
            assertThat(p[0] & PhysicalMemory.LOCAL).as("ring page").isNotZero();
            assertThat(p[1] & PhysicalMemory.LOCAL).as("batch page").isNotZero();
            assertThat(p[2]).as("PML5, the first page of local memory: 32 GiB / 256").isEqualTo(0x800_0000L);
        });
    }

    /**
     * aubstream's packets that change no memory: an expected-memory compare (0x2e/0x04), a surface
     * dump request (0x2e/0x10) and a buffer dump request (classic 0x15) are read and skipped quietly.
     */
    @Test
    void comparesAndDumpRequestsAreNoProblem() {
        AubBuilder b = new AubBuilder().version(43, "", "NEO")
                .memtrace(0xF7040000, 0x1000, 0, 0x10000000, 4, 0x1234)
                .memtrace(0xF7100000, new int[20])
                .raw(0xE095000a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                .comment("after");
        List<io.genscope.parser.capture.Problem> problems = new ArrayList<>();
        AubSummary s = new AubReader().read(b.mapped(), new AubListener() {
            @Override
            public void problem(io.genscope.parser.capture.Problem p) {
                problems.add(p);
            }
        });
        assertThat(problems).isEmpty();
        assertThat(s.count(PacketKind.MEMORY_COMPARE)).isEqualTo(1);
        assertThat(s.count(PacketKind.DUMP_COMPRESS)).isEqualTo(1);
        assertThat(s.count(PacketKind.BINARY_DUMP)).isEqualTo(1);
        assertThat(s.count(PacketKind.COMMENT)).isEqualTo(1);
    }

    /**
     * aubstream submits a context group through all 8 slots of the compute engine's submit queue
     * before EXECLIST_CONTROL: each non-zero slot is a submission, in slot order; zero slots are none.
     */
    @Test
    void everyFilledSlotOfTheSubmitQueueIsASubmission() {
        ExeclistPorts ports = new ExeclistPorts();
        ports.useLayoutOf("gen20");
        int[] slots = {0x30119, 0, 0x40119, 0, 0, 0, 0x50119, 0x1, 0, 0, 0, 0, 0, 0, 0, 0};
        for (int i = 0; i < slots.length; i++) {
            assertThat(ports.write(0x1a510 + 4 * i, slots[i])).isNull();
        }
        assertThat(ports.write(0x1a550, 1)).isEqualTo(new ExeclistPorts.Submit(Engine.COMPUTE, 0x30119));
        assertThat(ports.later()).isEqualTo(new ExeclistPorts.Submit(Engine.COMPUTE, 0x40119));
        assertThat(ports.later()).isEqualTo(new ExeclistPorts.Submit(Engine.COMPUTE, 0x1_0005_0119L));
        assertThat(ports.later()).isNull();
        ports.write(0x1a510, 0x60119);
        assertThat(ports.write(0x1a550, 1)).isEqualTo(new ExeclistPorts.Submit(Engine.COMPUTE, 0x60119));
        assertThat(ports.later()).as("the queue was loaded: old slots are not submitted again").isNull();
    }
}
