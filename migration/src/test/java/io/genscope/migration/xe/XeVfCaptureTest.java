package io.genscope.migration.xe;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.aub.Device;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A VF image opened like a capture: the contexts found in its VRAM through the GGTT packet include
 * every context the capture submitted (with the ring state of its last submission), and each
 * found context's ring walks to the same commands through the image as through the capture's
 * memory (everything the GGTT reaches; batches in the PPGTT are guest memory and unavailable in
 * both). NEO also writes images of contexts it never submits; they are found too.
 */
class XeVfCaptureTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"neo2-lnl", "neo2-ptl"})
    void contextsInVramDecodeAsInTheCapture(String name) throws Exception {
        XeVfCaptureImage.Made[] made = new XeVfCaptureImage.Made[1];
        Path image = XeVfImages.make(name, dir, m -> made[0] = m);
        Spec spec = SpecLoader.builtin(Device.byPciId(made[0].pciId()).orElseThrow().spec());
        ContextMemory[] captured = new ContextMemory[1];
        Map<Long, Submission> last = XeVfImages.lastPerContext(XeVfImages.capture(name), captured);

        XeVfImages.Opened opened = XeVfImages.open(image, spec);
        List<XeVfContexts.Found> found = opened.contexts();
        assertThat(opened.problems()).isEmpty();
        assertThat(opened.info().specName()).isEqualTo(spec.name());
        assertThat(opened.comments()).anySatisfy(c -> assertThat(c).startsWith("Format:           xe SR-IOV VF migration data"));
        assertThat(found).extracting(XeVfContexts.Found::lrca).containsAll(last.keySet());
        int commands = 0;
        for (int i = 0; i < found.size(); i++) {
            Submission fromImage = found.get(i).submission(i);
            Submission s = last.get(found.get(i).lrca());
            if (s != null) {
                assertThat(fromImage.engine()).isEqualTo(s.engine());
                assertThat(List.of(fromImage.ringStart(), fromImage.ringHead(), fromImage.ringTail(), fromImage.ringSize()))
                        .isEqualTo(List.of(s.ringStart(), s.ringHead(), s.ringTail(), s.ringSize()));
            }
            List<String> fromCapture = XeVfImages.walk(spec, XeVfImages.ggttOnly(captured[0]), s != null ? s : fromImage).lines();
            assertThat(opened.walks().get(i).lines()).as("%s context at 0x%x", name, fromImage.lrca()).isEqualTo(fromCapture);
            commands += fromCapture.size();
            System.out.printf("%s: context at 0x%x on %s, ring 0x%x head 0x%x tail 0x%x, %s, %d walk lines%n", name,
                    fromImage.lrca(), fromImage.engine(), fromImage.ringStart(), fromImage.ringHead(), fromImage.ringTail(),
                    s != null ? "submitted in the capture" : "never submitted", fromCapture.size());
        }
        assertThat(commands).isPositive();
        System.out.printf("%s: %d contexts found in VRAM, %d walk lines identical to the capture's%n", name, found.size(),
                commands);
    }
}
