package io.genscope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/** The api over real captures and real runs: what a user of the library sees. */
class ApiTest {
    private static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"));
    private static final Pattern HEADER = Pattern.compile("^0x([0-9a-f]+):\\s+0x[0-9a-f]{8}:\\s+(\\S+)");

    @Test
    void specsLoadByDeviceGenerationAndPciId() {
        GenSpec skl = GenSpec.forDevice("SKL");
        assertThat(skl.name()).isEqualTo("gen9");
        assertThat(GenSpec.forDevice("gen12").name()).isEqualTo("gen12");
        assertThat(GenSpec.forPciId(0x1912)).map(GenSpec::name).contains("gen9");
        assertThat(GenSpec.forPciId(0xdead)).isEmpty();
        assertThat(GenSpec.devices()).contains("gen8", "skl", "tgl");
        assertThatThrownBy(() -> GenSpec.forDevice("voodoo2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("voodoo2");
        GenSpec.Command bbs = skl.command("MI_BATCH_BUFFER_START").orElseThrow();
        assertThat(bbs.engines()).contains(Engine.RENDER, Engine.BLITTER);
        assertThat(bbs.fields()).filteredOn(GenSpec.Field::address).extracting(GenSpec.Field::name)
                .containsExactly("Batch Buffer Start Address");
        assertThat(skl.command("NO_SUCH_COMMAND")).isEmpty();
        assertThat(skl.commandNames()).contains("PIPE_CONTROL", "3DSTATE_VS");
    }

    @Test
    void decodesABufferAndReportsDamageAsProblems() {
        Decoding d = Decoding.of(GenSpec.forDevice("skl"));
        int[] dwords = {0x7a000004, 0x00101001, 0, 0, 0, 0, 0x05000000};
        Decoded ok = d.decode(Engine.RENDER, dwords, 0x1000, AddressSpace.GGTT);
        assertThat(ok.clean()).isTrue();
        assertThat(ok.commands()).extracting(GpuCommand::name).containsExactly("PIPE_CONTROL", "MI_BATCH_BUFFER_END");
        assertThat(ok.commands()).extracting(GpuCommand::address).containsExactly(0x1000L, 0x1018L);
        GpuCommand pc = ok.commands().get(0);
        assertThat(pc.length()).isEqualTo(6);
        assertThat(pc.field("Command Type", -1)).isEqualTo(3);
        assertThat(pc.field("No such field", -7)).isEqualTo(-7);

        Decoded bad = d.decode(Engine.RENDER, new int[] {0xffffffff, 0x7a000004, 1}, 0x2000, AddressSpace.GGTT);
        assertThat(bad.problems()).extracting(Problem::kind).containsExactly(Problem.Kind.UNKNOWN_COMMAND,
                Problem.Kind.COMMAND_TRUNCATED);
        assertThat(bad.problems().get(0).at()).isEqualTo(0x2000L);
        assertThat(bad.problems().get(0).toString()).startsWith("at GPU address 0x2000: unknown command:");
        assertThat(bad.commands().get(1).truncated()).isTrue();
        assertThat(bad.commands().get(0).known()).isFalse();
    }

    @Test
    void walksABatchThroughMemoryAndDetectsALoop() {
        Decoding d = Decoding.of(GenSpec.forDevice("gen9"));
        // MI_BATCH_BUFFER_START (second level, GGTT) to 0x2000 at 0x1000; at 0x2000: MI_NOOP, MI_BATCH_BUFFER_END
        int[] first = {0x18800001 | (1 << 22), 0x2000, 0, 0x05000000};
        int[] all = new int[0x1010 / 4];
        System.arraycopy(first, 0, all, 0, first.length);
        all[0x1000 / 4] = 0;
        all[0x1004 / 4] = 0x05000000;
        GuestMemory mem = GuestMemory.of(AddressSpace.GGTT, 0x1000, all);
        Decoded w = d.walkBatch(mem, Engine.RENDER, 0x1000, AddressSpace.GGTT);
        assertThat(w.clean()).as("%s", w.problems()).isTrue();
        assertThat(w.commands()).extracting(c -> c.name() + "@" + c.depth()).containsExactly(
                "MI_BATCH_BUFFER_START@1", "MI_NOOP@2", "MI_BATCH_BUFFER_END@2", "MI_BATCH_BUFFER_END@1");
        assertThat(w.firstBatch()).extracting(GpuCommand::name).containsExactly("MI_NOOP", "MI_BATCH_BUFFER_END");
        assertThat(w.commands().get(0).addresses()).singleElement().satisfies(a -> {
            assertThat(a.address()).isEqualTo(0x2000L);
            assertThat(a.space()).isEqualTo(AddressSpace.GGTT);
        });

        int[] loop = {0x18800001 | (1 << 22), 0x1000, 0};
        Decoded l = d.walkBatch(GuestMemory.of(AddressSpace.GGTT, 0x1000, loop), Engine.RENDER, 0x1000, AddressSpace.GGTT);
        assertThat(l.problems()).extracting(Problem::kind).contains(Problem.Kind.LOOP);
        Decoded none = d.walkBatch(GuestMemory.EMPTY, Engine.RENDER, 0x1000, AddressSpace.GGTT);
        assertThat(none.commands()).isEmpty();
    }

    @Test
    void walksARingFromHeadToTailWrappingAtItsEnd() {
        Decoding d = Decoding.of(GenSpec.forDevice("skl"));
        long ring = 0x4000;
        int[] mem = new int[0x2000 / 4];                      // ring (4 KiB) at 0x4000, batch at 0x5000
        int at = 0xff8 / 4;                                   // head 8 bytes before the ring's end
        mem[at] = 0x18800001;                                 // MI_BATCH_BUFFER_START (first level, GGTT)
        mem[at + 1] = 0x5000;
        mem[0] = 0;                                           // wrapped: the start's last dword ...
        mem[1] = 0;                                           // ... then MI_NOOP, then the tail
        mem[0x1000 / 4] = 0x7a000004;                         // the batch: PIPE_CONTROL, MI_BATCH_BUFFER_END
        mem[0x1000 / 4 + 6] = 0x05000000;
        GuestMemory memory = GuestMemory.of(AddressSpace.GGTT, ring, mem);
        Submission s = new Submission(0, Engine.RENDER, 0x1000_0000_0000L, ring, 0xff8, 8, 4096, 0);
        Decoded w = d.walkRing(memory, s);
        assertThat(w.clean()).as("%s", w.problems()).isTrue();
        assertThat(w.commands()).extracting(c -> c.name() + "@" + c.depth() + " 0x" + Long.toHexString(c.address()))
                .containsExactly("MI_BATCH_BUFFER_START@1 0x4ff8", "PIPE_CONTROL@2 0x5000", "MI_BATCH_BUFFER_END@2 0x5018",
                        "MI_NOOP@1 0x4004");
        assertThat(w.commands().get(0).dwords()).containsExactly(0x18800001, 0x5000, 0);
        assertThat(w.firstBatch()).extracting(GpuCommand::name).containsExactly("PIPE_CONTROL", "MI_BATCH_BUFFER_END");
        assertThat(s.lrca()).isZero();
    }

    @Test
    void capturesFirstBatchMatchesAubinator() throws Exception {
        Capture cap = Capture.read(FIXTURES.resolve("captures/iris-skl.aub.xz"), 1);
        assertThat(cap.problems()).isEmpty();
        assertThat(cap.info().format()).isEqualTo("aub");
        assertThat(cap.info().pciId()).isEqualTo(0x1912);
        assertThat(cap.info().specName()).isEqualTo("gen9");
        assertThat(cap.executions()).hasSize(1);
        Capture.Execution e = cap.executions().get(0);
        assertThat(e.engine()).isEqualTo(Engine.RENDER);
        assertThat(e.submission()).isNotNull();
        List<GpuCommand> batch = e.decoded().firstBatch();
        assertThat(batch.size()).isGreaterThan(50);

        List<String> aubinator = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new XZInputStream(Files.newInputStream(
                FIXTURES.resolve("aubinator/iris-skl.aubinator-headers.txt.xz"))), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Matcher m = HEADER.matcher(line);
                if (m.find()) {
                    aubinator.add(Long.parseLong(m.group(1), 16) + " " + m.group(2));
                }
            }
        }
        // aubinator's first line is the ring's MI_BATCH_BUFFER_START, then the batch it starts
        List<String> ours = batch.stream().map(c -> c.address() + " " + c.name()).toList();
        assertThat(ours).isEqualTo(aubinator.subList(1, 1 + ours.size()));
        assertThat(e.decoded().commands().get(0).name()).isEqualTo("MI_BATCH_BUFFER_START");
    }

