package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.spec.Engine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the reader names the device of a file without a PCI ID, and the engine layout that follows. */
class NeoDialectTest {

    private static final class Log implements AubListener {
        final List<AubHeader> headers = new ArrayList<>();
        final List<Submission> submissions = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();

        @Override
        public void header(AubHeader header) {
            headers.add(header);
        }

        @Override
        public void submission(Submission s, ContextMemory memoryNow) {
            submissions.add(s);
        }

        @Override
        public void problem(Problem problem) {
            problems.add(problem);
        }
    }

    private static Log read(AubBuilder b) {
        Log log = new Log();
        new AubReader().read(b.mapped(), log);
        return log;
    }

    private static AubHeader header(int device, String abbreviation, String text) {
        return read(new AubBuilder().version(device, abbreviation, text)).headers.get(0);
    }

    @Test
    void theDeviceNumberNamesTheProduct() {
        AubHeader skl = header(12, "", "NEO");
        assertThat(skl.dialect()).isEqualTo(Dialect.NEO);
        assertThat(skl.specName()).isEqualTo("gen9");
        assertThat(skl.deviceName()).isEqualTo("Skylake (skl, AUB device 12)");

        assertThat(header(22, "", "NEO").specName()).isEqualTo("gen12");
        assertThat(header(19, "", "NEO").specName()).isEqualTo("gen11");
        assertThat(header(11, "", "NEO").specName()).isEqualTo("gen8");
    }

    @Test
    void theAbbreviationWinsOverTheNumber() {
        AubHeader h = header(12, "tgllp", "NEO");
        assertThat(h.deviceAbbreviation()).isEqualTo("tgllp");
        assertThat(h.specName()).isEqualTo("gen12");
        assertThat(h.deviceName()).isEqualTo("Tiger Lake LP (tgllp, AUB device 22)");
        // an abbreviation genscope does not know falls back to the number
        assertThat(header(19, "xyz", "NEO").specName()).isEqualTo("gen11");
    }

    @Test
    void unknownProductsAndProductsWithoutSpec() {
        AubHeader unknown = header(99, "", "NEO");
        assertThat(unknown.specName()).isNull();
        assertThat(unknown.deviceName()).isEmpty();
        assertThat(header(15, "", "NEO").specName()).as("Cannon Lake (gen10) has no built-in spec").isNull();
    }

    @Test
    void aKnownPciIdWinsAnUnknownOneFallsBackToTheProduct() {
        AubHeader mesa = header(22, "", "PCI-ID=0x1912 app");
        assertThat(mesa.dialect()).isEqualTo(Dialect.MESA);
        assertThat(mesa.specName()).isEqualTo("gen9");
        assertThat(mesa.deviceName()).isEqualTo("Intel(R) HD Graphics 530 (SKL GT2)");

        AubHeader newer = header(22, "", "PCI-ID=0xffff app");
        assertThat(newer.pciId()).isEqualTo(0xffff);
        assertThat(newer.specName()).isEqualTo("gen12");
    }

    @Test
    void lookupsAcceptAbbreviationsAndPlatformNames() {
        assertThat(SimulatorDevice.byAbbreviation(" TGLLP ")).map(SimulatorDevice::number).contains(22);
        assertThat(SimulatorDevice.byAbbreviation("icl")).map(SimulatorDevice::abbreviation).contains("icllp");
        assertThat(SimulatorDevice.byAbbreviation("")).isEmpty();
        assertThat(SimulatorDevice.all()).extracting(SimulatorDevice::number).doesNotHaveDuplicates();
        assertThat(SimulatorDevice.all()).filteredOn(d -> d.spec() != null)
                .allSatisfy(d -> assertThat(Device.specForPlatform(d.spec())).contains(d.spec()));
    }

    /** Base 0x1A000 is the video enhancement engine up to gen11 and the compute engine on gen12. */
    @Test
    void base1A000IsComputeOnGen12() {
        Log gen12 = read(GpuScenario.submitElsq(GpuScenario.setUp(new AubBuilder().version(22, "", "NEO")), 0x1A000));
        Log gen11 = read(GpuScenario.submitElsq(GpuScenario.setUp(new AubBuilder().version(19, "", "NEO")), 0x1A000));
        Log none = read(GpuScenario.submitElsp(GpuScenario.setUp(new AubBuilder()), 0x1A000));

        assertThat(gen12.submissions).extracting(Submission::engine).containsExactly(Engine.COMPUTE);
        assertThat(gen11.submissions).extracting(Submission::engine).containsExactly(Engine.VIDEOENHANCE);
        assertThat(none.submissions).extracting(Submission::engine).containsExactly(Engine.VIDEOENHANCE);
        // the gen12 media bases
        Log media = read(GpuScenario.submitElsq(GpuScenario.setUp(new AubBuilder().version(22, "", "NEO")), 0x1C0000));
        assertThat(media.submissions).extracting(Submission::engine).containsExactly(Engine.VIDEO);
    }

    /** NEO's PPGTT context-create packet (classic sub-opcode 0x14, 11 dwords) is known and skipped quietly. */
    @Test
    void ppgttContextCreateIsNoProblem() {
        AubBuilder b = new AubBuilder().version(22, "", "NEO")
                .raw(0xE0940009, 0x718c1c2c, 2, 0x20000000, 0, 0, 0, 0, 0, 0, 0).comment("after");
        Log log = new Log();
        AubSummary s = new AubReader().read(b.mapped(), log);
        assertThat(log.problems).isEmpty();
        assertThat(s.count(PacketKind.PPGTT_CONTEXT_CREATE)).isEqualTo(1);
        assertThat(s.count(PacketKind.COMMENT)).isEqualTo(1);
    }
}
