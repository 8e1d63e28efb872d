package io.genscope.migration.xe;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.aub.AubListener;
import io.genscope.parser.aub.AubReader;
import io.genscope.parser.aub.Device;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A VF image made from each bundled Xe2/Xe3 capture is written, read back and walked: every GGTT
 * page reads the same through the image as through the capture, and every context's ring decodes
 * to the same commands (batches are in the PPGTT, which a VF image does not hold).
 */
class XeVfCaptureImageTest {
    private static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"neo2-lnl", "neo2-ptl", "synthetic-bmg"})
    void imageOfACaptureReadsBackAsTheCapture(String name) throws Exception {
        Path capture = FIXTURES.resolve("captures/" + name + ".aub.xz");
        Path image = dir.resolve(name + ".xevf");
        XeVfCaptureImage.Made made;
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            made = XeVfCaptureImage.write(capture, ch, 64 << 10);
        }
        XeVfData data = XeVfReader.read(image);
        assertThat(data.problems()).isEmpty();
        assertThat(data.size()).isEqualTo(made.bytes());
        assertThat(data.descriptor().orElseThrow().deviceId()).hasValue(made.pciId());
        assertThat(data.descriptor().orElseThrow().ggttBase()).hasValue(made.ggttBase());
        assertThat(data.packets(XePacket.Vram.class)).hasSize((made.vramPages() * 4096 + (64 << 10) - 1) / (64 << 10));
        assertThat(made.contexts()).isNotEmpty();
        System.out.printf("%s: PCI 0x%04x, GGTT 0x%x + %d entries, %d VRAM pages, %d contexts, %d bytes%n", name,
                made.pciId(), made.ggttBase(), made.ggttEntries(), made.vramPages(), made.contexts().size(), made.bytes());

        ContextMemory[] captured = new ContextMemory[1];
        new AubReader().read(capture, new AubListener() {
            @Override
            public void submission(Submission s, ContextMemory memoryNow) {
                captured[0] = memoryNow;
            }
        });
        try (XeVfMemory vf = new XeVfMemory(data, made.ggttBase())) {
            int[] a = new int[1024];
            int[] b = new int[1024];
            for (long index : captured[0].ggtt().indices()) {
                long address = index << 12;
                Arrays.fill(a, 0);
                assertThat(captured[0].read(AddressSpace.GGTT, address, a, 0, 1024)).isEqualTo(1024);
                assertThat(vf.read(AddressSpace.GGTT, address, b, 0, 1024)).as("page 0x%x", address).isEqualTo(1024);
                assertThat(b).as("page 0x%x", address).isEqualTo(a);
            }
            Spec spec = SpecLoader.builtin(Device.byPciId(made.pciId()).orElseThrow().spec());
            int commands = 0;
            for (Submission s : made.contexts()) {
                List<String> fromCapture = ring(spec, captured[0], s);
                assertThat(ring(spec, vf, s)).as("%s submission %d", name, s.index()).isEqualTo(fromCapture);
                commands += fromCapture.size();
            }
            assertThat(commands).isPositive();
            System.out.printf("%s: %d GGTT pages and %d ring commands of %d contexts identical through the image%n", name,
                    captured[0].ggtt().entryCount(), commands, made.contexts().size());
        }
    }

    @Test
    void aFileWithoutSubmissionsMakesNoImage() throws Exception {
        Path junk = dir.resolve("junk.aub");
        Files.write(junk, new byte[4096]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XeVfCaptureImage.Made made = XeVfCaptureImage.write(junk, Channels.newChannel(out), 4096);
        assertThat(out.size()).isZero();
        assertThat(made.bytes()).isZero();
        assertThat(made.problems()).anySatisfy(p -> assertThat(p.message()).contains("no VF state to save"));
    }

    /** The ring's own commands (depth 1): address, name and dwords. */
    private static List<String> ring(Spec spec, GpuMemory memory, Submission s) {
        List<String> out = new ArrayList<>();
        new CommandWalker(new Decoder(spec), memory, s.engine(), new WalkListener() {
            @Override
            public void command(Command c, int depth) {
                if (depth == 1) {
                    out.add(String.format("0x%x %s %s", c.address(), c.name(), Arrays.toString(c.dwords())));
                }
            }
        }).walkRing(s);
        return out;
    }
}
