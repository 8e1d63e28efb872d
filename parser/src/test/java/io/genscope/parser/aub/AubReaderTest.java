package io.genscope.parser.aub;

import static io.genscope.parser.aub.GpuScenario.BATCH_VA;
import static io.genscope.parser.aub.GpuScenario.BB_START_PPGTT;
import static io.genscope.parser.aub.GpuScenario.PIPE_CONTROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Problem.Kind;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader on synthetic files. */
class AubReaderTest {

    /** Keeps everything the reader reports; copies the first ring and batch dwords at each submission. */
    static final class Log implements AubListener {
        final List<AubHeader> headers = new ArrayList<>();
        final List<String> comments = new ArrayList<>();
        final List<Submission> submissions = new ArrayList<>();
        final List<int[]> rings = new ArrayList<>();
        final List<int[]> batches = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        /** GGTT addresses to read three dwords from at each submission. */
        long[] probes = {};
        final List<int[]> probed = new ArrayList<>();

        @Override
        public void header(AubHeader header) {
            headers.add(header);
        }

        @Override
        public void comment(long fileOffset, String text) {
            comments.add(fileOffset + ":" + text);
        }

        @Override
        public void submission(Submission s, ContextMemory memory) {
            submissions.add(s);
            int[] ring = new int[4];
            rings.add(Arrays.copyOf(ring, memory.read(AddressSpace.GGTT, s.ringStart() + s.ringHead(), ring, 0, 4)));
            int[] batch = new int[8];
            batches.add(Arrays.copyOf(batch, memory.read(AddressSpace.PPGTT, BATCH_VA, batch, 0, 8)));
            for (long a : probes) {
                int[] d = new int[3];
                probed.add(Arrays.copyOf(d, memory.read(AddressSpace.GGTT, a, d, 0, 3)));
            }
        }

        @Override
        public void problem(Problem problem) {
            problems.add(problem);
        }
    }

    private static AubSummary read(AubBuilder b, Log log) {
        return new AubReader().read(b.mapped(), log);
    }

    private static AubBuilder scenario() {
        return GpuScenario.setUp(new AubBuilder().version("PCI-ID=0x1912 test app"));
    }

    @Test
    void elspSubmissionReadsContextRingAndBatch() {
        AubBuilder b = GpuScenario.submitElsp(scenario(), 0x2000);
        Log log = new Log();
        AubSummary s = read(b, log);

        assertThat(s.problems()).isEmpty();
        assertThat(s.pciId()).isEqualTo(0x1912);
        assertThat(s.applicationName()).isEqualTo("test app");
        assertThat(s.dialect()).isEqualTo(Dialect.MESA);
        assertThat(s.submissions()).isEqualTo(1);
        Submission sub = log.submissions.get(0);
        assertThat(sub).isEqualTo(new Submission(0, Engine.RENDER, GpuScenario.DESCRIPTOR, GpuScenario.RING, 0, 16,
                4096, GpuScenario.PML4, b.size() - 24));
        assertThat(log.rings.get(0)).containsExactly(BB_START_PPGTT, (int) BATCH_VA, (int) (BATCH_VA >>> 32), 0);
        assertThat(log.batches.get(0)).startsWith(PIPE_CONTROL).hasSize(8);
    }

