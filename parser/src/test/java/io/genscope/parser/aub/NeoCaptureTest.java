package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.AubFormat;
import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The NEO dialect on our two captures from Intel's compute runtime (fixtures/captures/neo-*.aub.xz,
 * written by intel-opencl-icd 22.43 in AUB mode for one kernel): no PCI ID, the product named by
 * the simulator device number, page tables written in address spaces 6/8/9/10, submission through
 * ELSP (skl) or ELSQ (tgllp) on the render engine.
 */
class NeoCaptureTest {

    /** Everything a decode of the capture produced. */
    private static final class Decoded implements CaptureListener {
        final List<CaptureInfo> infos = new ArrayList<>();
        final List<Submission> submissions = new ArrayList<>();
        final List<String> comments = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        final List<String> commands = new ArrayList<>();
        int unknown;

        @Override
        public void info(CaptureInfo info) {
            infos.add(info);
        }

        @Override
        public void comment(long offset, String text) {
            comments.add(text);
        }

        @Override
        public void problem(Problem problem) {
            problems.add(problem);
        }

        @Override
        public void submission(Submission s, GpuMemory memory, long acthd) {
            submissions.add(s);
            Decoder decoder = new Decoder(SpecLoader.builtin(infos.get(0).specName()));
            new CommandWalker(decoder, memory, s.engine(), new WalkListener() {
                @Override
                public void command(Command c, int depth) {
                    if (c.def() == null) {
                        unknown++;
                    } else {
                        commands.add(c.def().name());
                    }
                }

                @Override
                public void problem(Problem p) {
                    problems.add(p);
                }
            }).walkRing(s);
        }
    }

    private static Decoded decode(String capture) throws IOException {
        Decoded d = new Decoded();
        new AubFormat().read(CaptureFixtures.decompressed(capture), d);
        return d;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "neo-skl.aub.xz,   12, gen9,  'Skylake (skl, AUB device 12)',          GPGPU_WALKER",
        "neo-tgllp.aub.xz, 22, gen12, 'Tiger Lake LP (tgllp, AUB device 22)', GPGPU_WALKER"})
    void decodesCompletelyWithTheDeviceFromTheVersionPacket(String capture, int device, String spec, String name,
            String walker) throws IOException {
        Decoded d = decode(capture);

        assertThat(d.problems).isEmpty();
        assertThat(d.infos).singleElement().satisfies(i -> {
            assertThat(i.pciId()).isZero();
            assertThat(i.specName()).isEqualTo(spec);
            assertThat(i.deviceName()).isEqualTo(name);
            assertThat(i.application()).isEqualTo("NEO");
        });
        assertThat(d.submissions).singleElement().satisfies(s -> {
            assertThat(s.engine()).isEqualTo(Engine.RENDER);
            assertThat(s.descriptor()).isEqualTo(0x6119);
        });
        assertThat(d.unknown).as("unknown commands").isZero();
        assertThat(d.commands).contains(walker, "MEDIA_INTERFACE_DESCRIPTOR_LOAD", "STATE_BASE_ADDRESS")
                .endsWith("MI_BATCH_BUFFER_END");
        assertThat(d.commands.stream().filter("MI_BATCH_BUFFER_START"::equals)).hasSize(2);
        assertThat(d.comments).contains("driver version: 22.43.24595")
                .anySatisfy(c -> assertThat(c).startsWith("ppgtt: 0x").contains("size: 65536"));
        assertThat(SimulatorDevice.byNumber(device)).map(SimulatorDevice::label).contains(name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"neo-skl.aub.xz, ELSP", "neo-tgllp.aub.xz, ELSQ"})
    void headerAndPacketsOfTheNeoDialect(String capture, String port) throws IOException {
        List<AubHeader> headers = new ArrayList<>();
        List<ContextMemoryProbe> probes = new ArrayList<>();
        AubSummary s = new AubReader().read(CaptureFixtures.decompressed(capture), new AubListener() {
            @Override
            public void header(AubHeader h) {
                headers.add(h);
            }

            @Override
            public void submission(Submission sub, ContextMemory memory) {
                probes.add(new ContextMemoryProbe(memory.pml4(), memory.isMapped(AddressSpace.PPGTT, 0x5595f5088000L)
                        || memory.isMapped(AddressSpace.PPGTT, 0x55ac72124000L)));
            }
        });

        assertThat(s.problems()).isEmpty();
        assertThat(s.dialect()).isEqualTo(Dialect.NEO);
        assertThat(headers).singleElement().satisfies(h -> {
            assertThat(h.fileVersion()).isZero();
            assertThat(h.deviceAbbreviation()).isEmpty();
            assertThat(h.text()).isEqualTo("NEO");
        });
        assertThat(probes).singleElement().satisfies(p -> {
            assertThat(p.pml4()).as("PML4 written in address space 10").isNotZero();
            assertThat(p.batchMapped()).as("first batch reachable through the NEO page tables").isTrue();
        });
        assertThat(s.count(PacketKind.PPGTT_CONTEXT_CREATE)).isEqualTo(port.equals("ELSQ") ? 1 : 0);
        assertThat(s.count(PacketKind.OTHER)).isZero();
    }

    private record ContextMemoryProbe(long pml4, boolean batchMapped) {
    }
}