    @Test
    void capturesStreamAndDamagedFilesGiveProblems(@TempDir Path tmp) throws Exception {
        int[] count = {0};
        Capture c = Capture.stream(FIXTURES.resolve("captures/iris-skl.aub.xz"), null, e -> count[0]++);
        assertThat(c.executions()).isEmpty();
        assertThat(count[0]).isGreaterThan(1);
        assertThat(Capture.read(FIXTURES.resolve("captures/iris-skl.aub.xz")).executions()).hasSize(count[0]);

        Path junk = tmp.resolve("junk.bin");
        Files.write(junk, "hello, not a capture".getBytes(StandardCharsets.US_ASCII));
        Capture j = Capture.read(junk);
        assertThat(j.executions()).isEmpty();
        assertThat(j.problems()).extracting(Problem::kind).containsExactly(Problem.Kind.UNSUPPORTED);

        // a real capture cut in half: what is there still decodes, the cut is a problem
        byte[] whole;
        try (XZInputStream in = new XZInputStream(Files.newInputStream(FIXTURES.resolve("captures/iris-skl.aub.xz")))) {
            whole = in.readAllBytes();
        }
        Path cut = tmp.resolve("cut.aub");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2 + 3));
        Capture half = Capture.read(cut);
        assertThat(half.problems()).extracting(Problem::kind).contains(Problem.Kind.TRUNCATED);
        assertThat(half.executions()).isNotEmpty();
    }

    @Test
    void remapsAStreamAndReturnsTheRelocations() {
        GgttWindows w = GgttWindows.parse("0:256M", "256M:1G", "1G", "2G");
        assertThat(w.guestToHost(0x1000)).hasValue(0x4000_1000L);
        assertThat(w.guestToHost(0x1000_0000L + 8)).hasValue(0x8000_0008L);
        assertThat(w.guestToHost(0x5000_0000L)).isEmpty();
        assertThat(w.hostToGuest(0x4000_1000L)).hasValue(0x1000L);
        assertThatThrownBy(() -> new GgttWindows(0, 4096, 0, 4096, 1 << 20, 2 << 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");

        Remapper r = Remapper.of(GenSpec.forDevice("skl"), w);
        // MI_BATCH_BUFFER_START to guest 0x2000 (GGTT), then one to 0x7000_0000 (outside both windows)
        int[] in = {0x18800001, 0x2000, 0, 0x18800001, 0x7000_0000, 0, 0x05000000};
        Remapped out = r.rewrite(Engine.RENDER, in, 0x1000, AddressSpace.GGTT);
        assertThat(out.relocationCount()).isEqualTo(1);
        Remapped.Relocation x = out.relocations().get(0);
        assertThat(x.command()).isEqualTo("MI_BATCH_BUFFER_START");
        assertThat(x.field()).isEqualTo("Batch Buffer Start Address");
        assertThat(x.oldValue()).isEqualTo(0x2000L);
        assertThat(x.newValue()).isEqualTo(0x4000_2000L);
        assertThat(x.offset()).isEqualTo(4L);
        assertThat(x.address()).isEqualTo(0x1000L);
        assertThat(out.dwords()[1]).isEqualTo(0x4000_2000);
        assertThat(out.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Remapped.Finding.Kind.OUTSIDE_WINDOWS);
            assertThat(f.value()).isEqualTo(0x7000_0000L);
        });
        assertThat(out.dwords()[4]).isEqualTo(0x7000_0000);
        assertThat(out.commands()).isEqualTo(3);
        assertThat(in[1]).as("input untouched").isEqualTo(0x2000);

        Remapped ppgtt = r.rewrite(Engine.RENDER, in, 0x1000, AddressSpace.PPGTT);
        assertThat(ppgtt.dwords()).containsExactly(in);
        assertThat(ppgtt.relocations()).isEmpty();
    }

    @Test
    void remapsAWholeCaptureAndTheResultDecodesAtTheHostAddresses(@TempDir Path tmp) throws Exception {
        Path in = FIXTURES.resolve("captures/iris-skl.aub.xz");
        Remapper r = Remapper.of(GenSpec.forDevice("skl"), GgttWindows.parse("0:256M", "256M:1G", "1G", "2G"));
        Path out = tmp.resolve("host.aub");
        Remapped.OfCapture done = r.rewriteCapture(in, out, true);
        assertThat(done.written()).isTrue();
        assertThat(done.problems()).isEmpty();
        assertThat(done.findingCount()).isZero();
        assertThat(done.relocationCount()).isGreaterThan(10).isEqualTo(done.relocations().size());
        assertThat(done.relocations()).allSatisfy(x -> assertThat(x.newValue() - x.oldValue())
                .isIn(0x4000_0000L, 0x8000_0000L - 0x1000_0000L));

        Capture before = Capture.read(in, 1);
        Capture after = Capture.read(out, 1);
        assertThat(after.problems()).isEmpty();
        GpuCommand b = before.executions().get(0).decoded().commands().get(0);
        GpuCommand a = after.executions().get(0).decoded().commands().get(0);
        assertThat(a.name()).isEqualTo(b.name()).isEqualTo("MI_BATCH_BUFFER_START");
        assertThat(a.address()).isEqualTo(b.address() + 0x4000_0000L);
        assertThat(after.executions().get(0).decoded().firstBatch()).extracting(GpuCommand::name)
                .isEqualTo(before.executions().get(0).decoded().firstBatch().stream().map(GpuCommand::name).toList());

        // strict: a window map that leaves the capture's addresses outside writes nothing
        Remapper narrow = Remapper.of(GenSpec.forDevice("skl"), GgttWindows.parse("0x100000:1M", "256M:1G", "1G", "2G"));
        Path none = tmp.resolve("none.aub");
        Remapped.OfCapture refused = narrow.rewriteCapture(in, none, true);
        assertThat(refused.written()).isFalse();
        assertThat(refused.findingCount()).isPositive();
        assertThat(Files.exists(none)).isFalse();
    }

    @Test
    void dirtyTrackerFindsExactlyThePagesWritten() {
        long seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("ApiTest.dirtyTrackerFindsExactlyThePagesWritten seed=" + seed
                + " (rerun with -Dgenscope.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        for (ByteBuffer image : List.of(ByteBuffer.allocate(256 * 4096), ByteBuffer.allocateDirect(256 * 4096))) {
            for (int i = 0; i < image.capacity(); i += 8) {
                image.putLong(i, rnd.nextLong());
            }
            DirtyTracker t = DirtyTracker.over(image);
            assertThat(t.pageCount()).isEqualTo(256);
            assertThat(t.hasSnapshot()).isFalse();
            assertThat(t.changedPages()).hasSize(256);
            t.snapshot();
            assertThat(t.changedPages()).isEmpty();
            java.util.TreeSet<Integer> written = new java.util.TreeSet<>();
            for (int k = 0; k < 20; k++) {
                int page = rnd.nextInt(256);
                int at = page * 4096 + rnd.nextInt(4096);
                byte old = image.get(at);
                image.put(at, (byte) (old ^ (1 + rnd.nextInt(255))));
                written.add(page);
            }
            assertThat(t.changedPages()).containsExactly(written.stream().mapToInt(Integer::intValue).toArray());
            assertThat(t.changed(written.first())).isTrue();
            t.snapshot();
            assertThat(t.changedPages()).isEmpty();
        }
        assertThatThrownBy(() -> DirtyTracker.over(ByteBuffer.allocate(4097))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void migratesASyntheticVgpuToAFileAndTheRecordingRestores(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("run.gsmig");
        MigrationResult r = LiveMigration.of(LiveMigration.Source.synthetic("memory=16M,graphics=4M,gpu-hot=1M,cpu-hot=1M"))
                .policy(LiveMigration.Policy.GMIG).verify(true).warmup(50).to(LiveMigration.Target.file(file));
        assertThat(r.succeeded()).as(r.error()).isTrue();
        assertThat(r.policy()).isEqualTo("gmig");
        assertThat(r.verification()).isEqualTo(MigrationResult.Verification.MATCHED);
        assertThat(r.memoryBytes()).isEqualTo(16L << 20);
        assertThat(r.pagesSent()).isGreaterThanOrEqualTo((16L << 20) / 4096);
        assertThat(r.report()).contains("Migration status: completed");
        LiveMigration.RecordingCheck c = LiveMigration.checkRecording(file);
        assertThat(c.committed()).as(c.refusal()).isTrue();
        assertThat(c.pages()).isEqualTo(r.pagesSent());
        assertThat(c.refusal()).isEmpty();

        byte[] bytes = Files.readAllBytes(file);
        Path cut = tmp.resolve("cut.gsmig");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        LiveMigration.RecordingCheck bad = LiveMigration.checkRecording(cut);
        assertThat(bad.committed()).isFalse();
        assertThat(bad.refusal()).isNotEmpty();

        assertThat(LiveMigration.Source.synthetic("memory=32M,graphics=8M")).isNotNull();   // hot sets scale down
        assertThatThrownBy(() -> LiveMigration.Source.synthetic("memory=32M,graphics=8M,gpu-hot=64M"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpu-hot");
        assertThatThrownBy(() -> LiveMigration.Source.synthetic("memory=banana")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LiveMigration.Target.tcp("h", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LiveMigration.of(LiveMigration.Source.synthetic("")).bandwidth("fast"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void migratesToATcpDestination() throws Exception {
        io.genscope.migration.transport.Destination.Result[] got = new io.genscope.migration.transport.Destination.Result[1];
        try (io.genscope.migration.transport.ReceiverServer server = new io.genscope.migration.transport.ReceiverServer(
                "127.0.0.1", 0, io.genscope.migration.transport.Destination.Options.DEFAULT, 30_000)) {
            Thread t = new Thread(() -> {
                try {
                    server.serve(1, r -> got[0] = r);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.start();
            MigrationResult r = LiveMigration.of(LiveMigration.Source.synthetic("memory=8M,graphics=2M,gpu-hot=1M"))
                    .policy(LiveMigration.Policy.PRECOPY).verify(true).warmup(20)
                    .to(LiveMigration.Target.tcp("127.0.0.1", server.port()));
            t.join(60_000);
            assertThat(r.succeeded()).as(r.error()).isTrue();
            assertThat(r.verification()).isEqualTo(MigrationResult.Verification.MATCHED);
            assertThat(got[0]).isNotNull();
            assertThat(got[0].committed()).isTrue();
        }
    }

    @Test
    void closedSetsMirrorTheEnginesOnesName() {
        for (io.genscope.parser.capture.Problem.Kind k : io.genscope.parser.capture.Problem.Kind.values()) {
            assertThat(Problem.Kind.valueOf(k.name()).isAddress()).isEqualTo(k.isAddress());
        }
        assertThat(Problem.Kind.values()).hasSameSizeAs(io.genscope.parser.capture.Problem.Kind.values());
        for (io.genscope.spec.Engine e : io.genscope.spec.Engine.values()) {
            assertThat(Engine.of(e).internal()).isEqualTo(e);
        }
        assertThat(Engine.parse("vecs0")).isEqualTo(Engine.VIDEOENHANCE);
        assertThat(Engine.RENDER.label()).isEqualTo("render");
        for (io.genscope.rewriter.Finding.Kind k : io.genscope.rewriter.Finding.Kind.values()) {
            assertThat(Remapped.Finding.Kind.valueOf(k.name()).name()).isEqualTo(k.name());
        }
        for (LiveMigration.Policy p : LiveMigration.Policy.values()) {
            assertThat(p.internal().cliName()).isEqualTo(p.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        for (io.genscope.migration.policy.Policy p : io.genscope.migration.policy.Policy.values()) {
            assertThat(LiveMigration.Policy.valueOf(p.name()).internal()).as("every engine policy in the api").isEqualTo(p);
        }
        for (LiveMigration.Compression c : LiveMigration.Compression.values()) {
            assertThat(c.internal().name()).isEqualTo(c.name());
        }
        assertThat(LiveMigration.Compression.values()).hasSameSizeAs(io.genscope.migration.compress.Compression.values());
    }

    @Test
    void migratesCompressedWithTheGenscopePolicyAndReportsTheVgpuStall(@TempDir Path tmp) throws Exception {
        MigrationResult r = LiveMigration.of(LiveMigration.Source.synthetic("memory=16M,graphics=4M,gpu-hot=1M,cpu-hot=1M"))
                .policy(LiveMigration.Policy.GENSCOPE).compress(LiveMigration.Compression.LZ4).verify(true).warmup(50)
                .to(LiveMigration.Target.file(tmp.resolve("c.gsmig")));
        assertThat(r.succeeded()).as(r.error()).isTrue();
        assertThat(r.verification()).isEqualTo(MigrationResult.Verification.MATCHED);
        assertThat(r.report()).contains("compression: lz4");
        assertThat(r.gpuStallMs()).as("the vGPU is held before the vCPUs stop").isGreaterThan(r.downtimeMs());
    }
}