    @Test
    void elsqSubmissionAndEngineBases() {
        AubBuilder b = scenario();
        int[] bases = {0x2000, 0x12000, 0x22000, 0x1A000, 0x1C0000, 0x1C8000};
        for (int base : bases) {
            GpuScenario.submitElsq(b, base);
        }
        b.register(0x2550, 0); // a control write without bit 0 submits nothing
        Log log = new Log();
        AubSummary s = read(b, log);

        assertThat(s.problems()).isEmpty();
        assertThat(log.submissions).extracting(Submission::engine).containsExactly(Engine.RENDER, Engine.VIDEO,
                Engine.BLITTER, Engine.VIDEOENHANCE, Engine.VIDEO, Engine.VIDEOENHANCE);
        assertThat(log.submissions).extracting(Submission::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(log.rings).allSatisfy(r -> assertThat(r).startsWith(BB_START_PPGTT));
    }

    @Test
    void qwordRegisterWriteFillsBothQueueHalves() {
        AubBuilder b = scenario().register64(0x2510, GpuScenario.DESCRIPTOR).register(0x2550, 1);
        Log log = new Log();
        read(b, log);
        assertThat(log.submissions).singleElement().extracting(Submission::descriptor).isEqualTo(GpuScenario.DESCRIPTOR);
    }

    @Test
    void submissionSeesMemoryAsItWasThen() {
        AubBuilder b = scenario();
        GpuScenario.submitElsp(b, 0x2000);
        GpuScenario.ring(b, 0x11111111);
        GpuScenario.submitElsp(b, 0x2000);
        Log log = new Log();
        read(b, log);
        assertThat(log.rings).extracting(r -> r[0]).containsExactly(BB_START_PPGTT, 0x11111111);
    }

    @Test
    void submissionWithUnmappedContextIsAProblem() {
        AubBuilder b = new AubBuilder().version("PCI-ID=0x1912 x");
        GpuScenario.submitElsp(b, 0x2000);
        Log log = new Log();
        AubSummary s = read(b, log);
        assertThat(s.submissions()).isZero();
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(p.message()).contains("context image").contains("0x3000");
        });
    }

    @Test
    void descriptorWithoutValidBitIsIgnored() {
        AubBuilder b = scenario().register(0x2230, 0).register(0x2230, 0).register(0x2230, 0).register(0x2230, 0x2000);
        AubSummary s = read(b, new Log());
        assertThat(s.submissions()).isZero();
        assertThat(s.problems()).extracting(Problem::kind).containsExactly(Kind.CORRUPT);
    }

    @Test
    void headersAndComments() {
        AubBuilder b = new AubBuilder().version("NEO").comment("hello").version("PCI-ID=6418 app");
        Log log = new Log();
        AubSummary s = read(b, log);
        assertThat(log.headers).extracting(AubHeader::dialect).containsExactly(Dialect.NEO, Dialect.MESA);
        assertThat(log.headers.get(0).applicationName()).isEqualTo("NEO");
        assertThat(log.headers.get(0).simulatorDevice()).isEqualTo(12);
        assertThat(log.headers.get(1).pciId()).isEqualTo(6418);
        assertThat(log.comments).containsExactly("24:hello");
        // the summary names the first header
        assertThat(s.dialect()).isEqualTo(Dialect.NEO);
        assertThat(s.pciId()).isZero();
    }

    @Test
    void classicHeader() {
        int[] p = new int[20];
        p[0] = 0xE0850000 | (p.length - 2);
        p[1] = 4 << 24;
        byte[] name = "legacy".getBytes();
        String comment = "PCI-ID=0x0166";
        p[12] = comment.length();
        byte[] bytes = AubBuilder.bytes(p);
        System.arraycopy(name, 0, bytes, 8, name.length);
        System.arraycopy(comment.getBytes(), 0, bytes, 52, comment.length());
        AubSummary s = read(new AubBuilder().rawBytes(bytes), new Log());
        assertThat(s.problems()).isEmpty();
        assertThat(s.dialect()).isEqualTo(Dialect.CLASSIC);
        assertThat(s.pciId()).isEqualTo(0x0166);
        assertThat(s.applicationName()).isEqualTo("legacy");
    }

    @Test
    void ggttWriteWithoutEntryIsDroppedAndReported() {
        AubBuilder b = new AubBuilder().ggttEntries(0x5000, 0x9000).write(0, 0x5ff8, 1, 2, 3, 4);
        AubSummary s = read(b, new Log());
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(p.message()).contains("8 of its 16 bytes");
        });
        assertThat(s.physicalPages()).isEqualTo(1);
    }

    @Test
    void unknownKindsAreReportedOncePerKind() {
        AubBuilder b = new AubBuilder().memtrace(0xF7070000, 1).memtrace(0xF7070000, 2).memtrace(0xF7090000, 3)
                .memtrace(0xF7070000);
        Log log = new Log();
        AubSummary s = read(b, log);
        assertThat(s.count(PacketKind.FRAME_BEGIN)).isEqualTo(3);
        assertThat(s.count(PacketKind.DELAY)).isEqualTo(1);
        assertThat(s.problems()).extracting(Problem::kind).containsExactly(Kind.UNSUPPORTED, Kind.UNSUPPORTED);
        assertThat(s.problems()).extracting(Problem::offset).containsExactly(0L, 16L);
    }

    @Test
    void truncatedPacketStopsWithItsOffset() {
        AubBuilder b = GpuScenario.submitElsp(scenario(), 0x2000);
        int cut = b.size();
        b.write(2, 0x400000, new byte[4096]);
        byte[] all = b.bytes();
        AubSummary s = new AubReader().read(MappedBytes.wrap(Arrays.copyOf(all, cut + 100)), new Log());
        assertThat(s.submissions()).isEqualTo(1);
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.TRUNCATED);
            assertThat(p.offset()).isEqualTo(cut);
        });
        assertThat(s.bytesRead()).isEqualTo(cut);
    }

    @Test
    void trailingBytesAndEmptyFile() {
        AubSummary s = new AubReader().read(MappedBytes.wrap(new byte[] {1, 2}), new Log());
        assertThat(s.problems()).extracting(Problem::kind).containsExactly(Kind.TRUNCATED);
        AubSummary empty = new AubReader().read(MappedBytes.wrap(new byte[0]), new Log());
        assertThat(empty.problems()).extracting(Problem::kind).containsExactly(Kind.TRUNCATED);
        assertThat(empty.dialect()).isEqualTo(Dialect.UNKNOWN);
    }

    @Test
    void garbageBetweenPacketsIsSkipped() {
        AubBuilder b = scenario().raw(0xdeadbeef, 0, 0x12345678);
        int garbageAt = b.size() - 12;
        GpuScenario.submitElsp(b, 0x2000);
        AubSummary s = read(b, new Log());
        assertThat(s.submissions()).isEqualTo(1);
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(p.offset()).isEqualTo(garbageAt);
            assertThat(p.message()).contains("0xdeadbeef").contains("skipped 12 bytes");
        });
    }

    @Test
    void garbageAtTheEndStops() {
        AubSummary s = read(new AubBuilder().version("NEO").raw(1, 2, 3), new Log());
        assertThat(s.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("stopped"));
    }

    @Test
    void memoryWriteWhoseSizeDisagreesWithItsLength() {
        // says 64 data bytes, holds 4
        AubBuilder b = new AubBuilder().memtrace(AubBuilder.MEMORY_WRITE, 0x1000, 0, 2 << 28, 64, 0xabcd)
                .memtrace(AubBuilder.MEMORY_WRITE).comment("after");
        Log log = new Log();
        AubSummary s = read(b, log);
        assertThat(s.problems()).extracting(Problem::kind).containsExactly(Kind.CORRUPT, Kind.CORRUPT);
        assertThat(s.problems()).extracting(Problem::offset).containsExactly(0L, 24L);
        assertThat(s.physicalPages()).isZero();
        assertThat(log.comments).hasSize(1);
    }

    @Test
    void writeLongerThanTheLengthFieldCanSay() {
        byte[] data = new byte[300 * 1024];
        data[data.length - 1] = 7;
        AubBuilder b = new AubBuilder().write(2, 0, data).comment("after");
        byte[] bytes = b.bytes();
        int dwords = 5 + data.length / 4;
        int dword0 = AubBuilder.MEMORY_WRITE | ((dwords - 1) & 0xffff);
        System.arraycopy(AubBuilder.bytes(dword0), 0, bytes, 0, 4);
        Log log = new Log();
        AubSummary s = new AubReader().read(MappedBytes.wrap(bytes), log);
        assertThat(s.problems()).isEmpty();
        assertThat(s.physicalPages()).isEqualTo(75);
        assertThat(log.comments).hasSize(1);
    }

    @Test
    void discontiguousWrite() {
        int[] p = new int[191 + 3];
        p[1] = (2 << 28) | (2 << 4); // physical, two entries
        p[2] = 0x5000;
        p[4] = 4;
        p[5] = 0x7004;
        p[7] = 8;
        p[191] = 0x11;
        p[192] = 0x22;
        p[193] = 0x33;
        AubBuilder b = scenario().memtrace(AubBuilder.DISCONTIGUOUS, Arrays.copyOfRange(p, 1, p.length))
                .ggttEntries(0x10000, 0x5000, 0x7000);
        GpuScenario.submitElsp(b, 0x2000);
        Log log = new Log();
        log.probes = new long[] {0x10000, 0x11000};
        AubSummary s = read(b, log);
        assertThat(s.problems()).isEmpty();
        assertThat(log.probed).containsExactly(new int[] {0x11, 0, 0}, new int[] {0, 0x22, 0x33});
    }

    @Test
    void ggttWritesLandInPhysicalMemoryThroughThePte() {
        AubBuilder b = scenario().ggttEntries(0x40000, 0x8000 | 1, 0x6000).write(0, 0x40ffc, 0xa, 0xb);
        GpuScenario.submitElsp(b, 0x2000);
        Log log = new Log();
        log.probes = new long[] {0x40ff8, 0x41000, 0x50000};
        AubSummary s = read(b, log);
        assertThat(s.problems()).isEmpty();
        // 0x41000 has an entry without its valid bit: still mapped; 0x50000 has no entry
        assertThat(log.probed).containsExactly(new int[] {0, 0xa, 0xb}, new int[] {0xb, 0, 0}, new int[0]);
    }

    @Test
    void unsupportedAddressSpaceIsReportedOnce() {
        AubBuilder b = new AubBuilder().write(5, 0x1000, 1).write(5, 0x2000, 2).write(7, 0, 3);
        AubSummary s = read(b, new Log());
        assertThat(s.problems()).extracting(Problem::message).containsExactly(
                "memory writes to address space 5 are skipped", "memory writes to address space 7 are skipped");
    }

    @Test
    void heapBudgetStopsReading() {
        AubBuilder b = new AubBuilder();
        for (int i = 0; i < 200; i++) {
            b.write(2, 0x10000L * i + 8, 1);
        }
        AubSummary s = new AubReader(64 * 4096).read(b.mapped(), new Log());
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.UNSUPPORTED);
            assertThat(p.message()).contains("heap budget");
        });
        assertThat(s.bytesRead()).isLessThan(b.size());
    }

    @Test
    void problemsAreCapped() {
        AubBuilder b = new AubBuilder();
        for (int i = 0; i < 3000; i++) {
            b.memtrace(AubBuilder.MEMORY_WRITE); // too short
        }
        Log log = new Log();
        AubSummary s = read(b, log);
        assertThat(s.problems()).hasSize(ProblemLog.LIMIT + 1);
        assertThat(s.problems().get(ProblemLog.LIMIT).message()).startsWith("2000 more problems");
        assertThat(log.problems).isEqualTo(s.problems());
    }

    @Test
    void listenerExceptionsPassThrough() {
        AubBuilder b = new AubBuilder().comment("x");
        assertThatThrownBy(() -> new AubReader().read(b.mapped(), new AubListener() {
            @Override
            public void comment(long fileOffset, String text) {
                throw new IllegalStateException("boom");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }
}
