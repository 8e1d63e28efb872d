package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader on real Mesa captures. */
class AubReaderCaptureTest {

    /** Records submissions together with the first ring dwords and the first batch dwords, copied during the callback. */
    static final class Recorder implements AubListener {
        final List<AubHeader> headers = new ArrayList<>();
        final List<Submission> submissions = new ArrayList<>();
        final List<int[]> rings = new ArrayList<>();
        final List<int[]> batches = new ArrayList<>();

        @Override
        public void header(AubHeader header) {
            headers.add(header);
        }

        @Override
        public void submission(Submission s, ContextMemory memory) {
            submissions.add(s);
            int[] ring = new int[4];
            int n = memory.read(AddressSpace.GGTT, s.ringStart() + s.ringHead(), ring, 0, ring.length);
            rings.add(java.util.Arrays.copyOf(ring, n));
            // MI_BATCH_BUFFER_START: dwords 1-2 hold the 48-bit batch address
            long batch = (ring[1] & 0xfffffffcL) | ((long) (ring[2] & 0xffff) << 32);
            int[] first = new int[8];
            int m = memory.read((ring[0] & 0x100) != 0 ? AddressSpace.PPGTT : AddressSpace.GGTT, batch, first, 0, 8);
            batches.add(java.util.Arrays.copyOf(first, m));
        }
    }

    @Test
    void skylakeCapture() throws IOException {
        Recorder r = new Recorder();
        AubSummary s = new AubReader().read(CaptureFixtures.compressed("iris-skl.aub.xz"), r);

        assertThat(s.problems()).isEmpty();
        assertThat(s.pciId()).isEqualTo(0x1912);
        assertThat(s.applicationName()).isEqualTo("scene");
        assertThat(s.dialect()).isEqualTo(Dialect.MESA);
        assertThat(s.bytes()).isEqualTo(s.bytesRead()).isEqualTo(18_174_320L);
        assertThat(s.count(PacketKind.MEMORY_WRITE)).isEqualTo(4434);
        assertThat(s.count(PacketKind.REGISTER_WRITE)).isEqualTo(20);
        assertThat(s.count(PacketKind.REGISTER_POLL)).isEqualTo(4);
        assertThat(s.count(PacketKind.VERSION)).isEqualTo(1);
        assertThat(s.packetCount()).isEqualTo(4459);
        assertThat(s.submissions()).isEqualTo(4).isEqualTo(r.submissions.size());
        assertThat(r.headers).singleElement().satisfies(h -> {
            assertThat(h.device()).map(Device::name).contains("Intel(R) HD Graphics 530 (SKL GT2)");
            assertThat(h.device()).map(Device::spec).contains("gen9");
        });

        Submission first = r.submissions.get(0);
        assertThat(first.index()).isZero();
        assertThat(first.engine()).isEqualTo(Engine.RENDER);
        assertThat(first.descriptor()).isEqualTo(0x2339L);
        assertThat(first.lrca()).isEqualTo(0x2000L);
        assertThat(first.ringSize()).isEqualTo(4096);
        assertThat(first.pml4()).isZero(); // Mesa's writer puts the PML4 at physical 0
        assertThat(r.rings.get(0)).hasSize(4).startsWith(0x18800101);
        // the batch the ring starts is mapped through the PPGTT and begins with a real command
        assertThat(r.batches.get(0)).hasSize(8);
        assertThat(r.batches.get(0)[0]).isEqualTo(0x7a000004); // PIPE_CONTROL, as aubinator shows
        assertThat(r.submissions).extracting(Submission::engine).containsOnly(Engine.RENDER);
        assertThat(r.submissions).extracting(Submission::index).containsExactly(0, 1, 2, 3);
    }

    @Test
    void tigerLakeCapture() throws IOException {
        Recorder r = new Recorder();
        AubSummary s = new AubReader().read(CaptureFixtures.compressed("iris-tgl.aub.xz"), r);

        assertThat(s.problems()).isEmpty();
        assertThat(s.pciId()).isEqualTo(0x9a49);
        assertThat(s.applicationName()).isEqualTo("scene");
        assertThat(Device.byPciId(s.pciId())).map(Device::name).contains("Intel(R) Xe Graphics (TGL GT2)");
        assertThat(s.submissions()).isEqualTo(4);
        Submission first = r.submissions.get(0);
        assertThat(first.engine()).isEqualTo(Engine.RENDER);
        assertThat(r.rings.get(0)).startsWith(0x18800101);
        assertThat(r.batches.get(0)).startsWith(0x7a000004);
    }
}
