package io.genscope.rewriter.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.rewriter.Finding;
import io.genscope.rewriter.RemapReport;
import io.genscope.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A mediator must not refuse a real driver's stream: the strict audit finds nothing in the
 * privileged buffers (rings, GGTT batches, indirect contexts) of the real captures, so
 * {@code remap --strict} still writes them.
 */
class CaptureAuditTest {

    @ParameterizedTest
    @ValueSource(strings = {"iris-bdw", "iris2-bdw", "iris-skl", "iris-icl", "iris-tgl", "iris2-tgl", "iris-dg2",
            "iris2-dg2", "anv-tgl", "anv-chain-tgl", "neo-skl", "neo-tgllp", "neo-dg1", "neo-dg1-sysmem", "neo-dg2",
            "neo-pvc", "neo2-mtl", "neo2-lnl", "neo2-ptl"})
    void realCapturesHaveNoAuditFinding(String name) throws IOException {
        Path in = CaptureRemapTest.FIXTURES.resolve(name + ".aub.xz");
        Assumptions.assumeTrue(Files.exists(in), in + " is not here");
        io.genscope.spec.Spec forced = switch (name) {
            case "neo-skl" -> SpecLoader.builtin("gen9");
            case "neo-tgllp", "neo-dg1", "neo-dg1-sysmem" -> SpecLoader.builtin("gen12");
            case "neo-dg2", "neo-pvc", "neo2-mtl" -> SpecLoader.builtin("gen125");
            case "neo2-lnl" -> SpecLoader.builtin("gen20");
            case "neo2-ptl" -> SpecLoader.builtin("gen30");
            default -> null;
        };
        AubRemapper.Result r = new AubRemapper(CaptureRemapTest.MAP, forced).preview(in);
        RemapReport report = r.report();
        Map<String, Integer> kinds = new TreeMap<>();
        for (Finding f : report.findings()) {
            kinds.merge(f.kind().label(), 1, Integer::sum);
        }
        System.out.printf("audit %-15s %-7s GGTT buffers %d, commands %d, PPGTT buffers %d, audit findings %d,"
                + " findings %s%n", name, r.spec() == null ? "-" : r.spec().name(), report.ggttBuffers(),
                report.commands(), report.ppgttBuffers(), report.auditCount(), kinds);
        report.findings().stream().limit(20).forEach(f ->
                System.out.printf("  %s 0x%x %s %s: %s%n", f.kind().label(), f.address(), f.engine(), f.command(),
                        f.message()));
        assertThat(r.spec()).isNotNull();
        assertThat(report.auditCount()).as(name + " audit findings").isZero();
    }
}
